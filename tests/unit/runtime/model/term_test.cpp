#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>

#include "runtime/model/term.h"

using namespace mel::term;

TEST_CASE("paint wraps text in ANSI sequences only when colour is on")
{
    CHECK(paint("error", Style::BoldRed, false) == "error");
    CHECK(paint("error", Style::BoldRed, true) == "\x1b[1;31merror\x1b[0m");
    CHECK(paint("x", Style::Plain, true) == "x");
}

TEST_CASE("colour is off for a file, forced by CLICOLOR_FORCE, off with NO_COLOR")
{
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    ::unsetenv("CLICOLOR_FORCE");
    CHECK_FALSE(colour_enabled(f));
    ::setenv("CLICOLOR_FORCE", "1", 1);
    CHECK(colour_enabled(f));
    ::unsetenv("CLICOLOR_FORCE");
    ::setenv("NO_COLOR", "1", 1);
    CHECK_FALSE(colour_enabled(f));
    ::unsetenv("NO_COLOR");
    std::fclose(f);
}

TEST_CASE("status_line writes `word: message`")
{
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    status_line(f, "failure", "L0190: something");
    std::rewind(f);
    char buffer[128] = {};
    REQUIRE(std::fgets(buffer, sizeof buffer, f));
    CHECK(std::string(buffer) == "failure: L0190: something\n");
    std::fclose(f);
}
