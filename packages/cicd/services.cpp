// cicd/services — reference: libs/cicd-mel/mel/services.mel (packages.md §1.5, §4.11): a step's state posted
// to GitHub or GitLab. Posting is not implemented in this build (it needs HTTP, issue 7): when a step asks for
// it (`report` with `github` or `gitlab`), an error saying so is logged under the step's name once, at the
// first state; nothing is sent anywhere. Without `github` and `gitlab` nothing is posted, as in the reference.
//
// Ours in addition (docs/differences.md): every step — each `localStep` and `simpleStep` goes through here —
// logs under its name when its commands start and how it ended with its duration, and adds that outcome to
// the summary the engine logs once the program has ended.

#include <chrono>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "packages/cicd/register.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/world.h"
#include "runtime/model/registry.h"

namespace mel::packages::cicd {

namespace {

using Clock = std::chrono::steady_clock;

/// `0.4 s`, `12.0 s`, `3 min 05 s`.
std::string format_duration(Clock::duration elapsed)
{
    const double seconds = std::chrono::duration<double>(elapsed).count();
    if (seconds < 60)
        return fmt::format("{:.1f} s", seconds);
    const auto whole = static_cast<long long>(seconds);
    return fmt::format("{} min {:02d} s", whole / 60, static_cast<int>(whole % 60));
}

/// How a terminal state reads in the step's log line and in the summary.
struct Outcome {
    const char* input;
    engine::LogLevel level;
    const char* words;
};
/// In order of precedence: a step can reach several terminal states, on inputs whose values arrive in any
/// order (they come from different flows of the worker). Its commands succeeding and then its output file
/// failing is `success` and `failed`: it failed. A command exiting non-zero, after which the output file it
/// would have made is missing, is `error` and `failed`: the command is the cause. Terminated, whatever else
/// followed, was terminated.
constexpr Outcome k_outcomes[] = {
    {"canceled", engine::LogLevel::Warning, "was terminated"},
    {"error", engine::LogLevel::Error, "failed (a command exited with a non-zero status)"},
    {"failed", engine::LogLevel::Error, "could not run (see the errors above)"},
    {"success", engine::LogLevel::Info, "succeeded"},
};
constexpr std::size_t k_outcome_count = std::size(k_outcomes);

/// The states of one step as they arrive (each on its own input, each at most once; the inputs are awaited by
/// concurrent sub-tasks, hence the mutex).
struct StepStates {
    std::mutex mutex;
    Clock::time_point pending = Clock::now();
    std::optional<Clock::time_point> running;
    /// When each outcome of k_outcomes arrived.
    std::optional<Clock::time_point> arrived[k_outcome_count];
};

/// How the step ended: its log line under its name, repeated in the run's summary.
void report_end(engine::TreatmentContext& ctx, engine::LogLevel level, const std::string& line)
{
    const std::string& name = ctx.param("name").as_string();
    ctx.log(level, name, line);
    ctx.world().add_summary_line(name + " " + line);
}

engine::Task<> await_running(engine::TreatmentContext& ctx, StepStates& states)
{
    // (GCC 12 miscompiles a `co_await` inside an `if` condition: the value is awaited in a statement of its own.)
    auto& running = ctx.input("running");
    const auto state = co_await running.recv_one();
    if (!state)
        co_return;
    {
        std::lock_guard lock(states.mutex);
        states.running = Clock::now();
    }
    ctx.log(engine::LogLevel::Info, ctx.param("name").as_string(), "started");
}

engine::Task<> await_outcome(engine::TreatmentContext& ctx, StepStates& states, std::size_t index)
{
    auto& input = ctx.input(k_outcomes[index].input);
    const auto state = co_await input.recv_one();
    if (!state)
        co_return;
    std::lock_guard lock(states.mutex);
    states.arrived[index] = Clock::now();
}

engine::Task<> set_service_state_body(engine::TreatmentContext& ctx)
{
    // Every step starts with `pending`; a step never triggered has nothing to report.
    auto& pending = ctx.input("pending");
    const auto state = co_await pending.recv_one();
    if (!state)
        co_return;
    if (ctx.param("report").as_bool() && (ctx.param("github").as_bool() || ctx.param("gitlab").as_bool()))
        ctx.log(engine::LogLevel::Error, ctx.param("name").as_string(),
                "the step's state cannot be posted to GitHub or GitLab: status reporting is not available in this "
                "build");

    // The step's line is written once every state input has closed (the step's track has ended), so that the
    // outcome is the one of highest precedence and not the first to arrive; its duration ends at its arrival.
    StepStates states;
    std::vector<engine::Task<>> waits;
    waits.push_back(await_running(ctx, states));
    for (std::size_t i = 0; i < k_outcome_count; ++i)
        waits.push_back(await_outcome(ctx, states, i));
    co_await engine::when_all(std::move(waits));
    for (std::size_t i = 0; i < k_outcome_count; ++i)
        if (states.arrived[i]) {
            const Clock::time_point since = states.running.value_or(states.pending);
            report_end(ctx, k_outcomes[i].level,
                       fmt::format("{} in {}", k_outcomes[i].words, format_duration(*states.arrived[i] - since)));
            co_return;
        }
    const std::string line = ctx.world().stopping() ? "was stopped before it ended"
                             : states.running    ? "ended without an outcome"
                                                 : "ran no command";
    report_end(ctx, engine::LogLevel::Warning, line);
}

} // namespace

void register_services(Registry& registry)
{
    auto area = registry.area("cicd/services");
    auto t = area.treatment("setServiceState");
    t.param("report", "bool", Value::boolean(true))
        .param("github", "bool", Value::boolean(false))
        .param("gitlab", "bool", Value::boolean(false))
        .param("github_token", "string", Value::string(""))
        .param("github_project", "string", Value::string(""))
        .param("github_sha", "string", Value::string(""))
        .param("gitlab_root_url", "string", Value::string("https://gitlab.com/api/v4"))
        .param("gitlab_token", "string", Value::string(""))
        .param("gitlab_project_id", "string", Value::string(""))
        .param("gitlab_sha", "string", Value::string(""))
        .param("gitlab_ref", "string", Value::string(""))
        .param("gitlab_pipeline_id", "string", Value::string(""))
        .param("name", "string")
        .param("description", "string", Value::string(""))
        .param("log_response", "bool", Value::boolean(false));
    for (const char* state : {"pending", "running", "success", "error", "failed", "canceled"})
        t.input(state, "Block<void>");
    t.doc("Post a CI step's state to GitHub (`github`) or GitLab (`gitlab`) when `report` is set.\n\n"
          "Each input is a state of the step. Not available in this build: when posting is asked for, an error "
          "is logged under `name` at the first state and nothing is posted.\n\n"
          "In any case the step is reported under `name`: `started` when its commands start, then how it ended "
          "and how long it took (from `running`, or from `pending` when it never ran), a line the engine repeats "
          "in the summary it logs once the program has ended.")
        .implementation(engine::make_treatment(set_service_state_body));
}

} // namespace mel::packages::cicd
