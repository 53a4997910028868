#pragma once

// The template language of std/text/compose::|format (std.md §2.14): the rules of the strfmt 0.2.5 crate
// the reference uses, for string values.

#include <optional>
#include <string>
#include <string_view>

#include "stdlib/data/string_map.h"

namespace mel::stdlib::text {

/// Replaces each `{key}` / `{key:spec}` of `format` by the entry `key`, `{{` by `{` and `}}` by `}`.
/// `spec` is `[[fill]align][width][.precision][s]` (align `<` `^` `>`, strings default to `<`; width and
/// precision count characters, precision truncates). nullopt on any error: unknown key, empty key, a
/// lone `{` or `}`, a `{` inside a placeholder, an unterminated placeholder, a malformed spec, or an option
/// that only applies to numbers (sign, `#`, `,`, `=` alignment with padding, a type other than `s`).
std::optional<std::string> format_template(std::string_view format, const data::StringMap::Entries& entries);

} // namespace mel::stdlib::text
