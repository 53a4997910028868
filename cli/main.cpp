#include <string>
#include <vector>

#include "cli/command_line.h"

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    return mel::cli::run_command_line(std::move(args));
}
