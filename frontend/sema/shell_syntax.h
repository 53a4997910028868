#pragma once

// Shell syntax in a command line given to `process/command::|raw_command(s)` (issue 5): those lines are split
// with shell quoting rules and run directly, without a shell, so `a && b` runs `a` with the arguments `&&` and
// `b`. The checker warns about it (D1003).

#include <optional>
#include <string>
#include <string_view>

namespace mel::frontend::sema {

/// The first shell construct of `line` that would be passed literally (`&&`, `||`, `|`, `;`, `&`, `>`, `<`,
/// `$VAR`, `${VAR}`, `$(…)`, a backquote, a leading `cd`), as it is written; nullopt when there is none.
/// Quoting is honoured as the splitting honours it: nothing inside single quotes counts, and inside double
/// quotes only `$` and backquote expansions do (a shell would expand them there too).
std::optional<std::string> shell_syntax(std::string_view line);

/// `sh -c '…'` running `line` in a shell, quoted for |raw_command's splitting.
std::string in_shell(std::string_view line);

} // namespace mel::frontend::sema
