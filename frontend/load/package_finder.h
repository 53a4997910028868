#pragma once

// Package resolution (language.md §5.6): which package satisfies `name (requirement)`.

#include <filesystem>
#include <memory>
#include <set>
#include <vector>

#include "frontend/load/package.h"

namespace mel::frontend {

/// Finds packages by name and version requirement, trying in order: native packages, packages
/// given directly (the command line's), packages already found, then the search locations.
///
/// Search locations (`--path` values) are inspected only when a name is requested, each path once;
/// every package found there is kept for later requests. A location is, in this order of checks:
/// a `Compo.toml` path; a `.mel` file (standalone); a `.jeu` file; a directory with a Compo.toml
/// (file package); any other directory, whose `*.mel` (those with a `#! name` header), `*.jeu`
/// and `*/Compo.toml` (one level) are inspected, each kind sorted by name. Locations are taken in
/// the order they were added (the reference goes kind by kind across all locations; the two differ
/// only when two locations hold the same name and a matching version). Problems with an inspected
/// package are reported as loading it would; `.mel` files without a name in a scanned directory are
/// areas, not packages, and are skipped silently.
///
/// The reference's last source, the local repository `$MELODIUM_HOME/<version>/` (by default
/// `~/.melodium/<version>/`, filled by downloads from the Mélodium repository), is not supported:
/// this interpreter works offline; a package there can be given with `--path` instead.
class PackageFinder {
public:
    PackageFinder(SourceManager& sources, Diagnostics& diags) : m_sources(sources), m_diags(diags) {}

    void add_native(std::shared_ptr<Package>);
    void add_given(std::shared_ptr<Package>);
    void add_search_location(std::filesystem::path);

    /// The first package matching `dependency`, or nullptr after reporting L0209
    /// `No package 'NAME (REQ)' found`. The first time a package is selected, its own dependencies
    /// are resolved too (as the reference does, even unused ones); a missing one is reported, and
    /// the package is returned all the same.
    std::shared_ptr<Package> find(const Dependency&);

    /// Resolves every dependency of `package` (once per package), reporting the missing ones;
    /// false if any is missing.
    bool resolve_dependencies(const Package&);

    /// Natives, given packages, then the packages found so far, in discovery order.
    std::vector<std::shared_ptr<Package>> known() const;

private:
    std::shared_ptr<Package> match(const Dependency&) const;
    void inspect_locations();
    void inspect_location(const std::filesystem::path&);
    void inspect_directory(const std::filesystem::path&);
    void keep(std::shared_ptr<Package>);

    SourceManager& m_sources;
    Diagnostics& m_diags;
    std::vector<std::shared_ptr<Package>> m_natives;
    std::vector<std::shared_ptr<Package>> m_given;
    std::vector<std::shared_ptr<Package>> m_found;
    std::vector<std::filesystem::path> m_locations;
    std::size_t m_inspected_locations = 0;
    std::set<std::filesystem::path> m_inspected_paths;
    std::set<const Package*> m_resolved;
};

} // namespace mel::frontend
