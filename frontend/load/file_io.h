#pragma once

// Small filesystem helpers shared by the package kinds: whole-file reads with the reference's error
// wording, and the UTF-8 check that decides between a standalone file and a jeu (language.md §5.5).

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

#include "runtime/model/result.h"

namespace mel::frontend {

/// The whole file as bytes. The error message is worded as the reference prints OS errors in
/// `File 'X' cannot be read: …` (L0193): `Is a directory (os error 21)`.
Result<std::string> read_file(const std::filesystem::path&);

/// `Permission denied (os error 13)`.
std::string os_error_message(const std::error_code&);

/// Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), as Rust's `str::from_utf8`.
bool is_valid_utf8(std::string_view);

/// A path as messages print it (generic separators, no quoting).
inline std::string display(const std::filesystem::path& path)
{
    return path.generic_string();
}

} // namespace mel::frontend
