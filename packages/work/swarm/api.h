#pragma once

// The Swarm part of the Engine API (v1.41) that the swarm provisioner needs (issue 19), over the client of
// packages/work/engine (client.h): the manager's swarm state, services, their tasks, nodes, overlay networks
// and secrets. Errors name the engine, the call, the status and the engine's message (client.h); the functions
// block and are safe to call from several threads at once. Removing what is already gone (404) succeeds.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "packages/work/engine/client.h"
#include "packages/work/engine/objects.h"
#include "runtime/model/result.h"

namespace mel::packages::work::swarm {

/// GET /info's `Swarm`: this engine's node, its state in the swarm, whether it is a manager.
struct SwarmInfo {
    std::string node_id;
    std::string local_state; // "active", "inactive", "pending", "error", "locked"
    bool manager = false;    // ControlAvailable
    std::string error;
};
Result<SwarmInfo> swarm_info(engine::EngineClient& client);

/// A mount of a service's container: a named volume (made on the node by the task when missing; an empty one
/// gets the image's files at the target first, as with `docker run -v`), or a bind of a path of the node.
struct ServiceMount {
    enum class Type { Volume, Bind } type = Type::Volume;
    std::string source; // the volume's name, or the node's path
    std::string target; // absolute path in the container
    bool read_only = false;
    engine::Labels volume_labels; // of a volume the task makes
};

/// A secret of the swarm, as a file of the container under /run/secrets.
struct SecretFile {
    std::string id;
    std::string name;
    std::string file; // its name under /run/secrets
    unsigned mode = 0444;
};

struct ServiceSpec {
    std::string name;
    engine::Labels labels; // of the service and of its containers
    std::string image;     // an image ID (sha256:…): a tag makes the node's agent pull
    std::vector<std::string> command; // the entrypoint (empty: the image's)
    std::vector<std::string> args;    // (empty: the image's)
    std::vector<std::string> env;     // "K=V", beside the image's
    std::vector<ServiceMount> mounts;
    std::vector<SecretFile> secrets;
    std::optional<engine::HealthcheckConfig> healthcheck; // a task is `running` once healthy
    std::uint32_t reserve_millicores = 0, reserve_mb = 0;  // Resources.Reservations (placement)
    std::uint32_t limit_millicores = 0, limit_mb = 0;      // Resources.Limits
    std::vector<std::string> constraints; // Placement.Constraints ("node.id==…")
    std::string network;                  // an overlay network's id
    std::vector<std::string> aliases;     // names on it
    std::vector<int> host_ports;          // container TCP ports published in host mode at a port the node picks
};

/// The body of POST /services/create: one replica, never restarted (a failed task stays failed, with its
/// reason), an init, `dnsrr` (no IPVS needed).
std::string service_create_body(const ServiceSpec& spec);
/// POST /services/create: the service's id.
Result<std::string> create_service(engine::EngineClient& client, const ServiceSpec& spec);
Status remove_service(engine::EngineClient& client, const std::string& id);
/// The ids of the services carrying `label` ("k=v").
Result<std::vector<std::string>> services_by_label(engine::EngineClient& client, const std::string& label);

struct Task {
    std::string id;
    std::string service_id;
    std::string node_id;
    std::string state;         // new, pending, assigned, …, starting, running, complete, failed, rejected, …
    std::string desired_state; // running, shutdown, remove
    std::string message;       // Status.Message
    std::string error;         // Status.Err: Swarm's reason ("no suitable node (insufficient resources …)")
    std::optional<int> exit_code;
    std::string container_id;
    std::map<int, int> published; // target port → published port (host mode)
    std::int64_t created = 0;     // ordering
    /// complete, failed, rejected, shutdown, orphaned, remove: it will not run (again).
    bool ended() const;
};
/// GET /tasks of one service (its id), newest first; all tasks when service_id is empty.
Result<std::vector<Task>> tasks(engine::EngineClient& client, const std::string& service_id);

/// GET /nodes/{id}: the address the node's engine is reached at (Status.Addr) and its labels.
struct NodeInfo {
    std::string id;
    std::string hostname;
    std::string address;
    engine::Labels labels;
};
Result<NodeInfo> node(engine::EngineClient& client, const std::string& id);

/// An attachable overlay network with labels: its id.
Result<std::string> create_overlay(engine::EngineClient& client, const std::string& name,
                                   const engine::Labels& labels);
/// A secret holding `data`, with labels: its id.
Result<std::string> create_secret(engine::EngineClient& client, const std::string& name, const std::string& data,
                                  const engine::Labels& labels);
Status remove_secret(engine::EngineClient& client, const std::string& id);
Result<std::vector<std::string>> secrets_by_label(engine::EngineClient& client, const std::string& label);

} // namespace mel::packages::work::swarm
