#pragma once

// Jeu packages: a file package in one archive (language.md §5.5).

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "frontend/load/package.h"

namespace mel::frontend {

/// A jeu package from the file's bytes. Everything up to the second '\n' is skipped (L0224 if
/// there is no second '\n'); the rest is a bzip2 tar (L0233 with libarchive's message if it cannot
/// be read). `Compo.toml` must be the first entry: each entry before it is an L0231, no Compo.toml
/// at all an L0232, and its content is checked as parse_compo does. Every later `*.mel` file entry
/// is an area by its relative path (`lib-root.mel` = root area); an area that is not UTF-8 is an
/// L1001. Areas are kept in memory. `location` (the jeu's path) names the package in messages.
std::shared_ptr<Package> make_jeu_package(std::string_view bytes, const std::string& location, SourceManager&,
                                          Diagnostics&);

/// Reads `file` (L0193 if it cannot be read), then make_jeu_package.
std::shared_ptr<Package> load_jeu_package(const std::filesystem::path& file, SourceManager&, Diagnostics&);

} // namespace mel::frontend
