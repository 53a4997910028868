#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mel::cli {

/// For a subcommand that runs a program (`run`): how many of `args` (the words after the subcommand
/// name) are its own, its options and their values, a `--` before FILE, then FILE; the words after
/// them are the program's. All of them when there is no FILE.
std::size_t own_arguments(const CLI::App& sub, const std::vector<std::string>& args);

/// Runs `melodium` with `args` (without the program name) and returns the exit code.
int run_command_line(std::vector<std::string> args);

} // namespace mel::cli
