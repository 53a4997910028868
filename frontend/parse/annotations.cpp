#include "frontend/parse/annotations.h"

#include <vector>

#include "frontend/parse/utf8_text.h"

namespace mel::frontend {
namespace {

/// Rust's `str::lines()`: split on `\n`, drop one trailing `\r` per line, no empty last line.
std::vector<std::string_view> lines_of(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        const std::size_t next = end == std::string_view::npos ? text.size() : end + 1;
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        start = next;
    }
    return lines;
}

/// Byte length of the leading Unicode whitespace of `line`.
std::size_t leading_white_space(std::string_view line)
{
    std::size_t i = 0;
    while (i < line.size()) {
        char32_t c = 0;
        const std::size_t length = utf8_sequence_length(line, i, &c);
        if (length == 0 || !is_white_space(c))
            break;
        i += length;
    }
    return i;
}

/// Rust regex `\w` for one character starting at `text[i]` (ASCII exactly; other characters count
/// as word characters unless they are whitespace — an approximation of Alphabetic/Mark/Nd/Pc).
std::size_t word_char_length(std::string_view text, std::size_t i)
{
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80)
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ? 1 : 0;
    char32_t cp = 0;
    const std::size_t length = utf8_sequence_length(text, i, &cp);
    return length > 0 && !is_white_space(cp) ? length : 0;
}

} // namespace

std::string remove_doc_indent(std::string_view doc)
{
    const auto lines = lines_of(doc);
    std::string_view prefix;
    bool found = false;
    for (const auto line : lines) {
        const std::size_t indent = leading_white_space(line);
        if (indent < line.size()) {
            prefix = line.substr(0, indent);
            found = true;
            break;
        }
    }
    if (!found)
        return std::string(doc);
    std::string out;
    out.reserve(doc.size() + 1);
    for (auto line : lines) {
        if (line.substr(0, prefix.size()) == prefix)
            line.remove_prefix(prefix.size());
        out += line;
        out += '\n';
    }
    return out;
}

std::string doc_comment_text(std::string_view token)
{
    std::string_view body = token;
    if (body.substr(0, 3) == "///") {
        body.remove_prefix(3);
    } else if (body.substr(0, 3) == "/**") {
        body.remove_prefix(3);
        // `/**/`: the opening `/**` and the closing `*/` share the star (the reference crashes here).
        if (body.size() >= 2 && body.substr(body.size() - 2) == "*/")
            body.remove_suffix(2);
        else
            body = {};
    }
    return remove_doc_indent(body);
}

std::string doc_lines_text(const std::vector<std::string_view>& lines)
{
    std::string joined;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        std::string_view line = lines[i];
        if (line.substr(0, 3) == "///")
            line.remove_prefix(3);
        if (i > 0)
            joined += '\n';
        joined += line;
    }
    return remove_doc_indent(joined);
}

std::optional<std::pair<std::string, std::string>> attribute_of(std::string_view annotation)
{
    if (annotation.substr(0, 2) != "#[")
        return std::nullopt;
    std::size_t i = 2;
    while (i < annotation.size()) {
        const std::size_t length = word_char_length(annotation, i);
        if (length == 0)
            break;
        i += length;
    }
    if (i == 2 || i >= annotation.size() || annotation[i] != '(')
        return std::nullopt;
    const std::size_t value_start = i + 1;
    const std::size_t close = annotation.rfind(")]");
    if (close == std::string_view::npos || close < value_start)
        return std::nullopt;
    return std::make_pair(std::string(annotation.substr(2, i - 2)),
                          std::string(annotation.substr(value_start, close - value_start)));
}

} // namespace mel::frontend
