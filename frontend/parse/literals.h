#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/model/core_type.h"

namespace mel::frontend {

// Literal tokens → values (language.md §2.5–§2.9). Pure functions on the token text as written
// (ast::Value::text); the checker reports the failures (S0185, S0186, S0150, S0145).
// Reference: melodium-lang/src/semantic/value/value.rs (parse_number, parse_string, parse_character,
// parse_byte), escapes by the `descape` crate 2.0.3.

/// `"…"`: the content with its escapes decoded (§2.6): `\a \b \t \n \v \f \r \e`, `\'` `\"` `` \` `` `\\`,
/// `\xHH` (two hex digits), `\o`/`\oo`/`\ooo` (octal), `\uHHHH`, `\u{H…}`. Nothing for any other escape,
/// for a code point that is not a Unicode scalar value, or for a text that is not quoted.
std::optional<std::string> decode_string_literal(std::string_view token);

/// `${…}` with n opening braces: everything between the delimiters, verbatim (§2.7).
std::string raw_string_content(std::string_view token);

/// `'c'`: the content (escapes decoded as in strings) must be exactly one byte (§2.8, a reference
/// quirk: `'é'` is two bytes, hence invalid). Nothing otherwise.
std::optional<char32_t> decode_char_literal(std::string_view token);

/// `0xHH` (§2.9). Nothing for any other text.
std::optional<std::uint8_t> decode_byte_literal(std::string_view token);

/// A NUMBER token read as the reference does (§2.5): unsigned 128-bit if it parses so, else signed
/// 128-bit, else a 64-bit float (integers out of 128-bit range become Real).
struct NumberLiteral {
    enum class Kind { Unsigned, Integer, Real, Invalid };
    Kind kind = Kind::Invalid;
    u128 unsigned_value = 0;
    i128 integer_value = 0;
    double real_value = 0;
};
NumberLiteral classify_number(std::string_view token);

} // namespace mel::frontend
