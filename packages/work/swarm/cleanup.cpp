// `melodium agent rm-volumes` (local/helpers.h): the swarm provisioner's cleanup of a run's volumes on a node
// other than the manager, run there by a one-shot service against the node's engine (swarm/provisioner.h).

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "packages/work/engine/objects.h"
#include "packages/work/local/helpers.h"

namespace mel::packages::work::local {

int rm_volumes_main(const std::string& label, unsigned timeout)
{
    auto endpoint = engine::discover(engine::Flavour::Docker, engine::process_environment());
    if (!endpoint) {
        std::fprintf(stderr, "melodium agent rm-volumes: %s\n", endpoint.error().message.c_str());
        return 1;
    }
    engine::EngineClient client(endpoint.value());
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
    std::string problem;
    for (;;) {
        problem.clear();
        auto listed = engine::list_by_label(client, engine::ObjectKind::Volume, label);
        if (!listed)
            problem = listed.error().message;
        else
            for (const auto& volume : listed.value())
                if (const Status removed = engine::remove_volume(client, volume.id); !removed.ok())
                    problem = removed.error().message;
        if (problem.empty())
            return 0;
        if (std::chrono::steady_clock::now() >= end)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    std::fprintf(stderr, "melodium agent rm-volumes: %s\n", problem.c_str());
    return 1;
}

} // namespace mel::packages::work::local
