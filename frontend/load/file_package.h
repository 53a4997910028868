#pragma once

// File packages: a directory with Compo.toml and .mel areas (language.md §5.2–5.3).

#include <filesystem>
#include <memory>

#include "frontend/load/package.h"

namespace mel::frontend {

/// Loads the package described by `compo_toml` (a path to a Compo.toml); its directory holds the
/// areas. Reports L0193 if the file cannot be read, then parse_compo's errors; nullptr on error.
/// Areas are read when asked for: `lib-root.mel` is the root area, `a/b.mel` the area {a, b};
/// files and folders whose name starts with '.' are not areas.
std::shared_ptr<Package> load_file_package(const std::filesystem::path& compo_toml, SourceManager&,
                                           Diagnostics&);

/// The *.mel files under `directory` (recursively, skipping names that start with '.'), as paths
/// relative to it with '/' separators, sorted. Shared with the jeu writer.
std::vector<std::string> find_area_files(const std::filesystem::path& directory);

/// `a/b.mel` → {a, b}; `lib-root.mel` → {} (only at the top).
std::vector<std::string> area_path_of(std::string_view relative_file);

/// {a, b} → `a/b.mel`; {} → `lib-root.mel`. Nullopt for segments that cannot name an area file
/// (empty, `.`/`..`, containing '/', or hidden).
std::optional<std::string> area_file_of(const std::vector<std::string>& path);

} // namespace mel::frontend
