// `melodium agent …`: internal, hidden from --help. The local provisioner's helper processes (the pod
// supervisor, executor containers and their exec agents, service adapters) are this binary in agent mode, so
// that nothing of the multithreaded engine runs between fork and exec (packages/work/local/helpers.h).

#include "cli/command_factories.h"

#include <string>
#include <vector>

#include "packages/work/local/helpers.h"

namespace mel::cli {
namespace {

class AgentCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.group(""); // hidden: not for users
        app.add_option("words", m_words, "mode and arguments")->required();
    }
    int execute() override { return packages::work::local::agent_main(m_words); }

private:
    std::vector<std::string> m_words;
};

} // namespace

std::unique_ptr<Command> make_agent_command() { return std::make_unique<AgentCommand>(); }

} // namespace mel::cli
