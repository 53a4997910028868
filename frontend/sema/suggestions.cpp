#include "frontend/sema/suggestions.h"

#include <algorithm>

#include "frontend/diag/closest_names.h"
#include "frontend/load/package.h"

namespace mel::frontend::sema {

namespace {

/// The packages the area may name in a `use`: its own and its dependencies.
std::vector<std::string> usable_packages(const Area& area)
{
    std::vector<std::string> out;
    if (!area.package)
        return out;
    const PackageInfo& info = area.package->info();
    out.push_back(info.name);
    for (const auto& d : info.dependencies)
        out.push_back(d.name);
    return out;
}

/// `use` text for `id` as written from `area`: `root/…` is not needed, packages are named.
std::string use_line(const Identifier& id)
{
    return "use " + id.to_string();
}

/// Adds `help: add 'use …'` for the importable data types; returns whether there was one.
bool suggest_use(Diagnostics::Builder& report, const std::vector<Identifier>& found, std::string_view name)
{
    if (found.empty())
        return false;
    std::vector<std::string> lines;
    for (const auto& element : found)
        lines.push_back(use_line(element));
    report.note(NoteId::TypeNotImported, {std::string(name), std::string(), quoted_alternatives(lines)});
    return true;
}

} // namespace

bool suggest_closest(Diagnostics::Builder& report, std::string_view name,
                     const std::vector<std::string>& candidates)
{
    const auto close = closest_names(name, candidates);
    if (close.empty())
        return false;
    report.note(NoteId::DidYouMean, {quoted_alternatives(close)});
    return true;
}

std::vector<Identifier> importable(const Scope& scope, std::string_view name, ElementKind kind)
{
    const auto packages = usable_packages(scope.area);
    auto usable = [&](const Identifier& id) {
        return id.name == name && std::find(packages.begin(), packages.end(), id.package()) != packages.end();
    };
    std::vector<Identifier> out;
    for (const Element* element : scope.program.registry().elements())
        if (element->kind == kind && usable(element->id()))
            out.push_back(element->id());
    for (const auto& area : scope.program.areas()) {
        const bool declared = kind == ElementKind::Treatment ? area->treatment_decl(name) != nullptr
                              : kind == ElementKind::Model   ? area->model_decl(name) != nullptr
                                                             : false;
        Identifier id{area->path, std::string(name)};
        if (declared && usable(id) && &*area != &scope.area)
            out.push_back(std::move(id));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (out.size() > 3)
        out.resize(3);
    return out;
}

void explain_unknown_type(Diagnostics::Builder& report, const Scope& scope, std::string_view name)
{
    if (suggest_use(report, importable(scope, name, ElementKind::DataType), name))
        return;
    report.note(NoteId::TypeUnknown, {std::string(name), scope.host});
    std::vector<std::string> candidates;
    for (int t = 0; t < k_core_type_count; ++t)
        candidates.emplace_back(core_type_name(static_cast<CoreType>(t)));
    for (const auto& [alias, id] : scope.area.aliases)
        if (const Element* element = scope.program.find(id);
            element && element->kind == ElementKind::DataType)
            candidates.push_back(alias);
    if (scope.generics)
        for (const auto& g : *scope.generics)
            candidates.push_back(g.name);
    suggest_closest(report, name, candidates);
}

void explain_not_imported(Diagnostics::Builder& report, const Scope& scope, std::string_view name,
                          ElementKind kind)
{
    const auto found = importable(scope, name, kind);
    if (!found.empty()) {
        const std::string_view word = kind == ElementKind::Treatment  ? "treatment"
                                      : kind == ElementKind::Model    ? "model"
                                      : kind == ElementKind::Function ? "function"
                                                                      : "context";
        std::vector<std::string> lines;
        for (const auto& element : found)
            lines.push_back(use_line(element));
        report.note(NoteId::ElementNotImported,
                    {std::string(name), std::string(word), quoted_alternatives(lines)});
        return;
    }
    std::vector<std::string> candidates;
    for (const auto& [alias, id] : scope.area.aliases)
        candidates.push_back(alias);
    if (kind == ElementKind::Treatment)
        for (const auto& t : scope.area.ast.treatments)
            candidates.push_back(t.name.text);
    if (kind == ElementKind::Model)
        for (const auto& m : scope.area.ast.models)
            candidates.push_back(m.name.text);
    suggest_closest(report, name, candidates);
}

} // namespace mel::frontend::sema
