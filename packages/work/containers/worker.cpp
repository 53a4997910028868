// The provisioned worker of the container provisioner (run.h): waits for the worker's container to exit
// (cancellable, max_duration as a hard deadline), then tears the run down. When the worker has ended, it looks
// at the run's other containers first: one that ended (nothing of ours stops them before the teardown: it was
// killed from outside, ran out of memory, or a service exited) took what ran in it along: wait() reports it,
// naming it.

#include <atomic>
#include <chrono>
#include <mutex>

#include <fmt/format.h>

#include "packages/work/containers/run.h"
#include "packages/work/watched_worker.h"

namespace mel::packages::work::containers {

namespace {

class ContainerWorker final : public WatchedWorker {
public:
    ContainerWorker(std::shared_ptr<EngineContext> engine, RunObjects run, std::string worker_id, AccessData access,
                    std::uint32_t max_duration, ProvisionLog log)
        : WatchedWorker(std::move(access), max_duration), m_engine(std::move(engine)), m_run(std::move(run)),
          m_worker(std::move(worker_id)), m_log(std::move(log))
    {
    }
    ~ContainerWorker() override { finish(); }

private:
    /// Until the worker's container exits, the deadline, or cancel(); its exit noted.
    void watch(std::vector<std::string>& errors) override
    {
        auto& client = *m_engine->client;
        while (!cancelled()) {
            if (deadline_passed(errors, "containers"))
                return;
            const auto left = std::chrono::ceil<std::chrono::seconds>(
                std::min<Clock::duration>(deadline() - Clock::now(), std::chrono::hours(24)));
            auto code = engine::wait_container(client, m_worker, std::max(left, std::chrono::seconds(1)),
                                               cancel_flag());
            if (cancelled())
                return;
            if (code) {
                note_ended_containers(errors);
                note_exit(errors, code.value());
                return;
            }
            auto state = engine::inspect_container(client, m_worker);
            if (!state) {
                errors.push_back("the worker's container is lost: " + state.error().message);
                return;
            }
            if (!state.value().running) {
                note_ended_containers(errors);
                note_exit(errors, state.value().exit_code);
                return;
            }
        }
    }

    /// Each executor or service container of the run that has ended, for wait().
    void note_ended_containers(std::vector<std::string>& errors)
    {
        auto& client = *m_engine->client;
        auto listed = engine::list_by_label(client, engine::ObjectKind::Container,
                                            std::string(k_label_run) + "=" + m_run.run_id);
        if (!listed)
            return; // the worker's own wait reports an engine that went away
        const std::string prefix = m_run.container_name("");
        for (const auto& container : listed.value()) {
            if (container.state == "running" || !container.name.starts_with(prefix))
                continue;
            auto state = engine::inspect_container(client, container.id);
            if (cancelled()) // the teardown (cancel) stops them: nothing to say
                return;
            if (state && state.value().running)
                continue;
            errors.push_back(ended_message(container.name.substr(prefix.size()), container.name, state));
        }
    }

    std::string ended_message(const std::string& name, const std::string& full_name,
                              const Result<engine::ContainerState>& state) const
    {
        const std::string cmd = m_engine->command();
        std::string how = "it is gone";
        if (state) {
            const int code = state.value().exit_code;
            how = state.value().oom_killed ? fmt::format("exit code {}: out of memory", code)
                  : code > 128 ? fmt::format("exit code {}: signal {}, from outside the run (`{} kill`, `{} stop`) "
                                             "or the kernel",
                                             code, code - 128, cmd, cmd)
                               : fmt::format("exit code {}", code);
        }
        return fmt::format("container {} ({}) ended during the run ({}): what ran in it ended with it", name,
                           full_name, how);
    }

    void note_exit(std::vector<std::string>& errors, int code)
    {
        if (code == 0)
            return;
        const std::string lines = last_lines(*m_engine->client, m_worker);
        errors.push_back(fmt::format("the worker exited with code {}{}", code,
                                       lines.empty() ? "" : ", its last lines:\n" + lines));
    }

    std::vector<std::string> tear_down() override
    {
        say(m_log, mel::engine::LogLevel::Debug, "containers", "tearing down run " + m_run.run_id);
        return containers::tear_down(*m_engine->client, m_run);
    }

    std::shared_ptr<EngineContext> m_engine;
    RunObjects m_run;
    std::string m_worker;
    ProvisionLog m_log;
};

} // namespace

std::unique_ptr<ProvisionedWorker> make_worker(std::shared_ptr<EngineContext> engine, RunObjects run,
                                               std::string worker_id, AccessData access,
                                               std::uint32_t max_duration, ProvisionLog log)
{
    return std::make_unique<ContainerWorker>(std::move(engine), std::move(run), std::move(worker_id),
                                             std::move(access), max_duration, std::move(log));
}

} // namespace mel::packages::work::containers
