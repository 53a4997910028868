#pragma once

// Shell syntax in a command line given to `process/command::|raw_command(s)` (issue 5): those lines are split
// with shell quoting rules and run directly, without a shell, so `a && b` runs `a` with the arguments `&&`
// and `b`. The checker warns about it (D1003), and about lines that cannot be split at all (D1005). Both read
// the line with one scanner that follows the splitting's rules (packages/process/command.cpp,
// split_command_line).

#include <optional>
#include <string>
#include <string_view>

namespace mel::frontend::sema {

/// The first shell construct of `line` that would be passed literally (`&&`, `||`, `|`, `;`, `&`, `>`, `<`,
/// `$VAR`, `${VAR}`, `$(…)`, a backquote, a leading `cd`), as it is written; nullopt when there is none.
/// Quoting is honoured as the splitting honours it: nothing inside single quotes counts, and inside double
/// quotes only `$` and backquote expansions do (a shell would expand them there too).
std::optional<std::string> shell_syntax(std::string_view line);

/// Why |raw_command cannot split a line into a command (its none; `|raw_commands` fails on it).
enum class SplitProblem { UnclosedSingleQuote, UnclosedDoubleQuote, LoneBackslash, NoWord };

/// Whether `line` cannot be split: a quote left open, a lone trailing backslash, or no word at all (an empty
/// line, only blanks, only a `#` comment).
std::optional<SplitProblem> split_problem(std::string_view line);

/// "a single quote is not closed", "it holds no word"…
std::string_view split_problem_text(SplitProblem);

/// `sh -c '…'` running `line` in a shell, quoted for |raw_command's splitting.
std::string in_shell(std::string_view line);

} // namespace mel::frontend::sema
