#pragma once

#include <optional>
#include <string>
#include <vector>

#include "frontend/diag/diagnostics.h"
#include "frontend/sema/program.h"
#include "runtime/model/design.h"

namespace mel::frontend::sema {

/// What names mean where a type or a value is written: the area (its `use` aliases), the host
/// element (its generics, parameters and required contexts) and its identifier for messages.
struct Scope {
    const Program& program;
    const Area& area;
    std::string host;                                         // `pkg/area::name`
    const std::vector<GenericParameter>* generics = nullptr;  // host treatment's generics
    const std::vector<Parameter>* parameters = nullptr;       // host's parameters (null: none visible)
    const std::vector<Identifier>* contexts = nullptr;        // host treatment's `require` list
};

/// A written type with its flow (language.md §4.4).
struct ResolvedType {
    Flow flow = Flow::Block;
    bool flow_written = false; // `Block<…>` or `Stream<…>` was written
    Type type;
};

enum class TypePosition {
    Declaration, // parameters, ports: an unknown name is a generic (warned when undeclared)
    GenericArgument, // `<…>` at a use site: an unknown name is D0228, reported by the caller
};

/// Resolves `levels` (§4.4): flow, Option/Vec wrappers, core types, data types through `use`,
/// generic names. Reports S0177 and S0181; returns nullopt when the type is unusable.
std::optional<ResolvedType> resolve_type(const ast::TypeExpr&, const Scope&, TypePosition, Diagnostics&);

/// The first generic leaf name of `type` that the scope's generics do not declare, if any.
std::optional<std::string> undeclared_generic(const Type& type, const Scope&);

/// A generic argument at a use site (§4.8): no traits (S0178), no flow (S0168), a known type or a
/// host generic (D0228), satisfying the callee generic's traits (`unsatisfied`: D0222 or D0223).
std::optional<Type> resolve_generic_argument(const ast::GenericArg&, const Scope&, const GenericParameter& callee_generic,
                                             const std::string& callee, DiagId unsatisfied, Diagnostics&);

/// Whether `type` implements `trait`; a host generic does when the host declared the trait on it.
bool satisfies(const Type& type, Trait trait, const Scope&);

/// Where a value is written, for messages and for the reference's per-position rules.
struct ValueSite {
    enum class Kind { Default, Instantiation, ModelAssignment, FunctionArgument };
    Kind kind = Kind::Instantiation;
    std::string callee;    // identifier of the element whose parameter receives the value
    std::string parameter; // that parameter
    ast::Name word;        // the design reference word (the parameter name as written)
};

/// Checks `value` against `expected` (§4.6) and returns its checked form with its variability
/// (§4.7). Every problem is reported; nullopt when the value is unusable.
std::optional<ValueExpr> check_value(const ast::Value& value, const Type& expected, const Scope&,
                                     const ValueSite&, Diagnostics&);

/// A self-contained value (a program argument given with `--parse-arguments`, language.md §6.7) converted to
/// `expected` with the literal rules of §4.6, as a default is: names, functions and contexts cannot be
/// evaluated. On failure, S0154 is reported and nullopt returned.
std::optional<Value> literal_value(const ast::Value& value, const Type& expected, Diagnostics&);

/// Reports D0196/D0199/D0202 when a var value feeds a const parameter (§4.7).
void check_variability(const ValueExpr&, const ast::Value&, Variability expected, const Scope&, const ValueSite&,
                       Diagnostics&);

/// `u8 (u8)`, `StringMap (data type std/data/string_map::StringMap)` — how D messages print types.
std::string type_with_detail(const Type&);

/// The source place of a range, for run-time messages.
SourcePlace place_of(const SourceManager&, SourceRange);

} // namespace mel::frontend::sema
