#pragma once

// Checks that a package is declared as the reference declares it (header-only, like program.h): its native
// elements and the treatments of its embedded .mel areas, each written as a one-line signature compared with
// the one read from the reference.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "frontend/sema/check.h"
#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "tests/unit/packages/testing/program.h"

namespace mel::packages::testing {

inline std::string ports_text(const std::vector<Port>& ports)
{
    std::string out;
    for (const Port& p : ports)
        out += (out.empty() ? "" : ", ") + p.name + ": " + std::string(flow_name(p.flow)) + "<" +
               p.type.to_string() + ">";
    return out;
}

/// `name(var p: T = default, …) in(port: Flow<T>, …) out(…)`.
inline std::string signature(const TreatmentDescriptor& t)
{
    std::string out = t.id.name + "(";
    for (std::size_t i = 0; i < t.parameters.size(); ++i) {
        const Parameter& p = t.parameters[i];
        out += std::string(i ? ", " : "") + (p.variability == Variability::Var ? "var " : "const ") + p.name +
               ": " + p.type.to_string();
        if (p.default_value)
            out += " = " + display(*p.default_value);
    }
    return out + ") in(" + ports_text(t.inputs) + ") out(" + ports_text(t.outputs) + ")";
}

/// `|name(p: T, …) -> R`.
inline std::string signature(const FunctionDescriptor& f)
{
    std::string out = f.id.name + "(";
    for (std::size_t i = 0; i < f.parameters.size(); ++i)
        out += (i ? ", " : "") + f.parameters[i].name + ": " + f.parameters[i].type.to_string();
    return out + ") -> " + f.return_type.to_string();
}

/// Checks that the native elements of `package` in `registry`, data types aside, are those of `expected`
/// (identifier → signature), each with these signatures, documented and with a body.
inline void check_native_signatures(const Registry& registry, const std::string& package,
                                    const std::map<std::string, std::string>& expected)
{
    std::size_t natives = 0;
    for (const Element* e : registry.elements())
        if (e->id().path.front() == package && e->kind != ElementKind::DataType)
            ++natives;
    CHECK(natives == expected.size());
    for (const auto& [id, signature_text] : expected) {
        CAPTURE(id);
        const Element* e = registry.find(*Identifier::parse(id));
        REQUIRE(e != nullptr);
        CHECK(e->has_body());
        CHECK(!e->doc().empty());
        if (e->kind == ElementKind::Function)
            CHECK(signature(*e->function) == signature_text);
        else
            CHECK(signature(*e->treatment) == signature_text);
    }
}

/// Checks that the embedded .mel areas of `package` in `registry` are `areas`, that they check without a
/// diagnostic, and that they declare the treatments of `expected` (identifier → signature), documented and
/// with these signatures.
inline void check_mel_signatures(const Registry& registry, const std::string& package,
                                 const std::vector<std::string>& areas,
                                 const std::map<std::string, std::string>& expected)
{
    std::vector<std::string> embedded;
    for (const auto& [path, text] : registry.mel_areas())
        if (path.rfind(package + "/", 0) == 0)
            embedded.push_back(path);
    CHECK(embedded == areas);

    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    auto program = frontend::check_native_areas(registry, sources, diags);
    REQUIRE(program != nullptr);
    INFO(render(sources, diags));
    CHECK(diags.empty());
    for (const auto& [id, signature_text] : expected) {
        CAPTURE(id);
        const Element* e = program->find(*Identifier::parse(id));
        REQUIRE(e != nullptr);
        REQUIRE(e->kind == ElementKind::Treatment);
        CHECK(!e->doc().empty());
        CHECK(signature(*e->treatment) == signature_text);
    }
}

} // namespace mel::packages::testing
