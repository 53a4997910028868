#include "runtime/model/signature_text.h"

#include "runtime/model/value_format.h"

namespace mel {

std::string generics_text(const std::vector<GenericParameter>& generics)
{
    if (generics.empty())
        return {};
    std::string out = "<";
    for (std::size_t i = 0; i < generics.size(); ++i) {
        if (i)
            out += ", ";
        out += generics[i].name;
        for (std::size_t t = 0; t < generics[i].traits.size(); ++t)
            out += std::string(t ? " + " : ": ") + std::string(trait_name(generics[i].traits[t]));
    }
    return out + ">";
}

std::string parameter_text(const Parameter& p)
{
    std::string out = p.variability == Variability::Const ? "const " : "var ";
    out += p.name + ": " + p.type.to_string();
    if (p.default_value)
        out += " = " + literal(*p.default_value); // one line: a string is always quoted
    return out;
}

namespace {

std::string parameters_text(const std::vector<Parameter>& parameters)
{
    std::string out = "(";
    for (std::size_t i = 0; i < parameters.size(); ++i)
        out += (i ? ", " : "") + parameter_text(parameters[i]);
    return out + ")";
}

std::string ports_text(const char* keyword, const std::vector<Port>& ports)
{
    std::string out;
    for (const auto& port : ports)
        out += std::string(" ") + keyword + " " + port.name + ": " + std::string(flow_name(port.flow)) + "<" +
               port.type.to_string() + ">";
    return out;
}

} // namespace

std::string signature_text(const Element& e)
{
    switch (e.kind) {
    case ElementKind::Treatment: {
        const TreatmentDescriptor& t = *e.treatment;
        std::string out = "treatment " + t.id.name + generics_text(t.generics);
        if (!t.models.empty()) {
            out += "[";
            for (std::size_t i = 0; i < t.models.size(); ++i)
                out += (i ? ", " : "") + t.models[i].name + ": " + t.models[i].model->id.name;
            out += "]";
        }
        out += parameters_text(t.parameters);
        for (const auto& c : t.contexts)
            out += " require " + c.name;
        return out + ports_text("input", t.inputs) + ports_text("output", t.outputs);
    }
    case ElementKind::Model: {
        const ModelDescriptor& m = *e.model;
        std::string out = "model " + m.id.name + parameters_text(m.parameters);
        if (m.base)
            out += " : " + m.base->id.to_string();
        for (const auto& s : m.sources)
            out += " source " + s.name + ports_text("output", s.outputs);
        return out;
    }
    case ElementKind::Function: {
        const FunctionDescriptor& f = *e.function;
        std::string out = "function " + f.id.name + generics_text(f.generics) + "(";
        for (std::size_t i = 0; i < f.parameters.size(); ++i)
            out += (i ? ", " : "") + f.parameters[i].name + ": " + f.parameters[i].type.to_string();
        return out + ") -> " + f.return_type.to_string();
    }
    case ElementKind::Context: {
        std::string out = "context " + e.context->id.name + " {";
        for (std::size_t i = 0; i < e.context->fields.size(); ++i)
            out += (i ? ", " : " ") + e.context->fields[i].first + ": " + e.context->fields[i].second.to_string();
        return out + " }";
    }
    case ElementKind::DataType: {
        std::string out = "data " + e.data_type->id.name;
        const std::string traits = trait_list_text(e.data_type->traits);
        return traits.empty() ? out : out + ": " + traits;
    }
    }
    return {};
}

} // namespace mel
