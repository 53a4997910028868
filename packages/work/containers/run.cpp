// What a run of the container provisioner makes, and its teardown (run.h).

#include "packages/work/containers/run.h"

#include <set>

#include "packages/work/containers/dispatcher.h"
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
