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
