#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace mel::cli {

/// One `melodium` subcommand: declares its options on its CLI11 sub-app, then runs.
/// (A seam: every subcommand is its own class in its own file, listed in commands.cpp.)
class Command {
public:
    virtual ~Command() = default;
    virtual void configure(CLI::App& app) = 0;
    /// Returns the process exit code (DESIGN §4: 0 ok, 1 failure, 2 usage, 3 hang/internal failure).
    virtual int execute() = 0;
    /// A command that runs a program (`run`) takes `FILE [COMMAND] [ARGS…]`: every word after FILE
    /// belongs to the program, `--` included, and is never read as one of the command's own options
    /// (language.md §6.2). The command line hands those words over before execute().
    virtual bool takes_program_arguments() const { return false; }
    virtual void set_program_arguments(std::vector<std::string>) {}
};

struct CommandEntry {
    const char* name;
    const char* description;
    std::unique_ptr<Command> (*make)();
};

/// Every subcommand, in the order `--help` lists them.
std::span<const CommandEntry> commands();

/// Exit codes shared by every command.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_failure = 1;
inline constexpr int k_exit_usage = 2;
inline constexpr int k_exit_hang = 3;


} // namespace mel::cli
