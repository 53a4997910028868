// Readiness of a run's containers (run.h). Every wait polls the container it waits for, so one that exits
// fails the wait at once with its last lines rather than at the timeout; and EngineContext::stopping, so that
// Ctrl-C ends it at once.

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "packages/work/containers/run.h"
#include "packages/work/local/helpers.h"
#include "packages/work/ready_timeout.h"

namespace mel::packages::work::containers {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto k_poll = std::chrono::milliseconds(250);

/// `<bundled melodium> agent probe --timeout S` + targets.
std::vector<std::string> probe_command(const BundleOnEngine& bundle, unsigned timeout)
{
    std::vector<std::string> argv = bundle.command;
    for (const char* word : {local::k_agent_command, local::k_mode_probe, local::k_arg_timeout})
        argv.push_back(word);
    argv.push_back(std::to_string(timeout));
    return argv;
}

/// An error for a container that is not running any more, or nullopt while it runs.
std::optional<Error> ended(EngineContext& engine, const std::string& what, const std::string& id)
{
    auto state = engine::inspect_container(*engine.client, id);
    if (!state)
        return state.error();
    if (state.value().running)
        return std::nullopt;
    const std::string lines = last_lines(*engine.client, id);
    return Error{fmt::format("{} exited with code {}{}{}", what, state.value().exit_code,
                             state.value().oom_killed ? " (out of memory)" : "",
                             lines.empty() ? "" : ", its last lines:\n" + lines)};
}

Error not_ready(EngineContext& engine, const std::string& what, const std::string& id, unsigned timeout,
                const std::string& why)
{
    const std::string lines = last_lines(*engine.client, id);
    return Error{fmt::format("{} was not ready after {} s ({}){}", what, timeout, why,
                             lines.empty() ? "" : ", its last lines:\n" + lines)};
}

/// A service's not_ready, saying how to give services more time.
Error service_not_ready(EngineContext& engine, const std::string& what, const std::string& id, unsigned timeout,
                        const std::string& why)
{
    return not_ready(engine, what, id, timeout,
                     fmt::format("{}; {} sets how many seconds services may take", why, k_env_service_ready_timeout));
}

Error stopped(const std::string& what)
{
    return Error{"the program is stopping: no longer waiting for " + what};
}

bool has_healthcheck(const engine::ImageInfo& image)
{
    return image.healthcheck && !image.healthcheck->test.empty() && image.healthcheck->test.front() != "NONE";
}

Status wait_healthy(EngineContext& engine, const std::string& what, const std::string& id, unsigned timeout)
{
    const auto deadline = Clock::now() + std::chrono::seconds(timeout);
    std::string health;
    while (Clock::now() < deadline) {
        if (engine.stopping)
            return stopped(what);
        if (auto error = ended(engine, what, id))
            return *error;
        if (engine.version.podman) { // Podman runs health checks through systemd only: run it here
            auto checked = engine::podman_run_healthcheck(*engine.client, id);
            if (!checked)
                return checked.error();
            health = checked.value();
        } else {
            auto state = engine::inspect_container(*engine.client, id);
            if (!state)
                return state.error();
            health = state.value().health;
        }
        if (health == "healthy")
            return success();
        std::this_thread::sleep_for(engine.version.podman ? 2 * k_poll : k_poll);
    }
    return service_not_ready(engine, what, id, timeout,
                             "its health check says " + (health.empty() ? "nothing" : health));
}

/// A probe container on the run's network tries each port by the service's name.
Status wait_ports(EngineContext& engine, const RunObjects& run, const BundleOnEngine& bundle, const std::string& name,
                  const std::string& id, const std::vector<std::string>& ports, unsigned timeout)
{
    const std::string what = "service container " + name;
    engine::ContainerConfig probe;
    probe.name = run.own_name("probe-" + name);
    probe.image = bundle.image;
    probe.entrypoint = probe_command(bundle, timeout);
    probe.cmd = std::vector<std::string>{};
    for (const auto& port : ports) {
        probe.cmd->push_back(local::k_arg_tcp);
        probe.cmd->push_back(name + ":" + port.substr(0, port.find('/')));
    }
    probe.labels = run.labels;
    probe.network = run.network_name();
    probe.ulimits = engine.ulimits();
    auto& client = *engine.client;
    auto probe_id = engine::create_container(client, probe);
    if (!probe_id)
        return probe_id.error();
    const auto remove = [&] { static_cast<void>(engine::remove_container(client, probe_id.value())); };
    if (const Status started = engine::start_container(client, probe_id.value()); !started.ok()) {
        remove();
        return started;
    }
    const auto deadline = Clock::now() + std::chrono::seconds(timeout + 5);
    while (Clock::now() < deadline) {
        if (engine.stopping) {
            remove();
            return stopped(what);
        }
        if (auto error = ended(engine, what, id)) {
            remove();
            return *error;
        }
        auto state = engine::inspect_container(client, probe_id.value());
        if (!state) {
            remove();
            return state.error();
        }
        if (!state.value().running) {
            const std::string said = last_lines(client, probe_id.value(), 3);
            remove();
            if (state.value().exit_code == 0)
                return success();
            return service_not_ready(engine, what, id, timeout,
                                     said.empty() ? "its ports accept no connection" : said);
        }
        std::this_thread::sleep_for(k_poll);
    }
    remove();
    return service_not_ready(engine, what, id, timeout, "its ports accept no connection");
}

} // namespace

Status wait_service(EngineContext& engine, const RunObjects& run, const BundleOnEngine& bundle,
                    const std::string& name, const std::string& id, const engine::ImageInfo& image, unsigned timeout)
{
    const std::string what = "service container " + name;
    if (has_healthcheck(image))
        return wait_healthy(engine, what, id, timeout);
    std::vector<std::string> ports;
    for (const auto& port : image.exposed_ports)
        if (port.find("/udp") == std::string::npos && port.find("/sctp") == std::string::npos)
            ports.push_back(port);
    if (!ports.empty())
        return wait_ports(engine, run, bundle, name, id, ports, timeout);
    if (auto error = ended(engine, what, id))
        return *error;
    return success();
}

Result<std::string> service_host(EngineContext& engine, const RunObjects& run, const std::string& name,
                                 const std::string& id)
{
    auto state = engine::inspect_container(*engine.client, id);
    if (!state)
        return state.error();
    const auto address = state.value().addresses.find(run.network_name());
    if (address == state.value().addresses.end())
        return Error{fmt::format("service container {} has no address on network {} ({})", name, run.network_name(),
                                 engine.client->describe())};
    return name + ":" + address->second;
}

Status wait_executor(EngineContext& engine, const BundleOnEngine& bundle, const std::string& name,
                     const std::string& id, unsigned timeout)
{
    engine::ExecConfig exec;
    exec.cmd = probe_command(bundle, timeout);
    exec.cmd.push_back(local::k_arg_unix);
    exec.cmd.push_back(std::string(k_agents_dir) + "/" + name + ".sock");
    const std::string what = "container " + name + " (its exec agent)";
    auto probed = engine::exec_run(*engine.client, id, exec, std::chrono::seconds(timeout + 10), &engine.stopping);
    if (engine.stopping)
        return stopped(what);
    if (!probed) {
        if (auto error = ended(engine, what, id))
            return *error;
        return probed.error();
    }
    if (probed.value().exit_code != 0) {
        if (auto error = ended(engine, what, id))
            return *error;
        return not_ready(engine, what, id, timeout, probed.value().err);
    }
    return success();
}

Result<int> wait_worker(EngineContext& engine, const std::string& id, unsigned timeout)
{
    const std::string what = "the worker";
    const std::string port = std::to_string(k_worker_port) + "/tcp";
    const auto deadline = Clock::now() + std::chrono::seconds(timeout);
    while (Clock::now() < deadline) {
        if (engine.stopping)
            return stopped(what);
        if (auto error = ended(engine, what, id))
            return *error;
        auto output = engine::container_logs(*engine.client, id, 50);
        if (!output)
            return output.error();
        if (output.value().out.find("listening on") != std::string::npos) {
            auto state = engine::inspect_container(*engine.client, id);
            if (!state)
                return state.error();
            const auto published = state.value().host_ports.find(port);
            if (published == state.value().host_ports.end() || published->second <= 0)
                return Error{"the worker's port " + port + " is not published by " + engine.client->describe()};
            return published->second;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return not_ready(engine, what, id, timeout, "it does not listen");
}

} // namespace mel::packages::work::containers
