// Tab completion for the REPL (see completion.h). Works on text only: the treatment being typed
// is not parsed (it is incomplete), its tokens are scanned.
#include "cli/repl/completion.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace mel::cli::repl {

namespace {

constexpr std::string_view k_breaks = " \t\n(),=[]<>{}-";

bool word_char(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '_' || u >= 0x80;
}

struct Token {
    enum class Kind { Name, Sigil, Arrow, Punct };
    Kind kind;
    std::string text;
};

/// NAME tokens, `|f` / `@C` tokens, arrows and single punctuation; strings, characters and
/// comments skipped (an unterminated one ends the scan).
std::vector<Token> tokenize(std::string_view t)
{
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < t.size()) {
        const char c = t[i];
        const char next = i + 1 < t.size() ? t[i + 1] : '\0';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if ((c == '/' && next == '/') || c == '#') {
            const auto end = t.find('\n', i);
            i = end == std::string_view::npos ? t.size() : end;
        } else if (c == '/' && next == '*') {
            const auto end = t.find("*/", i + 2);
            i = end == std::string_view::npos ? t.size() : end + 2;
        } else if (c == '"') {
            for (++i; i < t.size() && t[i] != '"'; ++i)
                if (t[i] == '\\')
                    ++i;
            ++i;
        } else if (c == '\'') {
            const auto end = t.find('\'', i + 1);
            i = end == std::string_view::npos ? t.size() : end + 1;
        } else if (c == '$' && next == '{') {
            std::size_t braces = 0;
            for (++i; i < t.size() && t[i] == '{'; ++i)
                ++braces;
            const auto end = t.find(std::string(braces, '}'), i);
            i = end == std::string_view::npos ? t.size() : end + braces;
        } else if (word_char(c) || ((c == '|' || c == '@') && word_char(next))) {
            const std::size_t start = i++;
            while (i < t.size() && word_char(t[i]))
                ++i;
            out.push_back({word_char(c) ? Token::Kind::Name : Token::Kind::Sigil, std::string(t.substr(start, i - start))});
        } else if (c == '-') {
            std::size_t j = i;
            while (j < t.size() && t[j] == '-')
                ++j;
            if (j < t.size() && t[j] == '>') {
                out.push_back({Token::Kind::Arrow, "->"});
                i = j + 1;
            } else {
                out.push_back({Token::Kind::Punct, "-"});
                i = j;
            }
        } else {
            out.push_back({Token::Kind::Punct, std::string(1, c)});
            ++i;
        }
    }
    return out;
}

bool is_open(const Token& t) { return t.kind == Token::Kind::Punct && (t.text == "(" || t.text == "[" || t.text == "{" || t.text == "<"); }
bool is_close(const Token& t) { return t.kind == Token::Kind::Punct && (t.text == ")" || t.text == "]" || t.text == "}" || t.text == ">"); }

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

void add_matching(std::set<std::string>& out, const std::vector<std::string>& words, std::string_view prefix)
{
    for (const auto& w : words)
        if (starts_with(w, prefix))
            out.insert(w);
}

} // namespace

std::vector<std::pair<std::string, std::string>> typed_instances(const std::string& text)
{
    std::vector<std::pair<std::string, std::string>> out;
    const auto tokens = tokenize(text);
    std::vector<std::string> stack; // open brackets
    auto in_body = [&] { return stack.size() == 1 && stack.front() == "{"; };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (is_open(t)) {
            stack.push_back(t.text);
            continue;
        }
        if (is_close(t)) {
            if (!stack.empty())
                stack.pop_back();
            continue;
        }
        if (t.kind != Token::Kind::Name || !in_body())
            continue;
        // A statement starts here when the previous token ends one (or opens the body).
        const bool statement = i == 0 || is_close(tokens[i - 1]) || tokens[i - 1].text == "{" ||
                               tokens[i - 1].kind == Token::Kind::Name;
        if (!statement || i + 1 >= tokens.size())
            continue;
        const Token& after = tokens[i + 1];
        const bool opens = after.text == "(" || after.text == "<" || after.text == "[";
        if (opens && after.kind == Token::Kind::Punct) {
            out.emplace_back(t.text, t.text);
        } else if (after.text == ":" && i + 3 < tokens.size() && tokens[i + 2].kind == Token::Kind::Name &&
                   (tokens[i + 3].text == "(" || tokens[i + 3].text == "<" || tokens[i + 3].text == "[")) {
            out.emplace_back(t.text, tokens[i + 2].text);
            i += 2;
        }
    }
    return out;
}

PortNames typed_self_ports(const std::string& text)
{
    PortNames out;
    const auto tokens = tokenize(text);
    int depth = 0;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (is_open(tokens[i]))
            ++depth;
        else if (is_close(tokens[i]))
            --depth;
        else if (depth == 0 && tokens[i].kind == Token::Kind::Name && tokens[i + 1].kind == Token::Kind::Name) {
            if (tokens[i].text == "input")
                out.inputs.push_back(tokens[i + 1].text);
            else if (tokens[i].text == "output")
                out.outputs.push_back(tokens[i + 1].text);
        }
    }
    return out;
}

Completion complete(const CompletionSource& source, const std::string& pending, const std::string& line)
{
    Completion result;
    const auto last_break = line.find_last_of(k_breaks);
    result.start = last_break == std::string::npos ? 0 : last_break + 1;
    const std::string word = line.substr(result.start);
    std::set<std::string> found;

    const auto first = line.find_first_not_of(" \t");
    if (pending.empty() && first != std::string::npos && line[first] == ':') {
        // `:command ARG ARG`: which word is being completed?
        std::vector<std::string> words;
        for (std::size_t i = first; i < line.size();) {
            const auto end = line.find_first_of(" \t", i);
            words.push_back(line.substr(i, end == std::string::npos ? std::string::npos : end - i));
            if (end == std::string::npos)
                break;
            i = line.find_first_not_of(" \t", end);
            if (i == std::string::npos) {
                words.emplace_back();
                break;
            }
        }
        if (result.start <= first) {
            add_matching(found, source.commands, word);
        } else if (words.size() == 2 && (words[0] == ":info" || words[0] == ":graph" || words[0] == ":run")) {
            add_matching(found, source.names, word);
            add_matching(found, source.identifiers, word);
        } else if (words.size() == 3 && words[0] == ":graph") {
            add_matching(found, {"ascii", "dot", "mermaid"}, word);
        } else if (words[0] == ":eval" && !word.empty()) {
            add_matching(found, source.names, word);
        }
        result.candidates.assign(found.begin(), found.end());
        return result;
    }

    if (const auto dot = word.find('.'); dot != std::string::npos) {
        const std::string instance = word.substr(0, dot);
        const std::string prefix = word.substr(dot + 1);
        const std::string before = line.substr(0, result.start);
        const auto last = before.find_last_not_of(" \t");
        const bool right_of_arrow = last != std::string::npos && before[last] == '>';
        const std::string text = pending + "\n" + line;
        PortNames ports;
        if (instance == "Self") {
            PortNames self = typed_self_ports(text);
            // On the left of an arrow, Self's ports are the host's inputs; on the right, its outputs.
            ports.outputs = self.inputs;
            ports.inputs = self.outputs;
        } else {
            for (const auto& [name, type] : typed_instances(text))
                if (name == instance && source.ports)
                    if (auto p = source.ports(type))
                        ports = *p;
        }
        for (const auto& port : right_of_arrow ? ports.inputs : ports.outputs)
            if (starts_with(port, prefix))
                found.insert(instance + "." + port);
        result.candidates.assign(found.begin(), found.end());
        return result;
    }

    if (!word.empty()) {
        add_matching(found, source.names, word);
        add_matching(found, source.identifiers, word);
    }
    result.candidates.assign(found.begin(), found.end());
    return result;
}

} // namespace mel::cli::repl
