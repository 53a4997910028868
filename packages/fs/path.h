#pragma once

// fs/path — the parts of a path as Rust's std::path gives them on Unix (the reference's semantics,
// packages.md §1.1): components split on `/`, `.` dropped except at the start, `..` kept as a component,
// trailing separators ignored. Pure text: nothing here touches the filesystem.

#include <optional>
#include <string>
#include <string_view>

namespace mel::packages::fs {

/// The last component when it is a name (none for `/`, `..`, `.` or an empty path): `bin` for `/usr/bin/`.
std::optional<std::string> file_name(std::string_view path);
/// The file name up to its last `.`; the whole name when it has no `.` or only a leading one.
std::optional<std::string> file_stem(std::string_view path);
/// The file name after its last `.`; none when it has no `.` or only a leading one (`.bashrc`).
std::optional<std::string> extension(std::string_view path);
/// The path without its last component: `/usr` for `/usr/bin`, `` for `a`, none for `/` and ``.
std::optional<std::string> parent(std::string_view path);

} // namespace mel::packages::fs
