#include <doctest/doctest.h>

#include "cli/command.h"
#include "cli/command_line.h"

#include <CLI/CLI.hpp>

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

TEST_CASE("the words of `run` end with FILE; the program's follow")
{
    CLI::App app;
    auto run = mel::cli::commands().front().make();
    REQUIRE(std::string(mel::cli::commands().front().name) == "run");
    run->configure(app);
    using Words = std::vector<std::string>;
    auto own = [&](Words words) { return mel::cli::own_arguments(app, words); };
    CHECK(own({}) == 0);
    CHECK(own({"Compo.toml"}) == 1);
    CHECK(own({"Compo.toml", "--port", "80"}) == 1);
    CHECK(own({"Compo.toml", "--", "--port", "80"}) == 1);
    CHECK(own({"--logs", "run.log", "Compo.toml", "--logs", "x"}) == 3); // the program's --logs is its own
    CHECK(own({"--logs=run.log", "--parse-arguments", "Compo.toml", "main"}) == 3);
    CHECK(own({"--path", "libs", "--", "Compo.toml", "--x"}) == 4);
    CHECK(own({"--logs"}) == 1); // CLI11 says the value is missing
    // No FILE (./Compo.toml): the program's words start at the first option that is not the command's.
    CHECK(own({"--logs", "run.log", "--who", "Ada"}) == 2);
    CHECK(own({"--", "--who", "Ada"}) == 0);
}

TEST_CASE("`--` before the program's arguments reaches no option parser")
{
    // A missing file fails at loading (exit 1), not as a usage error (exit 2) on `--port`.
    CHECK(run_command_line({"run", "no-such-file.mel", "--", "--port", "8080"}) == mel::cli::k_exit_failure);
    CHECK(run_command_line({"no-such-file.mel", "--", "--port", "8080"}) == mel::cli::k_exit_failure);
    CHECK(run_command_line({"run", "no-such-file.mel", "main", "--", "--port", "8080"}) == mel::cli::k_exit_failure);
}
