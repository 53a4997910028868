// What a run of the container provisioner makes, and its teardown (run.h).

#include "packages/work/containers/run.h"

#include <cctype>
#include <set>

#include <fmt/format.h>

#include "packages/work/containers/dispatcher.h"
#include "packages/work/worker_contract.h"
#include "stdlib/engine/ids.h"

namespace mel::packages::work::containers {

void say(const ProvisionLog& log, mel::engine::LogLevel level, const std::string& label, const std::string& text)
{
    if (log)
        log(level, label, text);
}

std::string EngineContext::name() const
{
    return (version.podman ? "Podman " : "Docker ") + version.version;
}

std::vector<engine::Ulimit> EngineContext::ulimits() const
{
    if (!version.podman)
        return {};
    return {{"nofile", 20000, 20000}, {"nproc", 32768, 32768}};
}

RunObjects new_run(const WorkerRequest& request)
{
    RunObjects run;
    run.run_id = stdlib::engine::random_uuid_v4();
    for (char c : run.run_id)
        if (c != '-' && run.short_id.size() < 12)
            run.short_id.push_back(c);
    run.labels = {{k_label_run, run.run_id},
                  {k_label_group, request.group_id},
                  {k_label_dispatcher, format_label(this_dispatcher())}};
    return run;
}

namespace {

/// A name that fits the engine's names and the environment variables of worker_contract.h.
bool valid_name(const std::string& name)
{
    if (name.empty() || name.size() > 40 || !std::isalnum(static_cast<unsigned char>(name.front())))
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
            return false;
    return true;
}

} // namespace

std::vector<std::string> check_names(const WorkerRequest& request)
{
    std::vector<std::string> errors;
    std::set<std::string> names, volumes;
    for (const auto& volume : request.volumes) {
        if (!valid_name(volume.name))
            errors.push_back("volume name '" + volume.name +
                             "' is not supported (letters, digits, _ - ., starting with a letter or digit)");
        else if (!volumes.insert(volume.name).second)
            errors.push_back("volume '" + volume.name + "' is requested twice");
    }
    const auto check = [&](const ContainerSpec& c, const char* kind) {
        if (!valid_name(c.name))
            errors.push_back(fmt::format("{} name '{}' is not supported (letters, digits, _ - ., starting with a "
                                         "letter or digit)", kind, c.name));
        else if (!names.insert(c.name).second)
            errors.push_back(fmt::format("container name '{}' is used twice", c.name));
        for (const auto& mount : c.mounts) {
            if (!volumes.count(mount.name))
                errors.push_back(fmt::format("{} {} mounts volume '{}', which is not requested", kind, c.name,
                                             mount.name));
            if (mount.point.empty() || mount.point.front() != '/')
                errors.push_back(fmt::format("{} {}: mount point '{}' is not absolute", kind, c.name, mount.point));
        }
    };
    for (const auto& container : request.containers)
        check(container, "container");
    for (const auto& service : request.services)
        check(service, "service container");
    return errors;
}

std::string agent_socket(const std::string& name)
{
    return std::string(k_agents_dir) + "/" + name + ".sock";
}

std::string worker_volume_dir(const std::string& volume)
{
    return std::string(k_worker_volumes_dir) + "/" + volume;
}

std::vector<std::string> worker_arguments(const WorkerRequest& request, const std::vector<std::string>& tls,
                                          const std::string& recv_key, unsigned wait_seconds)
{
    using namespace contract;
    std::vector<std::string> args{k_worker_command, "--ip", "0.0.0.0", "--port", std::to_string(k_worker_port)};
    args.insert(args.end(), tls.begin(), tls.end());
    args.insert(args.end(), {k_arg_recv_key, recv_key, k_arg_send_key, request.secret_key, k_arg_wait,
                             std::to_string(wait_seconds)});
    if (request.max_duration > 0) {
        args.push_back(k_arg_duration);
        args.push_back(std::to_string(request.max_duration));
    }
    return args;
}

std::vector<std::string> worker_environment(const WorkerRequest& request, const RunObjects& run)
{
    using namespace contract;
    std::vector<std::string> containers, services, volumes;
    std::vector<std::string> env = {std::string(k_env_group_id) + "=" + request.group_id,
                                    std::string(k_env_run_id) + "=" + run.run_id,
                                    std::string(k_env_executor) + "=" + k_executor_local_ns};
    for (const auto& c : request.containers) {
        containers.push_back(c.name);
        env.push_back(container_variable(c.name) + "=" + agent_socket(c.name));
    }
    for (const auto& s : request.services) {
        services.push_back(s.name);
        env.push_back(service_container_variable(s.name) + "=" + s.name);
    }
    for (const auto& v : request.volumes) {
        volumes.push_back(v.name);
        env.push_back(volume_variable(v.name) + "=" + worker_volume_dir(v.name));
    }
    env.push_back(std::string(k_env_containers) + "=" + join_names(containers));
    env.push_back(std::string(k_env_service_containers) + "=" + join_names(services));
    env.push_back(std::string(k_env_volumes) + "=" + join_names(volumes));
    return env;
}

std::vector<std::string> tear_down(engine::EngineClient& client, const RunObjects& run)
{
    std::vector<std::string> problems;
    const std::string label = std::string(k_label_run) + "=" + run.run_id;
    const auto labelled = [&](engine::ObjectKind kind, std::vector<std::string> known) {
        std::set<std::string> seen(known.begin(), known.end());
        auto listed = engine::list_by_label(client, kind, label);
        if (!listed)
            problems.push_back("teardown: " + listed.error().message);
        else
            for (const auto& object : listed.value())
                if (!seen.count(object.name) && seen.insert(object.id).second)
                    known.push_back(object.id);
        return known;
    };
    for (const auto& id : labelled(engine::ObjectKind::Container, run.containers))
        if (const Status removed = engine::remove_container(client, id); !removed.ok())
            problems.push_back("teardown: " + removed.error().message);
    for (const auto& id : labelled(engine::ObjectKind::Network,
                                   run.network.empty() ? std::vector<std::string>{} : std::vector{run.network}))
        if (const Status removed = engine::remove_network(client, id); !removed.ok())
            problems.push_back("teardown: " + removed.error().message);
    for (const auto& name : labelled(engine::ObjectKind::Volume, run.volumes))
        if (const Status removed = engine::remove_volume(client, name); !removed.ok())
            problems.push_back("teardown: " + removed.error().message);
    return problems;
}

std::string last_lines(engine::EngineClient& client, const std::string& id, int lines)
{
    auto output = engine::container_logs(client, id, lines);
    if (!output)
        return "";
    std::string text = output.value().out;
    if (!text.empty() && !output.value().err.empty() && text.back() != '\n')
        text += '\n';
    text += output.value().err;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

} // namespace mel::packages::work::containers
