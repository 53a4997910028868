#pragma once

// The package named on the command line (language.md §6.2 FILE, §5.5 last point).

#include <filesystem>
#include <memory>

#include "frontend/load/package.h"

namespace mel::frontend {

/// A file named `Compo.toml` is a file package; any other file is read and, if it is valid UTF-8,
/// is a standalone package (L0189 without a name), otherwise it is tried as a jeu (its errors,
/// then L0210, if it is not one; only L0210 and a note naming the file when the bytes cannot be
/// a jeu at all: no bzip2 stream after the first two lines). A directory or an unreadable file is an L0193
/// (`File 'X' cannot be read: Is a directory (os error 21)`). Nullptr on error. Give the result
/// to PackageFinder::add_given so that `use` and dependencies can find it.
std::shared_ptr<Package> load_command_line_package(const std::filesystem::path&, SourceManager&,
                                                   Diagnostics&);

} // namespace mel::frontend
