// D1003's detection: shell constructs in |raw_command lines, quoting honoured as the splitting does.

#include <doctest/doctest.h>

#include "frontend/sema/shell_syntax.h"

using mel::frontend::sema::in_shell;
using mel::frontend::sema::shell_syntax;

TEST_CASE("shell operators, redirections, expansions and a leading cd are found")
{
    CHECK(shell_syntax("make && make test") == "&&");
    CHECK(shell_syntax("make || true") == "||");
    CHECK(shell_syntax("ls | wc -l") == "|");
    CHECK(shell_syntax("a; b") == ";");
    CHECK(shell_syntax("server &") == "&");
    CHECK(shell_syntax("echo hi > out.txt") == ">");
    CHECK(shell_syntax("sort < in.txt") == "<");
    CHECK(shell_syntax("echo $HOME") == "$HOME");
    CHECK(shell_syntax("echo ${HOME}/x") == "${");
    CHECK(shell_syntax("echo $(date)") == "$(");
    CHECK(shell_syntax("echo `date`") == "`");
    CHECK(shell_syntax("  cd build") == "cd");
    CHECK(shell_syntax("cd") == "cd");
    // Double quotes keep operators literal, but a shell would still expand there.
    CHECK(shell_syntax("echo \"$USER\"") == "$USER");
}

TEST_CASE("plain commands and quoted text are not flagged")
{
    CHECK_FALSE(shell_syntax("cargo build --release"));
    CHECK_FALSE(shell_syntax("echo 'a && b | c > d $HOME'"));
    CHECK_FALSE(shell_syntax("echo \"a && b; c\""));
    CHECK_FALSE(shell_syntax("echo a\\&\\&b"));
    CHECK_FALSE(shell_syntax("grep -c '^$' file"));
    CHECK_FALSE(shell_syntax("echo 5$"));
    CHECK_FALSE(shell_syntax("cdrecord --scan"));
    CHECK_FALSE(shell_syntax(""));
}

TEST_CASE("in_shell quotes the line for |raw_command")
{
    CHECK(in_shell("make && make test") == "sh -c 'make && make test'");
    CHECK(in_shell("echo 'hi' > x") == "sh -c 'echo '\\''hi'\\'' > x'");
}
