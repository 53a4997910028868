// The REPL's `:graph NAME` listing: the host's ports and header models, the instances with their
// treatment, generics, model slots and parameters, the connections with their flow and type, and
// the problems (unconnected or overloaded inputs, mistyped connections) marked `!` (red on a TTY).
#include <algorithm>

#include <fmt/format.h>

#include "cli/graph/graph.h"
#include "runtime/model/term.h"

namespace mel::cli::graph {

namespace {

std::string end_text(const std::string& instance, const std::string& port)
{
    return (instance.empty() ? std::string("Self") : instance) + "." + port;
}

std::string call_text(const GraphNode& n)
{
    std::string out = n.type;
    if (!n.models.empty()) {
        out += "[";
        for (std::size_t i = 0; i < n.models.size(); ++i)
            out += (i ? ", " : "") + n.models[i].first + " = " + n.models[i].second;
        out += "]";
    }
    out += "(";
    for (std::size_t i = 0; i < n.parameters.size(); ++i)
        out += (i ? ", " : "") + n.parameters[i].first + " = " + n.parameters[i].second;
    return out + ")";
}

std::string pad(std::string text, std::size_t width)
{
    if (text.size() < width)
        text.append(width - text.size(), ' ');
    return text;
}

} // namespace

std::string render_ascii(const Graph& graph, bool colour)
{
    const auto red = [&](const std::string& text) { return term::paint(text, term::Style::BoldRed, colour); };
    std::string out = graph.title + "\n";
    for (const auto& n : graph.nodes) {
        if (n.kind == GraphNode::Kind::SelfInputs)
            for (const auto& p : n.outputs)
                out += fmt::format("  input  {}: {}\n", p.name, p.type_text());
        if (n.kind == GraphNode::Kind::SelfOutputs)
            for (const auto& p : n.inputs)
                out += fmt::format("  output {}: {}\n", p.name, p.type_text());
    }
    for (const auto& m : graph.models) {
        std::string params;
        for (const auto& [name, value] : m.parameters)
            params += (params.empty() ? "" : ", ") + name + " = " + value;
        out += fmt::format("  model  {}: {}({})\n", m.name, m.type, params);
    }

    std::size_t name_width = 0;
    for (const auto& n : graph.nodes)
        if (n.kind == GraphNode::Kind::Instance)
            name_width = std::max(name_width, n.name.size());
    out += "instances\n";
    bool any = false;
    for (const auto& n : graph.nodes)
        if (n.kind == GraphNode::Kind::Instance) {
            out += "  " + pad(n.name, name_width) + "  " + call_text(n) + "\n";
            any = true;
        }
    if (!any)
        out += "  (none)\n";

    std::size_t from_width = 0, to_width = 0;
    for (const auto& e : graph.edges) {
        from_width = std::max(from_width, end_text(e.from, e.output).size());
        to_width = std::max(to_width, end_text(e.to, e.input).size());
    }
    out += "connections\n";
    for (const auto& e : graph.edges) {
        const std::string line = pad(end_text(e.from, e.output), from_width) + " -> " +
                                 pad(end_text(e.to, e.input), to_width) + "  ";
        if (e.mistyped)
            out += red("! " + line + e.problem) + "\n";
        else
            out += "  " + line + e.type_text() + "\n";
    }
    if (graph.edges.empty())
        out += "  (none)\n";

    std::string problems;
    for (const auto& n : graph.nodes) {
        if (n.kind == GraphNode::Kind::SelfInputs)
            continue;
        const std::string owner = n.kind == GraphNode::Kind::SelfOutputs ? "Self" : n.name;
        const char* what = n.kind == GraphNode::Kind::SelfOutputs ? "output" : "input";
        for (const auto& p : n.inputs) {
            if (p.missing || p.incoming == 1)
                continue;
            const std::string state =
                p.incoming == 0 ? "is not connected" : fmt::format("has {} incoming connections", p.incoming);
            problems += red(fmt::format("! {} {}.{}: {} {}", what, owner, p.name, p.type_text(), state)) + "\n";
        }
    }
    if (!problems.empty())
        out += "problems\n" + problems;
    return out;
}

} // namespace mel::cli::graph
