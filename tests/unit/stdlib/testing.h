#pragma once

// Helpers for the std unit tests (header-only: the test binary globs *_test.cpp): the registry filled by
// register_std, calls of registered functions, and signatures rendered in the notation of
// reference/std.md so that tests compare them with the catalogue.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "stdlib/register.h"

namespace mel::stdlib::testing {

/// A registry holding std only, built once.
inline const Registry& std_registry()
{
    static const Registry registry = [] {
        Registry r;
        register_std(r);
        return r;
    }();
    return registry;
}

inline const Element& element(std::string_view id)
{
    auto parsed = Identifier::parse(id);
    REQUIRE_MESSAGE(parsed.has_value(), id);
    const Element* found = std_registry().find(*parsed);
    REQUIRE_MESSAGE(found != nullptr, id);
    return *found;
}

inline const TreatmentDescriptor& treatment(std::string_view id)
{
    const Element& e = element(id);
    REQUIRE_MESSAGE(e.kind == ElementKind::Treatment, id);
    return *e.treatment;
}

inline const FunctionDescriptor& function(std::string_view id)
{
    const Element& e = element(id);
    REQUIRE_MESSAGE(e.kind == ElementKind::Function, id);
    return *e.function;
}

/// Calls the body of function `id` (which must have one).
inline Result<Value> call(std::string_view id, std::vector<Value> args, std::vector<Type> generics = {})
{
    const FunctionDescriptor& f = function(id);
    REQUIRE_MESSAGE(static_cast<bool>(f.body), id);
    return f.body(generics, args);
}

/// Same, requiring success.
inline Value call_ok(std::string_view id, std::vector<Value> args, std::vector<Type> generics = {})
{
    auto result = call(id, std::move(args), std::move(generics));
    REQUIRE_MESSAGE(result.ok(), id);
    return std::move(result).value();
}

inline std::string generics_text(const std::vector<GenericParameter>& generics)
{
    if (generics.empty())
        return {};
    std::string out = "<";
    for (std::size_t i = 0; i < generics.size(); ++i) {
        out += (i ? ", " : "") + generics[i].name;
        for (std::size_t t = 0; t < generics[i].traits.size(); ++t)
            out += std::string(t ? " + " : ": ") + std::string(trait_name(generics[i].traits[t]));
    }
    return out + ">";
}

inline std::string ports_text(const std::vector<Port>& ports)
{
    std::string out;
    for (const Port& p : ports)
        out += (out.empty() ? "" : ", ") + p.name + ": " + std::string(flow_name(p.flow)) + "<" +
               p.type.to_string() + ">";
    return out;
}

/// `name<T: A + B>[m: Model](var p: T = default) in(x: Stream<T>) out(y: Block<void>)`
inline std::string signature(const TreatmentDescriptor& t)
{
    std::string out = t.id.name + generics_text(t.generics);
    if (!t.models.empty()) {
        out += "[";
        for (std::size_t i = 0; i < t.models.size(); ++i)
            out += (i ? ", " : "") + t.models[i].name + ": " + t.models[i].model->id.name;
        out += "]";
    }
    out += "(";
    for (std::size_t i = 0; i < t.parameters.size(); ++i) {
        const Parameter& p = t.parameters[i];
        out += std::string(i ? ", " : "") + (p.variability == Variability::Var ? "var " : "const ") + p.name +
               ": " + p.type.to_string();
        if (p.default_value)
            out += " = " + display(*p.default_value);
    }
    out += ") in(" + ports_text(t.inputs) + ") out(" + ports_text(t.outputs) + ")";
    return out;
}

/// `|name<N: Add>(a: N, b: N) -> N`
inline std::string signature(const FunctionDescriptor& f)
{
    std::string out = f.id.name + generics_text(f.generics) + "(";
    for (std::size_t i = 0; i < f.parameters.size(); ++i)
        out += (i ? ", " : "") + f.parameters[i].name + ": " + f.parameters[i].type.to_string();
    return out + ") -> " + f.return_type.to_string();
}

} // namespace mel::stdlib::testing
