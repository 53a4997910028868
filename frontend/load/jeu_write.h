#pragma once

// `melodium jeu build` and `melodium jeu extract` (language.md §5.5, §6.6).

#include <filesystem>

#include "runtime/model/result.h"

namespace mel::frontend {

/// Where write_jeu writes for `out`: its extension replaced by `.jeu`.
std::filesystem::path jeu_output_path(std::filesystem::path out);

/// Writes the package in `package_dir` as a jeu at jeu_output_path(out): the header
/// `#!/usr/bin/env melodium\n#! version 0\n`, then a bzip2 (level 9) tar holding `Compo.toml` first
/// and every `**/*.mel` under the directory, sorted by relative path, skipping names that start
/// with '.'. Entries keep the files' permissions and modification times. The file is made
/// executable. Neither Compo.toml nor the areas are checked here: the caller loads the package
/// (load_file_package) and checks each area of areas() first — the reference silently leaves out
/// areas that fail to parse; we refuse to build instead (that decision is the CLI's).
Status write_jeu(const std::filesystem::path& package_dir, std::filesystem::path out);

/// Creates `out_dir/<jeu file stem>/` and unpacks the archive there. Refuses (writing nothing) an
/// archive with an absolute path, a `..` component, or an entry that is neither a file nor a
/// directory.
Status extract_jeu(const std::filesystem::path& jeu, const std::filesystem::path& out_dir);

} // namespace mel::frontend
