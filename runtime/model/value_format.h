#pragma once

// Textual forms of values (engine.md §5.8, std.md §0.5). Reference: the `Display` impl of `Value` and
// `DataTrait::to_string` in melodium-common/src/executive/value/traits.rs.

#include <string>

#include "runtime/model/value.h"

namespace mel {

/// The Display form, a Mélodium literal (used by logData* and messages): void `_`, integers in decimal,
/// floats as format_f32/format_f64, `true`/`false`, byte `0x2a`, char `'a'` and string `"a"` with escapes
/// (`\n \r \t \\ \0`, `\'` in chars, `\"` in strings, other control characters as `\u{1b}`), a multi-line
/// string without other control characters and not starting with `{` nor ending with `}` as a raw block
/// `${...}` with one more brace than its longest brace run, none `_`, some as its payload, Vec `[a, b]`,
/// Data `/* TypeName */` (the object's own text is not used, as in the reference).
std::string display(const Value& value);

/// The Mélodium literal on one line, for signatures, help and defaults: display(), except that a string
/// is always quoted with escapes (`"\n"`, never a raw block spanning lines), in a Vec or an Option too.
std::string literal(const Value& value);

/// The ToString trait form: void → "", numbers as in display(), byte → two hex digits without `0x`, char and
/// string raw, Data → DataObject::to_text(). The reference panics for Vec and Option; here they give their
/// display() form instead, so that no program can abort the interpreter through them.
std::string to_text(const Value& value);

/// Shortest text that reads back as the same double, never in exponent notation: `1`, `0.1`, `-0`,
/// `1000000000000000000000` (1e21), `0.0000001` (1e-7), `NaN`, `inf`, `-inf` (Rust's `{}` of f64).
std::string format_f64(double value);
/// Same for float, with the shortest text that reads back as the same float (16777217f → `16777216`).
std::string format_f32(float value);

/// Appends the UTF-8 encoding of a Unicode scalar value.
void append_utf8(std::string& out, char32_t c);

} // namespace mel
