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

enum class Quote { None, Single, Double };

/// How a scan ended.
struct ScanEnd {
    Quote open = Quote::None;    // the quote still open at the end of the line
    bool lone_backslash = false; // the line ends with a backslash escaping nothing
    bool has_word = false;
};

/// Reads `line` the way |raw_command splits it (packages/process/command.cpp: words separated by
/// spaces, tabs and newlines; `#` at the start of a word comments out the rest of its line; nothing
/// is special inside single quotes; a backslash escapes the next character elsewhere). Calls
/// `visit(i, quote)` for each character read unescaped outside comments and single quotes (with the
/// quote state before it) and stops early when `visit` returns true.
template<class Visit> ScanEnd scan(std::string_view line, Visit visit)
{
    ScanEnd end;
    Quote quote = Quote::None;
    bool in_word = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote == Quote::Single) {
            if (c == '\'')
                quote = Quote::None;
            continue;
        }
        if (quote == Quote::None && (c == ' ' || c == '\t' || c == '\n')) {
            in_word = false;
            continue;
        }
        if (quote == Quote::None && !in_word && c == '#') {
            while (i + 1 < line.size() && line[i + 1] != '\n')
                ++i;
            continue;
        }
        in_word = true;
        end.has_word = true;
        if (c == '\\') {
            if (i + 1 == line.size()) {
                end.lone_backslash = true;
                return end;
            }
            ++i;
            continue;
        }
        if (visit(i, quote))
            return end;
        if (quote == Quote::Double) {
            if (c == '"')
                quote = Quote::None;
        } else if (c == '\'') {
            quote = Quote::Single;
        } else if (c == '"') {
            quote = Quote::Double;
        }
    }
    end.open = quote;
    return end;
}

} // namespace

std::optional<std::string> shell_syntax(std::string_view line)
{
    std::size_t start = 0;
    while (start < line.size() && std::isspace(static_cast<unsigned char>(line[start])))
        ++start;
    if (line.substr(start, 2) == "cd" &&
        (start + 2 == line.size() || std::isspace(static_cast<unsigned char>(line[start + 2]))))
        return std::string("cd");

    std::optional<std::string> found;
    scan(line, [&](std::size_t i, Quote quote) {
        const char c = line[i];
        if (c == '$') {
            found = expansion_at(line, i);
            return found.has_value();
        }
        if (c == '`') {
            found = "`";
            return true;
        }
        if (quote == Quote::Double)
            return false;
        switch (c) {
        case '&':
        case '|':
            found = std::string(line.substr(i, i + 1 < line.size() && line[i + 1] == c ? 2 : 1));
            return true;
        case ';':
        case '>':
        case '<':
            found = std::string(1, c);
            return true;
        default:
            return false;
        }
    });
    return found;
}

std::optional<SplitProblem> split_problem(std::string_view line)
{
    const ScanEnd end = scan(line, [](std::size_t, Quote) { return false; });
    if (end.lone_backslash)
        return SplitProblem::LoneBackslash;
    if (end.open == Quote::Single)
        return SplitProblem::UnclosedSingleQuote;
    if (end.open == Quote::Double)
        return SplitProblem::UnclosedDoubleQuote;
    if (!end.has_word)
        return SplitProblem::NoWord;
    return std::nullopt;
}

std::string_view split_problem_text(SplitProblem problem)
{
    switch (problem) {
    case SplitProblem::UnclosedSingleQuote:
        return "a single quote is not closed";
    case SplitProblem::UnclosedDoubleQuote:
        return "a double quote is not closed";
    case SplitProblem::LoneBackslash:
        return "it ends with a lone backslash";
    case SplitProblem::NoWord:
        return "it holds no word";
    }
    return "";
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
