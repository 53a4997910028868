// Reference: melodium-loader/src/package_manager.rs (retrieve_package, inspect_locations,
// get_package).
#include "frontend/load/package_finder.h"

#include <algorithm>

#include "frontend/load/file_io.h"
#include "frontend/load/file_package.h"
#include "frontend/load/jeu_package.h"
#include "frontend/load/standalone_package.h"

namespace mel::frontend {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_compo = "Compo.toml";

/// The entries of `directory` accepted by `keep`, sorted.
template<class Keep> std::vector<fs::path> sorted_entries(const fs::path& directory, Keep keep)
{
    std::vector<fs::path> out;
    std::error_code error;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error))
        if (!it->path().filename().native().starts_with('.') && keep(*it))
            out.push_back(it->path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

void PackageFinder::add_native(std::shared_ptr<Package> package)
{
    m_natives.push_back(std::move(package));
}

void PackageFinder::add_given(std::shared_ptr<Package> package)
{
    m_given.push_back(std::move(package));
}

void PackageFinder::add_search_location(fs::path location)
{
    m_locations.push_back(std::move(location));
}

std::vector<std::shared_ptr<Package>> PackageFinder::known() const
{
    std::vector<std::shared_ptr<Package>> out = m_natives;
    out.insert(out.end(), m_given.begin(), m_given.end());
    out.insert(out.end(), m_found.begin(), m_found.end());
    return out;
}

std::shared_ptr<Package> PackageFinder::match(const Dependency& dependency) const
{
    for (const auto* list : {&m_natives, &m_given, &m_found})
        for (const auto& package : *list)
            if (package->info().name == dependency.name &&
                dependency.requirement.matches(package->info().version))
                return package;
    return nullptr;
}

std::shared_ptr<Package> PackageFinder::find(const Dependency& dependency)
{
    auto package = match(dependency);
    if (!package) {
        inspect_locations();
        package = match(dependency);
    }
    if (!package) {
        m_diags.report(DiagId::PackageNotFound).arg(dependency.to_string());
        return nullptr;
    }
    resolve_dependencies(*package); // a missing dependency is reported; the package is still the answer
    return package;
}

bool PackageFinder::resolve_dependencies(const Package& package)
{
    if (!m_resolved.insert(&package).second)
        return true; // done before, or under way (dependency cycles end here)
    bool all = true;
    for (const Dependency& dependency : package.info().dependencies)
        all = find(dependency) != nullptr && all;
    return all;
}

void PackageFinder::keep(std::shared_ptr<Package> package)
{
    if (package)
        m_found.push_back(std::move(package));
}

void PackageFinder::inspect_locations()
{
    for (; m_inspected_locations < m_locations.size(); ++m_inspected_locations)
        inspect_location(m_locations[m_inspected_locations]);
}

void PackageFinder::inspect_location(const fs::path& location)
{
    if (!m_inspected_paths.insert(location).second)
        return;
    std::error_code error;
    const auto status = fs::status(location, error);
    if (location.filename() == k_compo) {
        keep(load_file_package(location, m_sources, m_diags));
    } else if (fs::is_directory(status)) {
        const fs::path compo = location / k_compo;
        if (fs::is_regular_file(compo, error)) {
            if (m_inspected_paths.insert(compo).second)
                keep(load_file_package(compo, m_sources, m_diags));
        } else {
            inspect_directory(location);
        }
    } else if (location.extension() == ".jeu") {
        keep(load_jeu_package(location, m_sources, m_diags));
    } else {
        // A .mel file, or anything else given explicitly: it must be a standalone package.
        keep(load_standalone_package(location, m_sources, m_diags));
    }
}

void PackageFinder::inspect_directory(const fs::path& directory)
{
    const auto files_with = [](std::string_view extension) {
        return [extension](const fs::directory_entry& entry) {
            std::error_code error;
            return entry.path().extension() == extension && entry.is_regular_file(error);
        };
    };
    for (const fs::path& file : sorted_entries(directory, files_with(".mel"))) {
        if (!m_inspected_paths.insert(file).second)
            continue;
        auto text = read_file(file);
        if (!text) {
            m_diags.report(DiagId::FileUnreadable).arg(display(file)).arg(text.error().message);
        } else if (!is_valid_utf8(text.value())) {
            m_diags.report(DiagId::EncodingError).arg(display(file));
        } else if (has_standalone_name(text.value())) {
            keep(make_standalone_package(std::move(text.value()), display(file), m_sources, m_diags));
        } // else: an area of some file package, not a package
    }
    for (const fs::path& file : sorted_entries(directory, files_with(".jeu")))
        if (m_inspected_paths.insert(file).second)
            keep(load_jeu_package(file, m_sources, m_diags));
    const auto has_compo = [](const fs::directory_entry& entry) {
        std::error_code error;
        return entry.is_directory(error) && fs::is_regular_file(entry.path() / k_compo, error);
    };
    for (const fs::path& sub : sorted_entries(directory, has_compo))
        if (const fs::path compo = sub / k_compo; m_inspected_paths.insert(compo).second)
            keep(load_file_package(compo, m_sources, m_diags));
}

} // namespace mel::frontend
