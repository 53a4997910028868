// REPL input: completeness of what was typed, plain line reading, and libedit (through its
// readline interface) on terminals.
#include "cli/repl/input.h"

#include <editline/readline.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace mel::cli::repl {

namespace {

bool word_char(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '_' || u >= 0x80;
}

/// Skips a quoted string, a raw string, a character or a comment starting at `i`; returns false
/// when it does not end within `t` (the input continues on the next line).
bool skip_literal(std::string_view t, std::size_t& i)
{
    const char c = t[i];
    const char next = i + 1 < t.size() ? t[i + 1] : '\0';
    if (c == '/' && next == '/') {
        i = t.find('\n', i);
        i = i == std::string_view::npos ? t.size() : i;
        return true;
    }
    if (c == '#') {
        i = t.find('\n', i);
        i = i == std::string_view::npos ? t.size() : i;
        return true;
    }
    if (c == '/' && next == '*') {
        const auto end = t.find("*/", i + 2);
        if (end == std::string_view::npos)
            return false;
        i = end + 2;
        return true;
    }
    if (c == '"') {
        for (++i; i < t.size() && t[i] != '"'; ++i)
            if (t[i] == '\\')
                ++i;
        if (i >= t.size())
            return false;
        ++i;
        return true;
    }
    if (c == '$' && next == '{') {
        std::size_t braces = 0;
        for (i += 1; i < t.size() && t[i] == '{'; ++i)
            ++braces;
        const auto end = t.find(std::string(braces, '}'), i);
        if (end == std::string_view::npos)
            return false;
        i = end + braces;
        return true;
    }
    if (c == '\'') {
        const auto end = t.find('\'', i + 1);
        if (end == std::string_view::npos)
            return false;
        i = end + 1;
        return true;
    }
    return true;
}

bool is_literal_start(std::string_view t, std::size_t i)
{
    const char c = t[i];
    const char next = i + 1 < t.size() ? t[i + 1] : '\0';
    return (c == '/' && (next == '/' || next == '*')) || c == '#' || c == '"' || (c == '$' && next == '{') ||
           c == '\'';
}

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_interrupt(int) { g_interrupted = 1; }

class PlainReader final : public LineReader {
public:
    Status read(bool, std::string& line) override
    {
        if (!std::getline(std::cin, line))
            return Status::End;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        return Status::Line;
    }
};

// libedit's readline interface is global state: one terminal reader at a time.
Completer* g_completer = nullptr;
std::string* g_pending = nullptr;
std::vector<std::string> g_matches;

char* next_match(const char*, int state)
{
    static std::size_t index = 0;
    if (state == 0)
        index = 0;
    if (index >= g_matches.size())
        return nullptr;
    return ::strdup(g_matches[index++].c_str());
}

char** complete(const char* text, int, int)
{
    rl_attempted_completion_over = 1; // never fall back to file names
    g_matches.clear();
    if (!g_completer || !rl_line_buffer)
        return nullptr;
    const std::string line(rl_line_buffer, static_cast<std::size_t>(std::max(0, rl_point)));
    Completion found = (*g_completer)(g_pending ? *g_pending : std::string(), line);
    // libedit replaces `text` (its own idea of the word): keep what lies between its start and ours.
    const std::size_t text_start = line.size() >= std::strlen(text) ? line.size() - std::strlen(text) : 0;
    const std::string kept = found.start < text_start ? std::string() : line.substr(text_start, found.start - text_start);
    for (auto& c : found.candidates)
        g_matches.push_back(kept + c);
    if (g_matches.empty())
        return nullptr;
    return rl_completion_matches(text, next_match);
}

class TerminalReader final : public LineReader {
public:
    TerminalReader(std::string history_file, Completer completer)
        : m_history_file(std::move(history_file)), m_completer(std::move(completer))
    {
        rl_readline_name = const_cast<char*>("melodium");
        rl_catch_signals = 0; // Ctrl-C is ours (install_interrupt_handler)
        // Words are element names (`std/flow::trigger`, `|add`), ports (`emit.trigger`) and `:commands`.
        rl_completer_word_break_characters = const_cast<char*>(" \t\n(),=[]<>{}-");
        rl_attempted_completion_function = complete;
        g_completer = &m_completer;
        g_pending = &m_pending;
        using_history();
        stifle_history(1000);
        if (!m_history_file.empty())
            read_history(m_history_file.c_str());
    }

    ~TerminalReader() override
    {
        if (!m_history_file.empty())
            write_history(m_history_file.c_str());
        g_completer = nullptr;
        g_pending = nullptr;
    }

    Status read(bool continuation, std::string& line) override
    {
        g_interrupted = 0;
        char* text = readline(continuation ? "...> " : "mel> ");
        if (g_interrupted) {
            std::free(text);
            return Status::Interrupted;
        }
        if (!text)
            return Status::End;
        line = text;
        std::free(text);
        return Status::Line;
    }

    void remember(const std::string& input) override
    {
        // One history entry per input, on one line (newlines separate nothing in Mélodium).
        std::string entry = input;
        for (char& c : entry)
            if (c == '\n')
                c = ' ';
        add_history(entry.c_str());
    }

private:
    std::string m_history_file;
    Completer m_completer;
};

} // namespace

bool is_command_line(std::string_view line)
{
    const std::size_t i = line.find_first_not_of(" \t");
    return i != std::string_view::npos && line[i] == ':' && i + 1 < line.size() &&
           std::isalpha(static_cast<unsigned char>(line[i + 1])) != 0;
}

bool input_complete(std::string_view t) { return input_state(t) == InputState::Complete; }

InputState input_state(std::string_view t)
{
    std::size_t i = t.find_first_not_of(" \t\r\n");
    if (i != std::string_view::npos && t[i] == ':')
        return InputState::Complete;
    std::string open; // the brackets not closed yet, innermost last
    bool body_pending = false, token = false;
    for (i = 0; i < t.size();) {
        const char c = t[i];
        if (is_literal_start(t, i)) {
            const bool comment = c == '/' || c == '#';
            if (!skip_literal(t, i))
                return InputState::Open;
            token = token || !comment;
            continue;
        }
        if (word_char(c)) {
            const std::size_t start = i;
            while (i < t.size() && word_char(t[i]))
                ++i;
            const std::string_view word = t.substr(start, i - start);
            if (open.empty() && (word == "treatment" || word == "model"))
                body_pending = true;
            token = true;
            continue;
        }
        if (c == '(' || c == '[' || c == '{')
            open += c;
        if (c == ')' || c == ']' || c == '}') {
            if (open.empty())
                return InputState::Complete; // let the parser say what is wrong
            open.pop_back();
            if (c == '}' && open.empty())
                body_pending = false;
        }
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            token = true;
        ++i;
    }
    if (!open.empty())
        return open.back() == '{' ? InputState::Open : InputState::Unclosed;
    return token && !body_pending ? InputState::Complete : InputState::Waiting;
}

std::unique_ptr<LineReader> make_plain_reader() { return std::make_unique<PlainReader>(); }

std::unique_ptr<LineReader> make_terminal_reader(std::string history_file, Completer completer)
{
    return std::make_unique<TerminalReader>(std::move(history_file), std::move(completer));
}

void install_interrupt_handler()
{
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: a read on the terminal returns, and the prompt starts over
    sigaction(SIGINT, &action, nullptr);
}

bool take_interrupt()
{
    const bool was = g_interrupted != 0;
    g_interrupted = 0;
    return was;
}

} // namespace mel::cli::repl
