#pragma once

#include <string>
#include <vector>

namespace mel::cli {

/// Runs `melodium` with `args` (without the program name) and returns the exit code.
int run_command_line(std::vector<std::string> args);

} // namespace mel::cli
