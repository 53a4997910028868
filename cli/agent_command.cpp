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
        app.add_option("mode", m_mode, "mode")->required();
    }
    // The mode's own arguments (`serve --socket PATH`) never reach CLI11.
    bool takes_program_arguments() const override { return true; }
    void set_program_arguments(std::vector<std::string> words) override { m_arguments = std::move(words); }
    int execute() override
    {
        std::vector<std::string> words{m_mode};
        words.insert(words.end(), m_arguments.begin(), m_arguments.end());
        return packages::work::local::agent_main(words);
    }

private:
    std::string m_mode;
    std::vector<std::string> m_arguments;
};

} // namespace

std::unique_ptr<Command> make_agent_command() { return std::make_unique<AgentCommand>(); }

} // namespace mel::cli
