#pragma once

// Reading the REPL's inputs: one line at a time, gathered into complete inputs (a `:command` is
// one line; declarations continue until their brackets and braces balance and a treatment's or
// model's body is closed). On a terminal, libedit gives line editing, history and completion;
// otherwise lines are read plainly, without prompts, so that sessions can be scripted.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mel::cli::repl {

/// Whether `text` (the lines typed so far) is a complete input: a `:command`, or declarations
/// whose parentheses, brackets and braces balance (strings, characters and comments skipped) and
/// whose last `treatment`/`model` has its body closed. Only comments and blanks: not complete
/// (a doc comment waits for its declaration).
bool input_complete(std::string_view text);

/// Where an input stands: Complete; Open inside a body's braces, a string or a comment, where a
/// blank line is an ordinary line; Unclosed inside parentheses or brackets (`emit(value = 1`);
/// or Waiting at the top level (a header without its body yet, or comments without their
/// declaration). One blank line ends an Unclosed or Waiting input, two blank lines in a row end
/// any input (the checker then says what is missing).
enum class InputState { Complete, Open, Unclosed, Waiting };
InputState input_state(std::string_view text);

/// Whether `line` is a `:command` (its first non-blank character a colon followed by a letter):
/// such a line is always a command, also while a declaration is being typed.
bool is_command_line(std::string_view line);

/// Completion candidates for the word before the cursor.
struct Completion {
    std::size_t start = 0;               // where the word starts in the line
    std::vector<std::string> candidates; // whole words, sorted, unique
};
/// `pending`: the earlier lines of the input being typed; `line`: the current line up to the cursor.
using Completer = std::function<Completion(const std::string& pending, const std::string& line)>;

class LineReader {
public:
    virtual ~LineReader() = default;
    enum class Status { Line, Interrupted, End };
    /// The next line (without its newline); Interrupted on Ctrl-C, End at the end of input.
    virtual Status read(bool continuation, std::string& line) = 0;
    /// A complete input to remember in the history.
    virtual void remember(const std::string&) {}
    /// Lines typed so far for the input in progress (for completion).
    void set_pending(std::string pending) { m_pending = std::move(pending); }

protected:
    std::string m_pending;
};

/// Plain lines from standard input, no prompt.
std::unique_ptr<LineReader> make_plain_reader();

/// libedit on the terminal: prompt `mel> ` (`...> ` for continuation lines), history kept in
/// `history_file` (none if empty), Tab completion through `completer`.
std::unique_ptr<LineReader> make_terminal_reader(std::string history_file, Completer completer);

/// Ctrl-C: a flag set by our SIGINT handler (installed for terminal sessions, and again after
/// each run, since the engine takes SIGINT while it runs).
void install_interrupt_handler();
bool take_interrupt();

} // namespace mel::cli::repl
