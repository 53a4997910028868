#pragma once

// `Compo.toml`, the description of a file package (language.md §5.2), shared by file and jeu packages.

#include <optional>
#include <string>
#include <string_view>

#include "frontend/diag/diagnostics.h"
#include "frontend/load/package.h"
#include "frontend/source/source_manager.h"

namespace mel::frontend {

/// Reads name, version, [dependencies] and [entrypoints]; other keys are ignored, as are
/// non-string entrypoint values and non-table `dependencies`/`entrypoints`. Reports L0178 (invalid
/// TOML), L0179 (no string name), L0180/L0181/L0227 (version missing, not a string, not SemVer),
/// L0206/L0207 (dependency not a string, bad requirement), L0242 (entrypoint without exactly one
/// `::`). The reference stops at the first problem; we report every problem once the name is
/// known, each pointing into the file (`file_name` is how excerpts name it; the text is added to
/// the SourceManager only when something is reported). Returns nullopt if anything was reported.
/// `kind` and `location` of the result are left for the caller.
std::optional<PackageInfo> parse_compo(std::string_view text, const std::string& file_name, SourceManager&,
                                       Diagnostics&);

} // namespace mel::frontend
