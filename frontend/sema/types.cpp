// Written types (language.md §4.4).
#include <algorithm>

#include "frontend/sema/scope.h"
#include "frontend/sema/suggestions.h"

namespace mel::frontend::sema {

namespace {

bool declares_generic(const Scope& scope, const std::string& name)
{
    return scope.generics && std::any_of(scope.generics->begin(), scope.generics->end(),
                                         [&](const GenericParameter& g) { return g.name == name; });
}

} // namespace

std::optional<ResolvedType> resolve_type(const ast::TypeExpr& written, const Scope& scope, TypePosition position,
                                         Diagnostics& diags)
{
    const auto& levels = written.levels;
    if (levels.empty())
        return std::nullopt;
    ResolvedType result;
    std::size_t first = 0;
    if (levels.size() > 1 && (levels[0].text == "Block" || levels[0].text == "Stream")) {
        result.flow = levels[0].text == "Block" ? Flow::Block : Flow::Stream;
        result.flow_written = true;
        first = 1;
    }

    std::vector<Type::Wrapper> wrappers;
    std::optional<Type> leaf;
    for (std::size_t i = first; i < levels.size() && !leaf; ++i) {
        const ast::Name& level = levels[i];
        if (level.text == "Vec" || level.text == "Option") {
            if (i + 1 == levels.size()) {
                diags.report(DiagId::InvalidStructure, level.range).arg(level.text);
                return std::nullopt;
            }
            wrappers.push_back(level.text == "Vec" ? Type::Wrapper::Vec : Type::Wrapper::Option);
            continue;
        }
        // A core name ends the type; anything written after it is ignored (quirk, §4.4).
        if (auto core = core_type_from_name(level.text)) {
            leaf = Type::core(*core);
            break;
        }
        if (!declares_generic(scope, level.text)) {
            auto alias = scope.area.aliases.find(level.text);
            if (alias != scope.area.aliases.end()) {
                const Element* element = scope.program.find(alias->second);
                if (!element)
                    return std::nullopt; // the `use` itself was reported at load time
                if (element->kind != ElementKind::DataType) {
                    diags.report(DiagId::NotADataType, level.range).arg(level.text);
                    return std::nullopt;
                }
                leaf = Type::data(element->data_type->ref());
                break;
            }
            if (position == TypePosition::Declaration) {
                auto report = diags.report(DiagId::UndeclaredGeneric, level.range);
                report.arg(level.text).arg(scope.host);
                explain_unknown_type(report, scope, level.text);
            }
        }
        leaf = Type::generic(level.text);
    }
    if (!leaf)
        return std::nullopt;
    for (auto w = wrappers.rbegin(); w != wrappers.rend(); ++w)
        leaf = *w == Type::Wrapper::Vec ? Type::vec(*leaf) : Type::option(*leaf);
    result.type = *leaf;
    return result;
}

std::optional<std::string> undeclared_generic(const Type& type, const Scope& scope)
{
    if (!type.contains_generic() || declares_generic(scope, type.generic_name()))
        return std::nullopt;
    return type.generic_name();
}

bool satisfies(const Type& type, Trait trait, const Scope& scope)
{
    if (type.is_generic()) {
        if (!scope.generics)
            return false;
        for (const auto& g : *scope.generics)
            if (g.name == type.generic_name())
                return std::find(g.traits.begin(), g.traits.end(), trait) != g.traits.end();
        return false;
    }
    if (!type.wrappers().empty() && type.contains_generic()) {
        const bool outer_vec = type.is_vec();
        if (trait == Trait::Vec || trait == Trait::Option)
            return (trait == Trait::Vec) == outer_vec;
        if (trait == Trait::Hash || trait == Trait::Serialize || trait == Trait::Deserialize || trait == Trait::Display)
            return satisfies(type.inner(), trait, scope);
        return false;
    }
    return type.implements(trait);
}

std::optional<Type> resolve_generic_argument(const ast::GenericArg& arg, const Scope& scope,
                                             const GenericParameter& callee_generic, const std::string& callee,
                                             DiagId unsatisfied, Diagnostics& diags)
{
    const ast::Name& first = arg.type.levels.front();
    if (!arg.traits.empty()) {
        diags.report(DiagId::GenericArgumentTraits, first.range).arg(first.text);
        return std::nullopt;
    }
    auto resolved = resolve_type(arg.type, scope, TypePosition::GenericArgument, diags);
    if (!resolved)
        return std::nullopt;
    if (resolved->flow_written) {
        diags.report(DiagId::GenericArgumentFlow, first.range).arg(first.text);
        return std::nullopt;
    }
    if (auto unknown = undeclared_generic(resolved->type, scope)) {
        auto report = diags.report(DiagId::GenericUnknown, arg.range);
        report.word(first.text)
            .arg(callee_generic.name)
            .arg("generic " + *unknown)
            .arg(callee)
            .arg(scope.host);
        explain_unknown_type(report, scope, *unknown);
        return std::nullopt;
    }
    TraitSet missing;
    for (Trait t : callee_generic.traits)
        if (!satisfies(resolved->type, t, scope))
            missing.set(static_cast<std::size_t>(t));
    if (missing.any()) {
        diags.report(unsatisfied, arg.range)
            .word(first.text)
            .arg(resolved->type.to_string())
            .arg(resolved->type.detail())
            .arg(trait_list_text(missing))
            .arg(callee)
            .arg(scope.host);
        return std::nullopt;
    }
    return resolved->type;
}

std::string type_with_detail(const Type& type) { return type.to_string() + " (" + type.detail() + ")"; }

SourcePlace place_of(const SourceManager& sources, SourceRange range)
{
    if (!range.file.valid())
        return {};
    const Location loc = sources.location(range.file, range.begin);
    return SourcePlace{sources.name(range.file), loc.line, loc.column};
}

} // namespace mel::frontend::sema
