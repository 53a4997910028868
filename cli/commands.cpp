#include "cli/command.h"
#include "cli/command_factories.h"
#include "packages/work/local/helpers.h"
#include "packages/work/worker_contract.h"

namespace mel::cli {

std::span<const CommandEntry> commands()
{
    static const CommandEntry table[] = {
        {"run", "Run a program (Compo.toml, standalone .mel or .jeu)", make_run_command},
        {"check", "Check a program and print every error", make_check_command},
        {"info", "Print the entrypoints of a program with their parameters", make_info_command},
        {"new", "Create a new project", make_new_command},
        {"doc", "Generate Markdown documentation of packages", make_doc_command},
        {"jeu", "Build or extract .jeu packages", make_jeu_command},
        {packages::work::contract::k_worker_command, "Serve as a distributed worker engine", make_dist_command},
        {"repl", "Check declarations and draw graphs interactively", make_repl_command},
        {"draw", "Draw the graph of a treatment", make_draw_command},
        {"sweep", "Remove the containers, networks and volumes of runs whose dispatcher was killed",
         make_sweep_command},
        // internal: the local provisioner's helpers (hidden)
        {packages::work::local::k_agent_command, "", make_agent_command},
    };
    return table;
}

} // namespace mel::cli
