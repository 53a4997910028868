#include <doctest/doctest.h>

#include "cli/command.h"
#include "cli/command_line.h"

using mel::cli::run_command_line;

TEST_CASE("exit codes of the command line")
{
    CHECK(run_command_line({}) == mel::cli::k_exit_failure);
    CHECK(run_command_line({"--version"}) == mel::cli::k_exit_ok);
    CHECK(run_command_line({"frobnicate"}) == mel::cli::k_exit_usage);
    CHECK(run_command_line({"--no-such-option"}) == mel::cli::k_exit_usage);
    CHECK(run_command_line({"check", "--no-such-option"}) == mel::cli::k_exit_usage);
}

TEST_CASE("every subcommand is listed once")
{
    auto table = mel::cli::commands();
    CHECK(table.size() >= 9);
    for (size_t i = 0; i < table.size(); ++i)
        for (size_t j = i + 1; j < table.size(); ++j)
            CHECK(std::string(table[i].name) != table[j].name);
}
