#pragma once

#include <memory>

#include "cli/command.h"

namespace mel::cli {

// Subcommands whose implementation belongs to an open issue. Each parses its real options (so
// `--help` documents them) and then reports that it is not implemented yet, exiting 1.
// A command moves to its own file when its issue lands.
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_new_command();
std::unique_ptr<Command> make_doc_command();
std::unique_ptr<Command> make_jeu_command();
std::unique_ptr<Command> make_dist_command();
std::unique_ptr<Command> make_repl_command();
std::unique_ptr<Command> make_draw_command();

} // namespace mel::cli
