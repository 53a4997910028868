// Loading for `check`, `run`, `info` (language.md §5.6, §5.7): the command line's package, its
// dependencies, then every area reachable through `use` from the selected entrypoints, lazily;
// circular `use` between areas of a package is an error. Then signatures and designs.
#include "frontend/sema/check.h"

#include <set>

#include "frontend/diag/closest_names.h"
#include "frontend/load/load_package.h"
#include "frontend/load/package_finder.h"
#include "frontend/parse/parser.h"
#include "frontend/sema/native_package.h"
#include "frontend/sema/passes.h"
#include "frontend/sema/suggestions.h"

namespace mel::frontend {

namespace {

using sema::Area;
using sema::Program;

class Loader {
public:
    Loader(Program& program, PackageFinder& finder, SourceManager& sources, Diagnostics& diags)
        : m_program(program), m_finder(finder), m_sources(sources), m_diags(diags)
    {
    }

    /// The area `path` (after the package name) of `package`, loaded and with its uses resolved;
    /// nullptr when the package has no such area or it cannot be parsed (reported).
    Area* load_area(const std::shared_ptr<const Package>& package, const std::vector<std::string>& path);

    /// Whether loading `name` (an area name) failed already (so "not found" would be noise).
    bool failed(const std::string& name) const { return m_failed.count(name) > 0; }

private:
    void resolve_uses(Area& area);
    void ensure_element(const Identifier& id, const std::shared_ptr<const Package>& package,
                        const std::string& requirement, const ast::UseDecl& use);
    /// Identifiers of the native elements and loaded script elements of `package`.
    std::vector<Identifier> known_elements(const std::string& package) const;
    /// `help: did you mean …?` for a `use` of `id` that names nothing.
    static void suggest_elements(Diagnostics::Builder&, const Identifier& id,
                                 const std::vector<Identifier>& known);

    Program& m_program;
    PackageFinder& m_finder;
    SourceManager& m_sources;
    Diagnostics& m_diags;
    std::set<std::string> m_failed;
    std::vector<std::string> m_loading; // areas resolving their uses, outermost first
};

std::vector<std::string> full_path(const std::string& package, const std::vector<std::string>& path)
{
    std::vector<std::string> out{package};
    out.insert(out.end(), path.begin(), path.end());
    return out;
}

Area* Loader::load_area(const std::shared_ptr<const Package>& package, const std::vector<std::string>& path)
{
    const PackageInfo& info = package->info();
    if (Area* loaded = m_program.area(info.name, full_path(info.name, path)))
        return loaded;
    const std::string name = area_name(info.name, path);
    if (m_failed.count(name))
        return nullptr;
    auto source = package->area(path);
    if (!source)
        return nullptr;
    if (report_unusable(*source, m_diags)) {
        m_failed.insert(name);
        return nullptr;
    }
    const FileId file = m_sources.add(source->file_path, std::move(source->text));
    m_diags.set_origin(file, info.kind, source->display_path);
    auto tree = parse_area(m_sources, file, m_diags);
    if (!tree) {
        m_failed.insert(name);
        return nullptr;
    }
    auto area = std::make_unique<Area>();
    area->package = package;
    area->kind = info.kind;
    area->path = full_path(info.name, path);
    area->file = file;
    area->ast = *std::move(tree);
    Area& loaded = m_program.add_area(std::move(area));
    sema::check_structure(loaded, m_diags);
    m_loading.push_back(name);
    resolve_uses(loaded);
    m_loading.pop_back();
    return &loaded;
}

void Loader::resolve_uses(Area& area)
{
    const PackageInfo& info = area.package->info();
    for (const auto& use : area.ast.uses) {
        const std::string& root = use.path.front().text;
        Identifier id;
        std::shared_ptr<const Package> target;
        std::string requirement;
        if (root == "root" || root == "local") {
            // `root` is the package root; `local` treats the current file as a folder (§4.2).
            id.path = root == "root" ? std::vector<std::string>{info.name} : area.path;
            target = area.package;
            requirement = "=" + info.version.to_string();
        } else {
            const Dependency* dependency = nullptr;
            for (const auto& d : info.dependencies)
                if (d.name == root)
                    dependency = &d;
            if (!dependency) {
                auto report = m_diags.report(DiagId::NotADependency, use.element.range);
                report.arg(root);
                std::vector<std::string> names{"root", "local"};
                for (const auto& d : info.dependencies)
                    names.push_back(d.name);
                sema::suggest_closest(report, root, names);
                continue;
            }
            id.path = {root};
            target = m_finder.find(*dependency);
            requirement = dependency->requirement.to_string();
        }
        for (std::size_t i = 1; i < use.path.size(); ++i)
            id.path.push_back(use.path[i].text);
        id.name = use.element.text;
        const std::string alias = use.alias ? use.alias->text : use.element.text;
        area.aliases[alias] = id;
        area.alias_uses[alias] = &use;
        if (target)
            ensure_element(id, target, requirement, use);
    }
}

void Loader::ensure_element(const Identifier& id, const std::shared_ptr<const Package>& package,
                            const std::string& requirement, const ast::UseDecl& use)
{
    const std::string element = id.to_string() + " (" + requirement + ")";
    if (package->info().kind == PackageKind::Native && m_program.registry().find(id))
        return;
    const std::vector<std::string> path(id.path.begin() + 1, id.path.end());
    const std::string name = area_name(package->info().name, path);
    if (std::find(m_loading.begin(), m_loading.end(), name) != m_loading.end()) {
        m_diags.report(DiagId::CircularReference, use.element.range).arg(element);
        return;
    }
    Area* area = load_area(package, path);
    if ((!area && !failed(name)) || (area && !area->treatment_decl(id.name) && !area->model_decl(id.name))) {
        auto report = m_diags.report(DiagId::ElementNotFound, use.element.range);
        report.arg(element);
        suggest_elements(report, id, known_elements(package->info().name));
    }
}

void Loader::suggest_elements(Diagnostics::Builder& report, const Identifier& id,
                              const std::vector<Identifier>& known)
{
    // A close name in the same area (`emitt` → `emit`), else the same name in another area
    // (`std/flow::mul` → `std/ops/num::mul`, `std/flw::emit` → `std/flow::emit`).
    std::vector<std::string> names;
    for (const auto& k : known)
        if (k.path == id.path)
            names.push_back(k.name);
    std::vector<std::string> found;
    for (const auto& name : closest_names(id.name, names))
        found.push_back(Identifier{id.path, name}.to_string());
    if (found.empty())
        for (const auto& k : known)
            if (k.name == id.name)
                found.push_back(k.to_string());
    if (!found.empty() && found.size() <= 3)
        report.note(NoteId::DidYouMean, {quoted_alternatives(found)});
}

std::vector<Identifier> Loader::known_elements(const std::string& package) const
{
    std::vector<Identifier> out;
    for (const Element* element : m_program.registry().elements())
        if (element->id().package() == package)
            out.push_back(element->id());
    for (const auto& area : m_program.areas()) {
        if (area->path.front() != package)
            continue;
        for (const auto& t : area->ast.treatments)
            out.push_back(Identifier{area->path, t.name.text});
        for (const auto& m : area->ast.models)
            out.push_back(Identifier{area->path, m.name.text});
    }
    return out;
}

} // namespace

std::unique_ptr<sema::Program> check_program(const CheckRequest& request, const Registry& registry,
                                             SourceManager& sources, Diagnostics& diags)
{
    std::shared_ptr<Package> package = load_command_line_package(request.file, sources, diags);
    if (!package)
        return nullptr;
    PackageFinder finder(sources, diags);
    for (const auto& name : registry.packages())
        finder.add_native(sema::make_native_package(registry, name));
    finder.add_given(package);
    for (const auto& path : request.search_paths)
        finder.add_search_location(path);

    auto program = std::make_unique<Program>(registry);
    program->main_package = package;
    finder.resolve_dependencies(*package);
    Loader loader(*program, finder, sources, diags);

    const PackageInfo& info = package->info();
    const bool standalone = info.kind == PackageKind::Standalone;
    std::vector<std::pair<std::string, Identifier>> entries;
    if (request.force_entry) {
        if (auto id = Identifier::parse(*request.force_entry))
            entries.emplace_back(*request.force_entry, *id);
    } else {
        const std::string command = request.command.value_or("main");
        for (const auto& [name, text] : info.entrypoints)
            if (request.all || name == command)
                if (auto id = Identifier::parse(text))
                    entries.emplace_back(name, *id);
        if (entries.empty() && !request.all)
            diags.report(info.kind == PackageKind::File ? DiagId::NoEntryPoint : DiagId::StandaloneNoEntry);
    }

    // A standalone file is always checked whole (§5.7).
    if (standalone)
        loader.load_area(package, {});
    for (const auto& [command, id] : entries) {
        const std::vector<std::string> path(id.path.begin() + 1, id.path.end());
        const std::string name = area_name(id.package(), path);
        Area* area = id.package() == info.name ? loader.load_area(package, path) : nullptr;
        if (area && (area->treatment_decl(id.name) || area->model_decl(id.name))) {
            program->entrypoints.emplace_back(command, id);
            continue;
        }
        if (standalone && !request.force_entry) {
            if (area && !request.all)
                diags.report(DiagId::StandaloneNoEntry);
            continue;
        }
        if (!loader.failed(name))
            diags.report(DiagId::ElementNotFound).arg(id.to_string() + " (=" + info.version.to_string() + ")");
    }

    sema::build_signatures(*program, diags);
    sema::build_designs(*program, sources, diags);
    sema::check_distribution(*program, diags);
    return program;
}

std::unique_ptr<sema::Program> check_native_areas(const Registry& registry, SourceManager& sources, Diagnostics& diags)
{
    PackageFinder finder(sources, diags);
    std::vector<std::shared_ptr<Package>> natives;
    for (const auto& name : registry.packages()) {
        natives.push_back(sema::make_native_package(registry, name));
        finder.add_native(natives.back());
    }
    auto program = std::make_unique<Program>(registry);
    Loader loader(*program, finder, sources, diags);
    for (const auto& package : natives)
        for (const auto& path : package->areas())
            loader.load_area(package, path);
    sema::build_signatures(*program, diags);
    sema::build_designs(*program, sources, diags);
    return program;
}

} // namespace mel::frontend
