#include <doctest/doctest.h>

#include "cli/repl/input.h"

using mel::cli::repl::input_complete;

TEST_CASE("a command and a use are complete on one line")
{
    CHECK(input_complete(":info main"));
    CHECK(input_complete("  :quit"));
    CHECK(input_complete("use std/flow::emit"));
}

TEST_CASE("a treatment is complete once its body is closed")
{
    CHECK_FALSE(input_complete("treatment main()"));
    CHECK_FALSE(input_complete("treatment main()\n  input a: Block<void>"));
    CHECK_FALSE(input_complete("treatment main()\n{\n    startup()"));
    CHECK(input_complete("treatment main()\n{\n    startup()\n}"));
    CHECK(input_complete("treatment main() {}"));
    CHECK_FALSE(input_complete("treatment a() {} treatment b()"));
    CHECK(input_complete("model M() : Engine {}"));
}

TEST_CASE("brackets in strings, characters and comments do not count")
{
    CHECK(input_complete("treatment main() { emit<string>(value = \"}{(\") }"));
    CHECK(input_complete("treatment main() { f(v = '(') }"));
    CHECK(input_complete("treatment main() { // }\n}"));
    CHECK(input_complete("treatment main() { f(v = ${{ } }}) }"));
    CHECK_FALSE(input_complete("treatment main() { f(v = \"}\n"));
    CHECK_FALSE(input_complete("/* a comment\n"));
}

TEST_CASE("comments alone wait for their declaration; too many closers end the input")
{
    CHECK_FALSE(input_complete("/// The entry point."));
    CHECK_FALSE(input_complete("   "));
    CHECK(input_complete("/// Doc\ntreatment t() {}"));
    CHECK(input_complete("treatment t() { } }"));
}

TEST_CASE("a :command line is a command, whatever was typed before it")
{
    using mel::cli::repl::is_command_line;
    CHECK(is_command_line(":quit"));
    CHECK(is_command_line("   :info main"));
    CHECK_FALSE(is_command_line("const who: string"));
    CHECK_FALSE(is_command_line(": string")); // a type on its own line
    CHECK_FALSE(is_command_line(""));
    CHECK_FALSE(is_command_line(":"));
}

TEST_CASE("where an unfinished input stands: in a body, in parentheses, or waiting for a body")
{
    using mel::cli::repl::input_state;
    using mel::cli::repl::InputState;
    CHECK(input_state("treatment broken(") == InputState::Unclosed);
    CHECK(input_state("treatment t()\n{\n    emit<u8>(value = 1") == InputState::Unclosed);
    CHECK(input_state("treatment t()\n{\n    a()") == InputState::Open); // a blank line is ordinary here
    CHECK(input_state("treatment t()\n{\n    f(v = \"a") == InputState::Open); // in a string
    CHECK(input_state("treatment t()") == InputState::Waiting);
    CHECK(input_state("treatment t() {}") == InputState::Complete);
    CHECK(input_state("treatment t() {} )") == InputState::Complete); // the parser says what is wrong
}
