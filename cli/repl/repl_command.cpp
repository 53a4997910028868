// `melodium repl [--path P] [FILE]`: the interactive session (session.h). On a terminal: libedit
// line editing, history in ~/.melodium/repl_history (or $MELODIUM_REPL_HISTORY), Tab completion,
// Ctrl-C discarding the input being typed (or stopping a `:run`), Ctrl-D or `:quit` to leave.
// Otherwise the same inputs are read line by line, without prompt, and the exit code is 1 if any
// of them failed.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "cli/command_factories.h"
#include "cli/repl/input.h"
#include "cli/repl/session.h"
#include "runtime/model/term.h"
#include "runtime/model/version.h"

namespace mel::cli {
namespace {

std::string history_file()
{
    if (const char* path = std::getenv("MELODIUM_REPL_HISTORY"))
        return path;
    const char* home = std::getenv("HOME");
    if (!home || !*home)
        return {};
    const std::filesystem::path dir = std::filesystem::path(home) / ".melodium";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    return (dir / "repl_history").string();
}

void report_abandoned(const std::string& pending, const std::string& command)
{
    const auto lines = std::count(pending.begin(), pending.end(), '\n') + 1;
    term::status_line(stderr, "error",
                      fmt::format("the unfinished input ({} line{}) is abandoned for {}", lines, lines == 1 ? "" : "s",
                                  command.substr(command.find(':'))));
}

/// Reads inputs until the end, executes each; whether every input succeeded.
bool read_eval_loop(repl::Session& session, repl::LineReader& reader, bool interactive)
{
    bool ok = true;
    bool previous_blank = false; // the last line added to `pending` was blank
    std::string pending;
    const auto submit = [&] {
        pending.erase(pending.find_last_not_of(" \t\r\n") + 1); // the blank lines that ended it
        reader.remember(pending);
        if (!session.execute(pending))
            ok = false;
        pending.clear();
        reader.set_pending({});
        previous_blank = false;
    };
    while (!session.finished()) {
        std::string line;
        const auto status = reader.read(!pending.empty(), line);
        if (status == repl::LineReader::Status::Interrupted) {
            pending.clear();
            reader.set_pending({});
            previous_blank = false;
            std::fputs("\n", stdout);
            std::fflush(stdout);
            continue;
        }
        if (status == repl::LineReader::Status::End) {
            if (!pending.empty())
                submit();
            if (interactive)
                std::fputs("\n", stdout);
            break;
        }
        const bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
        if (blank && pending.empty())
            continue;
        if (blank) {
            // A blank line ends an input left with an unclosed parenthesis or bracket, a header
            // without body or comments without declaration; two in a row end any input. The checker
            // says what is missing. (A single blank line inside a body is an ordinary line.)
            const auto state = repl::input_state(pending);
            if (state == repl::InputState::Unclosed || state == repl::InputState::Waiting || previous_blank) {
                submit();
                continue;
            }
        }
        previous_blank = blank;
        if (!pending.empty() && repl::is_command_line(line)) {
            // Never swallowed by an unfinished input: `:quit` always quits.
            report_abandoned(pending, line);
            ok = false;
            pending.clear();
            reader.set_pending({});
        }
        pending += pending.empty() ? line : "\n" + line;
        if (repl::input_complete(pending))
            submit();
        else
            reader.set_pending(pending);
    }
    return ok;
}

class ReplCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        // One value per `--path` (CLI11 lets a vector option swallow the following words, FILE included).
        app.add_option("--path", m_paths, "Extra search location for packages (repeatable)")
            ->allow_extra_args(false);
        app.add_option("file", m_file, "Program to load first (Compo.toml, standalone .mel or .jeu)");
    }

    int execute() override
    {
        const bool interactive = ::isatty(STDIN_FILENO) != 0;
        repl::SessionOptions options;
        options.search_paths = m_paths;
        options.colour_out = term::colour_enabled(stdout);
        options.colour_err = term::colour_enabled(stderr);
        options.interactive = interactive;
        repl::Session session(options);
        if (interactive)
            std::printf("Mélodium %s, melodium REPL: declarations are checked as typed; :help lists the commands\n",
                        k_language_version);
        bool ok = session.load(m_file);
        std::fflush(stdout);
        std::fflush(stderr);
        if (!interactive) {
            auto reader = repl::make_plain_reader();
            ok = read_eval_loop(session, *reader, false) && ok;
            return ok ? k_exit_ok : k_exit_failure;
        }
        repl::install_interrupt_handler();
        auto reader = repl::make_terminal_reader(
            history_file(), [&session](const std::string& pending, const std::string& line) {
                return repl::complete(session.completion_source(), pending, line);
            });
        read_eval_loop(session, *reader, true);
        return k_exit_ok;
    }

private:
    std::vector<std::string> m_paths;
    std::string m_file;
};

} // namespace

std::unique_ptr<Command> make_repl_command() { return std::make_unique<ReplCommand>(); }

} // namespace mel::cli
