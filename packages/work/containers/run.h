#pragma once

// The container provisioner's pieces (provisioner.h), shared by its files: what one request makes on the
// engine (RunObjects) and how it is torn down (run.cpp), the engine-wide preparation of images and of the
// bundle (engine_setup.cpp), readiness checks (readiness.cpp), and the provisioned worker (worker.cpp).
//
// Names on the engine, for a run whose short id is S (12 hexadecimal digits of the run id):
//   network                   melodium-S
//   executor/service N        melodium-S-N (alias N on the network)
//   worker, probes            melodium-S.worker, melodium-S.probe-N (a logical name never starts with '.')
//   request volume V          melodium-S-V
//   agents' sockets           melodium-S.agents
//   the bundle (engine-wide)  melodium-bundle-<hash12>, never removed by a run
// Every object of a run carries the labels of run_labels().

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "packages/work/containers/bundle.h"
#include "packages/work/engine/objects.h"
#include "packages/work/provisioner.h"

namespace mel::packages::work::containers {

inline constexpr const char* k_label_run = "tech.melodium.run";
inline constexpr const char* k_label_group = "tech.melodium.group";
/// The dispatcher that made the run, `<host name>:<pid>:<start time>:<pid namespace>` (dispatcher.h), for the
/// sweep of runs whose dispatcher died (sweep.h).
inline constexpr const char* k_label_dispatcher = "tech.melodium.dispatcher";
inline constexpr const char* k_label_bundle = "tech.melodium.bundle";

/// Where the agents' sockets are, in executors and in the worker.
inline constexpr const char* k_agents_dir = "/melodium-agents";
/// Where request volume V is in the worker: /media/V.
inline constexpr const char* k_worker_volumes_dir = "/media";
/// The worker's port inside its container.
inline constexpr int k_worker_port = 8080;

void say(const ProvisionLog& log, mel::engine::LogLevel level, const std::string& label, const std::string& text);

/// The engine, shared by the provisioner and its workers.
struct EngineContext {
    std::unique_ptr<engine::EngineClient> client;
    engine::VersionInfo version;
    /// "Docker 20.10.24" / "Podman 4.3.1".
    std::string name() const;
    /// `docker` or `podman`: the command users type.
    std::string command() const { return version.podman ? "podman" : "docker"; }
    /// Set by Provisioner::cancel(): what start() waits for (pulls, readiness) gives up at once.
    std::atomic<bool> stopping{false};
    /// Podman refuses a container whose ulimits exceed what the engine may set (without CAP_SYS_RESOURCE its
    /// defaults do): nofile and nproc, given together.
    std::vector<engine::Ulimit> ulimits() const;
};

/// The bundle of melodium on an engine: its image and the volume holding its files.
struct BundleOnEngine {
    std::string image;
    std::string volume;
    std::vector<std::string> command; // the bundled melodium, as run from the volume at k_bundle_root
};

/// What a run made (for teardown), filled as objects are made.
struct RunObjects {
    std::string run_id;
    std::string short_id;
    engine::Labels labels;
    std::string network;
    std::vector<std::string> volumes;
    std::vector<std::string> containers; // ids

    std::string network_name() const { return "melodium-" + short_id; }
    std::string container_name(const std::string& name) const { return "melodium-" + short_id + "-" + name; }
    std::string own_name(const std::string& what) const { return "melodium-" + short_id + "." + what; }
};

RunObjects new_run(const WorkerRequest& request);

/// The request's names, volumes and mounts as engines and worker_contract.h accept them (not its arch: each
/// location judges that); one message per problem.
std::vector<std::string> check_names(const WorkerRequest& request);

/// Where executor `name`'s agent listens, in the executors and in the worker (k_agents_dir).
std::string agent_socket(const std::string& name);

/// The worker's arguments after the bundled melodium (worker_contract.h): `dist` listening on k_worker_port
/// with `tls` (worker_link.h: tls_arguments), its keys, how long it waits for the dispatcher, max_duration.
std::vector<std::string> worker_arguments(const WorkerRequest& request, const std::vector<std::string>& tls,
                                          const std::string& recv_key, unsigned wait_seconds);

/// The worker's environment (worker_contract.h): group, run, executor kind, each executor's agent socket,
/// each service's name, each request volume V at k_worker_volumes_dir/V (worker_volume_dir).
std::vector<std::string> worker_environment(const WorkerRequest& request, const RunObjects& run);
std::string worker_volume_dir(const std::string& volume);

/// Removes every container, the network and the volumes of the run: those listed and whatever else carries
/// its run label (so a RunObjects holding only the run id removes the whole run: the sweep's use). The
/// problems met (an object that would not go).
std::vector<std::string> tear_down(engine::EngineClient& client, const RunObjects& run);

/// The last lines of a container's output, for an error ("" when there are none or they cannot be read).
std::string last_lines(engine::EngineClient& client, const std::string& id, int lines = 20);

// -- engine_setup.cpp

/// The container's image, present or pulled with the credentials its pull_secret gives for the image's registry
/// (engine/registry_auth.h; progress logged under the container's name). Errors: a malformed pull_secret (naming
/// the container), a failed pull (naming the image, the registry, the cause, and what to do).
Result<engine::ImageInfo> ensure_image(EngineContext& engine, const ContainerSpec& spec, const ProvisionLog& log);

/// The bundle's image loaded on the engine and its engine-wide volume filled (once per engine and bundle).
Result<BundleOnEngine> ensure_bundle(EngineContext& engine, const Bundle& bundle, const ProvisionLog& log);

// -- readiness.cpp

/// Waits until service container `id` is ready: healthy when its image has a health check (run by the
/// provisioner on Podman), else each exposed TCP port accepts a connection (from a probe container on the
/// run's network), else running. The error names the service and holds its last log lines.
Status wait_service(EngineContext& engine, const RunObjects& run, const BundleOnEngine& bundle,
                    const std::string& name, const std::string& id, const engine::ImageInfo& image,
                    unsigned timeout);

/// `name:address` of service container `id` on the run's network, for the executors' /etc/hosts: steps find
/// services without the engine's DNS, which on Podman (aardvark-dns, shared by every Podman of the machine) was
/// seen answering a new container's query for a ready service as unknown while other runs started.
Result<std::string> service_host(EngineContext& engine, const RunObjects& run, const std::string& name,
                                 const std::string& id);

/// Waits until executor `name`'s agent accepts on its socket (an exec of the bundled `agent probe`).
Status wait_executor(EngineContext& engine, const BundleOnEngine& bundle, const std::string& name,
                     const std::string& id, unsigned timeout);

/// Waits until the worker says it listens; its published host port.
Result<int> wait_worker(EngineContext& engine, const std::string& id, unsigned timeout);

// -- worker.cpp

std::unique_ptr<ProvisionedWorker> make_worker(std::shared_ptr<EngineContext> engine, RunObjects run,
                                               std::string worker_id, AccessData access,
                                               std::uint32_t max_duration, ProvisionLog log);

} // namespace mel::packages::work::containers
