// Reference: libs/std-mel/src/text/compose.rs calls strfmt::strfmt (crate strfmt 0.2.5: fmtstr.rs for
// the scan of the template, formatter.rs for the spec, Formatter::str for strings). The scan and the spec
// parser are reproduced with their quirks: `}{{}` is accepted, `{x:<05}` turns into '=' alignment (an
// error once padding is needed), and the spec is examined byte by byte after its first character.

#include "stdlib/text/format.h"

#include <cstdint>
#include <limits>

#include "runtime/model/value_format.h"

namespace mel::stdlib::text {

namespace {

enum class Align : char { Unspecified = 0, Left = '<', Center = '^', Right = '>', Equal = '=' };

struct Spec {
    char32_t fill = U' ';
    Align align = Align::Unspecified;
    bool sign = false;
    bool alternate = false;
    bool thousands = false;
    std::optional<std::size_t> width;
    std::optional<std::size_t> precision;
    char type = 0;
};

bool is_align(char c)
{
    return c == '<' || c == '^' || c == '>' || c == '=';
}

/// Length of the UTF-8 sequence starting with `lead` (the text is valid UTF-8).
std::size_t utf8_length(unsigned char lead)
{
    if (lead < 0x80)
        return 1;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    return 4;
}

char32_t decode_utf8(std::string_view text)
{
    const auto lead = static_cast<unsigned char>(text[0]);
    const std::size_t length = utf8_length(lead);
    if (length == 1)
        return lead;
    char32_t c = lead & (0x7F >> length);
    for (std::size_t i = 1; i < length && i < text.size(); ++i)
        c = (c << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    return c;
}

std::size_t count_chars(std::string_view text)
{
    std::size_t count = 0;
    for (char c : text)
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

/// Reads decimal digits at `pos`. Returns false when there are digits but they overflow an i64.
bool read_integer(std::string_view spec, std::size_t& pos, std::optional<std::size_t>& out)
{
    constexpr std::uint64_t k_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    std::uint64_t value = 0;
    const std::size_t start = pos;
    bool overflow = false;
    for (; pos < spec.size() && spec[pos] >= '0' && spec[pos] <= '9'; ++pos) {
        const auto digit = static_cast<std::uint64_t>(spec[pos] - '0');
        overflow = overflow || value > (k_max - digit) / 10;
        if (!overflow)
            value = value * 10 + digit;
    }
    if (pos == start)
        return true;
    if (overflow)
        return false;
    out = static_cast<std::size_t>(value);
    return true;
}

/// The part after `:` of a placeholder (Python's format-spec mini-language as strfmt reads it).
std::optional<Spec> parse_spec(std::string_view spec)
{
    Spec out;
    if (spec.empty())
        return out;
    const std::size_t fill_length = std::min(utf8_length(static_cast<unsigned char>(spec[0])), spec.size());
    const std::size_t end = spec.size();
    std::size_t pos = 0;
    bool fill_given = false;
    if (end >= 1 + fill_length && is_align(spec[fill_length])) {
        out.align = static_cast<Align>(spec[fill_length]);
        out.fill = decode_utf8(spec);
        fill_given = true;
        pos = fill_length + 1;
    } else if (is_align(spec[0])) {
        out.align = static_cast<Align>(spec[0]); // as in strfmt, this does not count as an explicit align
        pos = 1;
    }
    const bool align_given = fill_given;
    if (pos < end && (spec[pos] == ' ' || spec[pos] == '-' || spec[pos] == '+')) {
        out.sign = true;
        ++pos;
    }
    if (pos < end && spec[pos] == '#') {
        out.alternate = true;
        ++pos;
    }
    if (!fill_given && pos < end && spec[pos] == '0') {
        out.fill = U'0';
        if (!align_given)
            out.align = Align::Equal;
        ++pos;
    }
    if (!read_integer(spec, pos, out.width))
        return std::nullopt;
    if (pos < end && spec[pos] == ',') {
        out.thousands = true;
        ++pos;
    }
    if (pos < end && spec[pos] == '.') {
        ++pos;
        const std::size_t digits_start = pos;
        if (!read_integer(spec, pos, out.precision) || pos == digits_start)
            return std::nullopt;
    }
    if (end - pos > 1)
        return std::nullopt;
    if (end - pos == 1) {
        out.type = spec[pos];
        if (std::string_view("boxXeEfF%s?").find(out.type) == std::string_view::npos)
            return std::nullopt;
    }
    if (out.thousands && std::string_view("efEF%").find(out.type) == std::string_view::npos && out.type != 0)
        return std::nullopt;
    return out;
}

void append_fill(std::string& out, char32_t fill, std::size_t count)
{
    std::string one;
    append_utf8(one, fill);
    for (std::size_t i = 0; i < count; ++i)
        out += one;
}

/// Appends `value` formatted by the placeholder `pattern` (`key` or `key:spec`); false on error.
bool format_placeholder(std::string& out, std::string_view pattern, const data::StringMap::Entries& entries)
{
    if (pattern.empty() || pattern[0] == ':')
        return false;
    const std::size_t colon = pattern.find(':');
    const std::string_view key = pattern.substr(0, colon);
    const std::string_view rest =
        colon == std::string_view::npos ? std::string_view() : pattern.substr(colon + 1);
    auto spec = parse_spec(rest);
    if (!spec)
        return false;
    auto entry = entries.find(key);
    if (entry == entries.end())
        return false;
    // Formatter::str: only what applies to strings.
    if (spec->align == Align::Unspecified)
        spec->align = Align::Left;
    if ((spec->type != 0 && spec->type != 's') || spec->alternate || spec->thousands || spec->sign)
        return false;

    const std::string_view value = entry->second;
    const std::size_t chars = count_chars(value);
    const std::size_t length = spec->precision ? std::min(*spec->precision, chars) : chars;
    std::size_t after = 0;
    if (spec->width && *spec->width > length) {
        const std::size_t padding = *spec->width - length;
        switch (spec->align) {
        case Align::Left:
            after = padding;
            break;
        case Align::Center:
            append_fill(out, spec->fill, padding / 2);
            after = padding - padding / 2;
            break;
        case Align::Right:
            append_fill(out, spec->fill, padding);
            break;
        case Align::Equal:
        case Align::Unspecified:
            return false;
        }
    }
    std::size_t taken = 0, bytes = 0;
    while (bytes < value.size() && taken < length) {
        bytes += utf8_length(static_cast<unsigned char>(value[bytes]));
        ++taken;
    }
    out.append(value.substr(0, std::min(bytes, value.size())));
    append_fill(out, spec->fill, after);
    return true;
}

} // namespace

std::optional<std::string> format_template(std::string_view format, const data::StringMap::Entries& entries)
{
    std::string out;
    // Positions are relative to `remaining`, the text after the last placeholder, as in strfmt_map.
    std::string_view remaining = format;
    std::size_t bytes_read = 0;
    std::size_t opening = 0;
    bool reading = false; // inside a placeholder
    bool closing = false; // after a '}' that may start "}}"
    for (char c : format) {
        ++bytes_read;
        if (c == '{') {
            if (reading && opening + 2 == bytes_read) {
                out += '{';
                reading = false;
            } else if (!reading) {
                reading = true;
                opening = bytes_read - 1;
            } else {
                return std::nullopt;
            }
        } else if (c == '}') {
            if (!reading && !closing) {
                closing = true;
            } else if (closing) {
                out += '}';
                closing = false;
            } else {
                const std::string_view pattern = remaining.substr(opening + 1, bytes_read - opening - 2);
                remaining = remaining.substr(bytes_read);
                if (!format_placeholder(out, pattern, entries))
                    return std::nullopt;
                reading = false;
                bytes_read = 0;
            }
        } else if (closing) {
            return std::nullopt;
        } else if (!reading) {
            out += c;
        }
    }
    if (closing || reading)
        return std::nullopt;
    return out;
}

} // namespace mel::stdlib::text
