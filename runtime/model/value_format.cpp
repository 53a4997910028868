#include "runtime/model/value_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "runtime/model/int128.h"

namespace mel {

namespace {

constexpr std::string_view k_hex_digits = "0123456789abcdef";

// Rust's char::is_control: general category Cc.
bool is_control(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

// Rust's char::escape_unicode: `\u{` + lowercase hex without leading zeros + `}`.
void append_unicode_escape(std::string& out, char32_t c)
{
    out += "\\u{";
    int shift = 20;
    while (shift > 0 && ((c >> shift) & 0xF) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        out += k_hex_digits[(c >> shift) & 0xF];
    out += '}';
}

enum class Quote : char { Single = '\'', Double = '"' };

// The escapes shared by char and string literals; `quote` is the delimiter that needs a backslash.
void append_escaped(std::string& out, char32_t c, Quote quote)
{
    switch (c) {
    case U'\n':
        out += "\\n";
        return;
    case U'\r':
        out += "\\r";
        return;
    case U'\t':
        out += "\\t";
        return;
    case U'\\':
        out += "\\\\";
        return;
    case U'\0':
        out += "\\0";
        return;
    default:
        break;
    }
    if (c == static_cast<char32_t>(quote)) {
        out += '\\';
        out += static_cast<char>(quote);
    } else if (is_control(c)) {
        append_unicode_escape(out, c);
    } else {
        append_utf8(out, c);
    }
}

// C1 controls (U+0080..U+009F) are the only non-ASCII control characters; in UTF-8 they are the two-byte
// sequences C2 80..C2 9F, and 0xC2 is never a continuation byte, so a byte scan finds them exactly.
bool is_c1_control_at(std::string_view text, std::size_t i)
{
    return static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
           static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

std::string quoted_string(std::string_view text)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            append_escaped(out, byte, Quote::Double);
        } else if (is_c1_control_at(text, i)) {
            append_unicode_escape(out, static_cast<unsigned char>(text[i + 1]));
            ++i;
        } else {
            out += text[i]; // other UTF-8 bytes are copied as they are
        }
    }
    out += '"';
    return out;
}

std::size_t longest_run(std::string_view text, char c)
{
    std::size_t longest = 0;
    std::size_t current = 0;
    for (char x : text) {
        current = x == c ? current + 1 : 0;
        longest = std::max(longest, current);
    }
    return longest;
}

// The reference prints a string as a raw block only when it has a newline, tab or CR, no other control
// character, and cannot be confused with the block's own braces at its ends.
bool needs_quotes(std::string_view text)
{
    bool has_line_break = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n' || byte == '\t' || byte == '\r')
            has_line_break = true;
        else if (is_control(byte) || is_c1_control_at(text, i))
            return true;
    }
    return !has_line_break || text.front() == '{' || text.back() == '}';
}

std::string display_string(std::string_view text)
{
    if (needs_quotes(text))
        return quoted_string(text);
    std::size_t width = std::max(longest_run(text, '{'), longest_run(text, '}')) + 1;
    std::string out = "$";
    out.append(width, '{');
    out += text;
    out.append(width, '}');
    return out;
}

std::string display_char(char32_t c)
{
    std::string out = "'";
    append_escaped(out, c, Quote::Single);
    out += '\'';
    return out;
}

std::string byte_hex(std::uint8_t b)
{
    std::string out;
    out += k_hex_digits[b >> 4];
    out += k_hex_digits[b & 0xF];
    return out;
}

// A non-negative decimal d.ddd × 10^exponent: significant digits without trailing zeros (at least one).
struct Decimal {
    std::string digits;
    int exponent = 0;
};

// Reads to_chars' scientific form of a non-negative number (`1.2345e+30`, `5e-324`).
Decimal parse_scientific(std::string_view text)
{
    Decimal d;
    std::size_t e = text.find('e');
    for (char c : text.substr(0, e))
        if (c != '.')
            d.digits += c;
    while (d.digits.size() > 1 && d.digits.back() == '0')
        d.digits.pop_back();
    std::string_view exponent_text = text.substr(e + 1);
    if (exponent_text.front() == '+')
        exponent_text.remove_prefix(1);
    std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), d.exponent);
    return d;
}

// Shortest round-trip digits without a precision, else `precision` digits after the first one, correctly
// rounded from the exact binary value.
template<class F> Decimal to_decimal_digits(F value, std::optional<int> precision = std::nullopt)
{
    char buffer[1024]; // the exact expansion of a double has at most 767 significant digits
    auto result =
        precision
            ? std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific, *precision)
            : std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
    MEL_ASSERT(result.ec == std::errc(), "to_chars buffer too small");
    return parse_scientific(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
}

// to_chars (Ryu) and Rust both print the shortest digits closest to the exact value, but when the exact value
// lies exactly halfway between two shortest candidates, Ryu picks the even one and Rust the upper one
// (2385422.25f32 prints as `2385422.3` in Rust). Returns the upper candidate in that case.
template<class F> Decimal shortest_digits(F value)
{
    Decimal shortest = to_decimal_digits(value);
    auto count = static_cast<int>(shortest.digits.size());
    // A tie means the exact value has exactly count + 1 significant digits, the last one a 5.
    Decimal rounded = to_decimal_digits(value, count);
    if (rounded.digits.size() != shortest.digits.size() + 1 || rounded.digits.back() != '5')
        return shortest;
    constexpr int exact_precision = std::is_same_v<F, float> ? 160 : 800;
    if (to_decimal_digits(value, exact_precision).digits != rounded.digits)
        return shortest;

    Decimal up{rounded.digits.substr(0, shortest.digits.size()), rounded.exponent};
    std::size_t i = up.digits.size();
    while (i > 0 && up.digits[i - 1] == '9')
        up.digits[--i] = '0';
    if (i == 0) {
        up.digits.insert(up.digits.begin(), '1');
        ++up.exponent;
    } else {
        ++up.digits[i - 1];
    }
    while (up.digits.size() > 1 && up.digits.back() == '0')
        up.digits.pop_back();

    std::string text = up.digits.substr(0, 1) + "." + up.digits.substr(1) + "e" + std::to_string(up.exponent);
    F parsed{};
    auto read = std::from_chars(text.data(), text.data() + text.size(), parsed);
    return read.ec == std::errc() && parsed == value ? up : shortest;
}

// Writes d.ddd × 10^exponent as plain digits, never in exponent notation.
std::string plain_digits(const Decimal& d)
{
    std::string out;
    // The point goes after `exponent + 1` digits.
    long point = static_cast<long>(d.exponent) + 1;
    auto count = static_cast<long>(d.digits.size());
    if (point <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-point), '0');
        out += d.digits;
    } else if (point >= count) {
        out += d.digits;
        out.append(static_cast<std::size_t>(point - count), '0');
    } else {
        out.append(d.digits, 0, static_cast<std::size_t>(point));
        out += '.';
        out.append(d.digits, static_cast<std::size_t>(point));
    }
    return out;
}

template<class F> std::string format_float(F value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value < 0 ? "-inf" : "inf";
    if (std::signbit(value))
        return "-" + plain_digits(shortest_digits(-value));
    return plain_digits(shortest_digits(value));
}

std::string display_vec(const std::vector<Value>& elements)
{
    std::string out = "[";
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += display(elements[i]);
    }
    out += ']';
    return out;
}

// The forms display() and to_text() share: numbers and bool.
std::string number_or_bool_text(const Value& value)
{
    using Kind = Value::Kind;
    switch (value.kind()) {
    case Kind::I8:
        return to_decimal(value.as_i8());
    case Kind::I16:
        return to_decimal(value.as_i16());
    case Kind::I32:
        return to_decimal(value.as_i32());
    case Kind::I64:
        return to_decimal(value.as_i64());
    case Kind::I128:
        return to_decimal(value.as_i128());
    case Kind::U8:
        return to_decimal(value.as_u8());
    case Kind::U16:
        return to_decimal(value.as_u16());
    case Kind::U32:
        return to_decimal(value.as_u32());
    case Kind::U64:
        return to_decimal(value.as_u64());
    case Kind::U128:
        return to_decimal(value.as_u128());
    case Kind::F32:
        return format_f32(value.as_f32());
    case Kind::F64:
        return format_f64(value.as_f64());
    case Kind::Bool:
        return value.as_bool() ? "true" : "false";
    default:
        break;
    }
    MEL_UNREACHABLE("number_or_bool_text on another kind");
    return {};
}

} // namespace

std::string display(const Value& value)
{
    using Kind = Value::Kind;
    switch (value.kind()) {
    case Kind::Void:
        return "_";
    case Kind::Byte:
        return "0x" + byte_hex(value.as_byte());
    case Kind::Char:
        return display_char(value.as_char());
    case Kind::String:
        return display_string(value.as_string());
    case Kind::Vec:
        return display_vec(value.as_vec());
    case Kind::Option:
        return value.is_some() ? display(value.option_value()) : "_";
    case Kind::Data:
        return value.as_data()->display();
    default:
        return number_or_bool_text(value);
    }
}

std::string literal(const Value& value)
{
    using Kind = Value::Kind;
    switch (value.kind()) {
    case Kind::String:
        return quoted_string(value.as_string());
    case Kind::Vec: {
        std::string out = "[";
        for (std::size_t i = 0; i < value.as_vec().size(); ++i)
            out += (i > 0 ? ", " : "") + literal(value.as_vec()[i]);
        return out + "]";
    }
    case Kind::Option:
        return value.is_some() ? literal(value.option_value()) : "_";
    default:
        return display(value);
    }
}

std::string to_text(const Value& value)
{
    using Kind = Value::Kind;
    switch (value.kind()) {
    case Kind::Void:
        return {};
    case Kind::Byte:
        return byte_hex(value.as_byte());
    case Kind::Char: {
        std::string out;
        append_utf8(out, value.as_char());
        return out;
    }
    case Kind::String:
        return value.as_string();
    case Kind::Vec:
    case Kind::Option:
        return display(value); // the reference panics here
    case Kind::Data:
        return value.as_data()->to_text();
    default:
        return number_or_bool_text(value);
    }
}

std::string format_f64(double value)
{
    return format_float(value);
}

std::string format_f32(float value)
{
    return format_float(value);
}

void append_utf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

} // namespace mel
