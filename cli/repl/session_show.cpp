// `:info`, `:graph` and `:eval` of the REPL session.
#include <fmt/format.h>

#include "cli/entry_help.h"
#include "cli/graph/graph.h"
#include "cli/repl/session.h"
#include "runtime/model/signature_text.h"
#include "runtime/model/term.h"

namespace mel::cli::repl {

namespace {

std::string port_line(const char* keyword, const Port& p)
{
    return fmt::format("  {:<7}{}: {}<{}>\n", keyword, p.name, flow_name(p.flow), p.type.to_string());
}

/// The documentation, indented, without leading or trailing blank lines (the lines of cli/entry_help.h).
std::string doc_text(const std::string& doc)
{
    std::string out;
    for (const auto& line : doc_lines(doc))
        out += line.empty() ? "\n" : "  " + line + "\n";
    return out;
}

std::string treatment_text(const TreatmentDescriptor& t)
{
    std::string out = "treatment " + t.id.to_string() + generics_text(t.generics) + "\n";
    for (const auto& m : t.models)
        out += fmt::format("  {:<7}{}: {}\n", "model", m.name, m.model->id.to_string());
    for (const auto& p : t.parameters)
        out += fmt::format("  {:<7}{}\n", "param", parameter_text(p));
    for (const auto& c : t.contexts)
        out += fmt::format("  {:<7}{}\n", "require", c.to_string());
    for (const auto& p : t.inputs)
        out += port_line("input", p);
    for (const auto& p : t.outputs)
        out += port_line("output", p);
    if (t.source_from)
        out += fmt::format("  source {} of model slot {}\n", t.source_from->second, t.source_from->first);
    return out;
}

std::string model_text(const ModelDescriptor& m)
{
    std::string out = "model " + m.id.to_string() + "\n";
    if (m.base)
        out += fmt::format("  {:<7}{}\n", "base", m.base->id.to_string());
    for (const auto& p : m.parameters)
        out += fmt::format("  {:<7}{}\n", "param", parameter_text(p));
    for (const auto& s : m.sources) {
        out += fmt::format("  {:<7}{}", "source", s.name);
        for (const auto& c : s.contexts)
            out += " require " + c.to_string();
        out += "\n";
        for (const auto& p : s.outputs)
            out += "  " + port_line("output", p);
    }
    return out;
}

} // namespace

std::string element_text(const Element& e)
{
    std::string out;
    switch (e.kind) {
    case ElementKind::Treatment: out = treatment_text(*e.treatment); break;
    case ElementKind::Model: out = model_text(*e.model); break;
    case ElementKind::Function: {
        const FunctionDescriptor& f = *e.function;
        out = "function " + f.id.to_string() + generics_text(f.generics) + "(";
        for (std::size_t i = 0; i < f.parameters.size(); ++i)
            out += (i ? ", " : "") + f.parameters[i].name + ": " + f.parameters[i].type.to_string();
        out += ") -> " + f.return_type.to_string() + "\n";
        break;
    }
    case ElementKind::Context:
        out = "context " + e.context->id.to_string() + "\n";
        for (const auto& [name, type] : e.context->fields)
            out += fmt::format("  {:<7}{}: {}\n", "field", name, type.to_string());
        break;
    case ElementKind::DataType: {
        out = "data " + e.data_type->id.to_string() + "\n";
        const std::string traits = trait_list_text(e.data_type->traits);
        if (!traits.empty())
            out += fmt::format("  {:<7}{}\n", "traits", traits);
        break;
    }
    }
    if (!e.has_body())
        out += "  (declared, without an implementation in this build)\n";
    const std::string doc = doc_text(e.doc());
    if (!doc.empty())
        out += "\n" + doc;
    return out;
}

bool Session::show_info(const std::string& name)
{
    std::string problem;
    const Element* element = resolve(name, problem);
    if (!element) {
        term::status_line(stderr, "error", problem);
        return false;
    }
    const std::string text = element_text(*element);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return true;
}

bool Session::show_graph(const std::vector<std::string>& args)
{
    const std::string format = args.size() > 1 ? args[1] : "ascii";
    if (format != "ascii" && format != "dot" && format != "mermaid") {
        term::status_line(stderr, "error", fmt::format("unknown graph format '{}' (ascii, dot or mermaid)", format));
        return false;
    }
    std::string problem;
    const Element* element = resolve(args[0], problem);
    if (element && element->kind != ElementKind::Treatment)
        problem = fmt::format("'{}' is a {}, not a treatment", args[0], element_kind_name(element->kind));
    if (element && element->kind == ElementKind::Treatment && element->treatment->is_native())
        problem = fmt::format("'{}' is a native treatment: it has no body to draw (:info shows its ports)",
                              element->id().to_string());
    if (!element || element->kind != ElementKind::Treatment || element->treatment->is_native()) {
        term::status_line(stderr, "error", problem);
        return false;
    }
    const graph::Graph drawn = graph::build_graph(*element->treatment);
    const std::string text = format == "dot"       ? graph::render_dot(drawn)
                             : format == "mermaid" ? graph::render_mermaid(drawn)
                                                   : graph::render_ascii(drawn, m_options.colour_out);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return true;
}

bool Session::evaluate(const std::string& text)
{
    return evaluate_value(text, m_checked, m_options);
}

} // namespace mel::cli::repl
