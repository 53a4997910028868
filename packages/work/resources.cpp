// work/resources — reference: libs/work-mel/src/resources/mod.rs (packages.md §1.3). `getExecutor` gives the
// executor of a work environment by name; none names this machine (the local executor). Named executors
// (containers of a provisioned worker) do not exist until the local provisioner does (issue 7): asking for one
// fails on `failed`/`error` with a message saying so.

#include <string>

#include "packages/process/exec.h"
#include "packages/process/local.h"
#include "packages/work/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::work {

namespace {

engine::Task<> get_executor_body(engine::TreatmentContext& ctx)
{
    auto& name = ctx.input("name");
    auto& executor = ctx.output("executor");
    auto& error = ctx.output("error");
    auto& failed = ctx.output("failed");
    const auto given = co_await name.recv_one();
    if (!given)
        co_return;
    if (given->is_none()) {
        co_await executor.send_one(process::Executor::make(process::local_executor_engine()));
        co_return;
    }
    const std::string wanted = given->option_value().as_string();
    co_await failed.send_one(Value());
    co_await error.send_one(Value::string("no executor named '" + wanted +
                                          "': named executors belong to provisioned workers, which this build "
                                          "does not provide yet"));
}

} // namespace

void register_resources(Registry& registry)
{
    auto area = registry.area("work/resources");
    area.treatment("getExecutor")
        .input("name", "Block<Option<string>>")
        .output("executor", "Block<Executor>")
        .output("error", "Block<string>")
        .output("failed", "Block<void>")
        .doc("The executor of the work environment named `name`.\n\n"
             "When `name` is none, the executor running commands on this machine. `failed` and `error` are "
             "emitted when no executor of that name exists.")
        .implementation(engine::make_treatment(get_executor_body));
}

} // namespace mel::packages::work
