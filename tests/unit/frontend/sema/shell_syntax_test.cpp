// D1003's detection: shell constructs in |raw_command lines, quoting honoured as the splitting does.

#include <doctest/doctest.h>

#include "frontend/sema/shell_syntax.h"

using mel::frontend::sema::in_shell;
using mel::frontend::sema::shell_syntax;
using mel::frontend::sema::split_problem;
using mel::frontend::sema::SplitProblem;

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

TEST_CASE("a # comment, as the splitting reads it, holds no shell syntax")
{
    CHECK_FALSE(shell_syntax("make # && make install"));
    CHECK(shell_syntax("make#x && y") == "&&"); // '#' inside a word is a character
}

TEST_CASE("lines |raw_command cannot split (issue 16): open quotes, a lone trailing backslash, no word")
{
    CHECK(split_problem("echo 'unclosed") == SplitProblem::UnclosedSingleQuote);
    CHECK(split_problem("echo \"unclosed") == SplitProblem::UnclosedDoubleQuote);
    CHECK(split_problem("echo \"a\\\"") == SplitProblem::UnclosedDoubleQuote); // the quote is escaped
    CHECK(split_problem("echo trailing \\") == SplitProblem::LoneBackslash);
    CHECK(split_problem("echo \"trailing \\") == SplitProblem::LoneBackslash);
    CHECK(split_problem("") == SplitProblem::NoWord);
    CHECK(split_problem("  \t ") == SplitProblem::NoWord);
    CHECK(split_problem("# only a comment") == SplitProblem::NoWord);

    CHECK_FALSE(split_problem("echo 'a \"b' \"c 'd\""));
    CHECK_FALSE(split_problem("echo it\\'s"));
    CHECK_FALSE(split_problem("echo '\\'"));           // no escape inside single quotes
    CHECK_FALSE(split_problem("echo hi # it's fine")); // quotes in a comment do not count
    CHECK_FALSE(split_problem("echo \\\\"));           // an escaped backslash
    CHECK_FALSE(split_problem("''"));                  // one empty word
}

TEST_CASE("in_shell quotes the line for |raw_command")
{
    CHECK(in_shell("make && make test") == "sh -c 'make && make test'");
    CHECK(in_shell("echo 'hi' > x") == "sh -c 'echo '\\''hi'\\'' > x'");
}
