#pragma once

#include <memory>

#include "cli/command.h"

namespace mel::cli {

// One factory per subcommand, each defined in the subcommand's own file.
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_new_command();
std::unique_ptr<Command> make_doc_command();
std::unique_ptr<Command> make_jeu_command();
std::unique_ptr<Command> make_dist_command();
std::unique_ptr<Command> make_repl_command();
std::unique_ptr<Command> make_draw_command();
std::unique_ptr<Command> make_sweep_command();
std::unique_ptr<Command> make_agent_command(); // agent_command.cpp: internal, hidden from --help

} // namespace mel::cli
