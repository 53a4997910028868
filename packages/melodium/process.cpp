// melodium/process — what a failed sequence of commands was. The reference's CI steps only log "Commands
// failed (non-zero exit)"; our cicd steps name the command and its status with `failedCommand`
// (docs/differences.md).

#include <string>
#include <vector>

#include <fmt/format.h>

#include "packages/melodium/register.h"
#include "packages/process/command.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::melodium {

namespace {

engine::Task<> read_commands(engine::Input& input, std::vector<std::string>& lines)
{
    while (auto command = co_await input.recv_one())
        if (const auto* c = process::Command::from(*command))
            lines.push_back(c->line());
}

engine::Task<> read_exits(engine::Input& input, std::vector<std::optional<std::int32_t>>& exits)
{
    while (auto exit = co_await input.recv_one())
        exits.push_back(exit->is_none() ? std::nullopt : std::optional(exit->option_value().as_i32()));
}

engine::Task<> failed_command_body(engine::TreatmentContext& ctx)
{
    std::vector<std::string> lines;
    std::vector<std::optional<std::int32_t>> exits;
    co_await engine::when_all(engine::tasks(read_commands(ctx.input("commands"), lines),
                                            read_exits(ctx.input("exit"), exits)));
    if (exits.empty() || exits.back() == 0)
        co_return;
    const std::size_t index = exits.size() - 1;
    const std::string which =
        index < lines.size() ? fmt::format("command {} of {} (`{}`)", index + 1, lines.size(), lines[index])
                             : fmt::format("command {}", index + 1);
    const std::string how = exits.back() ? fmt::format("exited with status {}", *exits.back())
                                         : std::string("was killed by a signal");
    co_await ctx.output("message").send_one(Value::string(which + " " + how));
}

} // namespace

void register_process(Registry& registry)
{
    auto area = registry.area("melodium/process");
    area.treatment("failedCommand")
        .input("commands", "Stream<Command>")
        .input("exit", "Stream<Option<i32>>")
        .output("message", "Block<string>")
        .doc("Say which command of a sequence failed, and how.\n\n"
             "`commands` are the commands given to a `process/exec` treatment that runs them one after the other "
             "(`spawn`, `exec`…) and `exit` is its `exit` output. Once both have ended, if the last command that "
             "ran did not exit with 0, `message` tells which one it was and its exit status, e.g. "
             "``command 2 of 3 (`cargo build --release`) exited with status 101``, or that it was killed by a "
             "signal. Nothing is emitted when every command exited with 0 or none ran.")
        .implementation(engine::make_treatment(failed_command_body));
}

} // namespace mel::packages::melodium
