// melodium/run — the run's exit status, chosen by the program. The reference has no such element: its
// `melodium run` exits 0 whatever the program logs, so a CI system wrapping it never sees a red build
// (docs/differences.md). Ours: `setExitStatus` picks the status the run ends with, `exit` picks it and stops
// the program as Ctrl-C would.

#include <string>

#include <fmt/format.h>

#include "packages/melodium/register.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/world.h"
#include "runtime/model/registry.h"

namespace mel::packages::melodium {

namespace {

/// The `status` parameter as an exit status; out of 0–255 it is logged as an error and counts as 1.
int exit_status_of(engine::TreatmentContext& ctx)
{
    const std::int32_t status = ctx.param("status").as_i32();
    if (status >= 0 && status <= 255)
        return status;
    ctx.log(engine::LogLevel::Error, "run",
            fmt::format("`{}`: exit status {} is not between 0 and 255; the run ends with 1", ctx.path(), status));
    return 1;
}

// (GCC 12 miscompiles a `co_await` inside an `if` condition: the value is awaited in a statement of its own.)
engine::Task<> set_exit_status_body(engine::TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    const auto triggered = co_await trigger.recv_one();
    if (triggered)
        ctx.world().set_exit_status(exit_status_of(ctx));
}

engine::Task<> exit_body(engine::TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    const auto triggered = co_await trigger.recv_one();
    if (!triggered)
        co_return;
    const int status = exit_status_of(ctx);
    ctx.world().set_exit_status(status);
    ctx.log(engine::LogLevel::Info, "run", fmt::format("the program asked to end with exit status {}", status));
    ctx.world().request_stop();
}

const char* const k_status_doc =
    "The exit status of a run is the highest one asked for by `setExitStatus` and `exit`, unless the engine "
    "ends the run with its own: 3 after a hang or a treatment failure, 128 + N after signal N (Ctrl-C: 130). "
    "A status outside 0–255 is logged as an error and counts as 1. Without any, the run exits 0 (or 1 with "
    "`melodium run --fail-on-error` when an error was logged).";

} // namespace

void register_run(Registry& registry)
{
    auto area = registry.area("melodium/run");
    area.treatment("setExitStatus")
        .param("status", "i32", Value::i32(1))
        .input("trigger", "Block<void>")
        .doc(std::string("Make the run end with exit status `status`, once the program has ended.\n\n"
                         "Nothing else changes: the program goes on. Connect it to what means failure, for a CI "
                         "system to see the run fail:\n\n"
                         "```\nfailed: setExitStatus(status = 1)\nstep.error -> failed.trigger\n```\n\n") +
             k_status_doc)
        .implementation(engine::make_treatment(set_exit_status_body));
    area.treatment("exit")
        .param("status", "i32", Value::i32(1))
        .input("trigger", "Block<void>")
        .doc(std::string("Stop the program and end the run with exit status `status`.\n\n"
                         "When `trigger` arrives the program stops as on Ctrl-C: sources create no new "
                         "tracks, running commands are stopped, and what has not ended after the grace period "
                         "is cancelled.\n\n") +
             k_status_doc)
        .implementation(engine::make_treatment(exit_body));
}

} // namespace mel::packages::melodium
