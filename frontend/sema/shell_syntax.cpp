#include "frontend/sema/shell_syntax.h"

#include <cctype>

namespace mel::frontend::sema {

namespace {

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

/// `$NAME`, `${…}` or `$(…)` starting at `line[i] == '$'`, as written (up to the name's end or the brace).
std::optional<std::string> expansion_at(std::string_view line, std::size_t i)
{
    if (i + 1 >= line.size())
        return std::nullopt;
    const char next = line[i + 1];
    if (next == '{' || next == '(')
        return std::string(line.substr(i, 2));
    if (!is_name_start(next))
        return std::nullopt;
    std::size_t end = i + 2;
    while (end < line.size() && (is_name_start(line[end]) || std::isdigit(static_cast<unsigned char>(line[end]))))
        ++end;
    return std::string(line.substr(i, end - i));
}

} // namespace

std::optional<std::string> shell_syntax(std::string_view line)
{
    std::size_t start = 0;
    while (start < line.size() && std::isspace(static_cast<unsigned char>(line[start])))
        ++start;
    if (line.substr(start, 2) == "cd" && (start + 2 == line.size() || std::isspace(static_cast<unsigned char>(line[start + 2]))))
        return std::string("cd");

    enum class Quote { None, Single, Double } quote = Quote::None;
    for (std::size_t i = start; i < line.size(); ++i) {
        const char c = line[i];
        if (quote == Quote::Single) {
            if (c == '\'')
                quote = Quote::None;
            continue;
        }
        if (c == '\\') { // escapes the next character, outside single quotes
            ++i;
            continue;
        }
        if (c == '$') {
            if (auto e = expansion_at(line, i))
                return e;
            continue;
        }
        if (c == '`')
            return std::string("`");
        if (quote == Quote::Double) {
            if (c == '"')
                quote = Quote::None;
            continue;
        }
        switch (c) {
        case '\'': quote = Quote::Single; break;
        case '"': quote = Quote::Double; break;
        case '&':
        case '|':
            return std::string(line.substr(i, i + 1 < line.size() && line[i + 1] == c ? 2 : 1));
        case ';':
        case '>':
        case '<': return std::string(1, c);
        default: break;
        }
    }
    return std::nullopt;
}

std::string in_shell(std::string_view line)
{
    std::string out = "sh -c '";
    for (const char c : line) {
        if (c == '\'')
            out += "'\\''"; // close, an escaped quote, reopen
        else
            out += c;
    }
    out += '\'';
    return out;
}

} // namespace mel::frontend::sema
