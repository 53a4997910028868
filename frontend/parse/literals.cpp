// Reference: melodium-lang/src/semantic/value/value.rs and the `descape` crate (2.0.3) it calls.
#include "frontend/parse/literals.h"

#include <charconv>
#include <limits>

#include "frontend/parse/utf8_text.h"
#include "runtime/model/value_format.h"

namespace mel::frontend {
namespace {

int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool is_octal(char c)
{
    return c >= '0' && c <= '7';
}

bool is_scalar(std::uint64_t c)
{
    return c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
}

/// Exactly `count` hex digits at `text[at]`.
std::optional<char32_t> fixed_hex(std::string_view text, std::size_t at, std::size_t count)
{
    if (text.size() < at + count)
        return std::nullopt;
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const int d = hex_digit(text[at + i]);
        if (d < 0)
            return std::nullopt;
        value = value * 16 + static_cast<std::uint32_t>(d);
    }
    return value;
}

/// Decodes one escape whose backslash is at `text[i]`; advances `i` past it.
std::optional<char32_t> decode_escape(std::string_view text, std::size_t& i)
{
    if (i + 1 >= text.size())
        return std::nullopt;
    const char c = text[i + 1];
    i += 2;
    switch (c) {
    case 'a':
        return U'\x07';
    case 'b':
        return U'\x08';
    case 't':
        return U'\x09';
    case 'n':
        return U'\x0A';
    case 'v':
        return U'\x0B';
    case 'f':
        return U'\x0C';
    case 'r':
        return U'\x0D';
    case 'e':
        return U'\x1B';
    case '`':
    case '\'':
    case '"':
    case '\\':
        return static_cast<char32_t>(c);
    case 'x': {
        const auto value = fixed_hex(text, i, 2);
        i += 2;
        return value;
    }
    case 'u': {
        if (i < text.size() && text[i] == '{') {
            const auto close = text.find('}', i + 1);
            if (close == std::string_view::npos || close == i + 1)
                return std::nullopt;
            std::uint64_t value = 0;
            for (std::size_t k = i + 1; k < close; ++k) {
                const int d = hex_digit(text[k]);
                if (d < 0 || value > 0xFFFFFFFull)
                    return std::nullopt;
                value = value * 16 + static_cast<std::uint64_t>(d);
            }
            i = close + 1;
            if (!is_scalar(value))
                return std::nullopt;
            return static_cast<char32_t>(value);
        }
        const auto value = fixed_hex(text, i, 4);
        i += 4;
        if (!value || !is_scalar(*value))
            return std::nullopt;
        return value;
    }
    default:
        if (!is_octal(c))
            return std::nullopt;
        // `\o`, `\oo`, `\ooo`: the escape's own digit plus up to two more.
        std::uint32_t value = static_cast<std::uint32_t>(c - '0');
        for (int n = 0; n < 2 && i < text.size() && is_octal(text[i]); ++n, ++i)
            value = value * 8 + static_cast<std::uint32_t>(text[i] - '0');
        return value;
    }
}

std::optional<std::string> unescape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '\\') {
            out += text[i++];
            continue;
        }
        const auto c = decode_escape(text, i);
        if (!c)
            return std::nullopt;
        append_utf8(out, *c);
    }
    return out;
}

/// Rust's `str::parse::<u128>()`: an optional `+`, then at least one decimal digit, no overflow.
std::optional<u128> parse_u128(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (text.empty())
        return std::nullopt;
    u128 value = 0;
    const u128 max = ~u128(0);
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const auto digit = static_cast<unsigned>(c - '0');
        if (value > (max - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

/// Rust's `str::parse::<i128>()`: an optional sign, then at least one decimal digit, in range.
std::optional<i128> parse_i128(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty() || text.front() == '+')
        return std::nullopt;
    const auto magnitude = parse_u128(text);
    const u128 limit = (u128(1) << 127) - (negative ? 0 : 1);
    if (!magnitude || *magnitude > limit)
        return std::nullopt;
    if (negative)
        return *magnitude == (u128(1) << 127) ? std::numeric_limits<i128>::min()
                                              : -static_cast<i128>(*magnitude);
    return static_cast<i128>(*magnitude);
}

/// Rust's `str::parse::<f64>()` restricted to what a NUMBER token can be: `-?digits[.digits]`,
/// `-?.digits`, `digits.`. Out-of-range magnitudes become infinities or zeros as in Rust.
std::optional<double> parse_f64(std::string_view text)
{
    std::string_view body = text;
    if (!body.empty() && (body.front() == '+' || body.front() == '-'))
        body.remove_prefix(1);
    bool digit_seen = false, dot_seen = false, nonzero_integer = false;
    for (char c : body) {
        if (c == '.') {
            if (dot_seen)
                return std::nullopt;
            dot_seen = true;
        } else if (c >= '0' && c <= '9') {
            digit_seen = true;
            nonzero_integer = nonzero_integer || (!dot_seen && c != '0');
        } else {
            return std::nullopt;
        }
    }
    if (!digit_seen)
        return std::nullopt;
    const bool negative = !text.empty() && text.front() == '-';
    double value = 0;
    const auto [end, error] = std::from_chars(body.data(), body.data() + body.size(), value);
    if (error == std::errc::result_out_of_range)
        value = nonzero_integer ? std::numeric_limits<double>::infinity() : 0.0;
    else if (error != std::errc() || end != body.data() + body.size())
        return std::nullopt;
    return negative ? -value : value;
}

} // namespace

std::optional<std::string> decode_string_literal(std::string_view token)
{
    if (token.size() < 2 || token.front() != '"' || token.back() != '"')
        return std::nullopt;
    return unescape(token.substr(1, token.size() - 2));
}

std::string raw_string_content(std::string_view token)
{
    if (token.empty() || token.front() != '$')
        return std::string(token);
    std::size_t braces = 0;
    while (1 + braces < token.size() && token[1 + braces] == '{')
        ++braces;
    std::string_view content = token.substr(1 + braces);
    // As the reference: strip every trailing group of `braces` closing braces.
    const std::string terminator(braces, '}');
    while (braces > 0 && content.size() >= braces && content.substr(content.size() - braces) == terminator)
        content.remove_suffix(braces);
    return std::string(content);
}

std::optional<char32_t> decode_char_literal(std::string_view token)
{
    if (token.size() < 2 || token.front() != '\'' || token.back() != '\'')
        return std::nullopt;
    const auto content = unescape(token.substr(1, token.size() - 2));
    if (!content || content->size() != 1)
        return std::nullopt;
    return static_cast<char32_t>(static_cast<unsigned char>(content->front()));
}

std::optional<std::uint8_t> decode_byte_literal(std::string_view token)
{
    if (token.size() != 4 || token.substr(0, 2) != "0x")
        return std::nullopt;
    const int high = hex_digit(token[2]), low = hex_digit(token[3]);
    if (high < 0 || low < 0)
        return std::nullopt;
    return static_cast<std::uint8_t>(high * 16 + low);
}

NumberLiteral classify_number(std::string_view token)
{
    NumberLiteral out;
    if (const auto u = parse_u128(token)) {
        out.kind = NumberLiteral::Kind::Unsigned;
        out.unsigned_value = *u;
    } else if (const auto i = parse_i128(token)) {
        out.kind = NumberLiteral::Kind::Integer;
        out.integer_value = *i;
    } else if (const auto r = parse_f64(token)) {
        out.kind = NumberLiteral::Kind::Real;
        out.real_value = *r;
    }
    return out;
}

} // namespace mel::frontend
