#pragma once

// The swarm provisioner (issue 19): location `swarm`. A worker request becomes Swarm services on the cluster
// whose manager DOCKER_HOST names (engine/endpoint.h, as for `docker`; TLS for a remote manager), placed by
// Swarm's scheduler. For a run whose short id is S (names of containers/run.h; every object labelled with
// run_labels):
//
//   overlay network      melodium-S (attachable; services join it under their names, `dnsrr`: no IPVS)
//   secrets              melodium-S.worker-cert, melodium-S.worker-key: the worker's per-run TLS identity,
//                        as files under /run/secrets (never in a service's configuration)
//   worker service       melodium-S.worker: placed FIRST, by Swarm, reserving the whole request (its cpu and
//                        memory plus every container's), constrained by `arch` (node.platform.arch) and the
//                        request's tags (node.labels); port 8080 published in host mode at a port the node
//                        picks; ready when `dist` accepts (a health check); it mounts the engine-wide volume
//                        melodium-bundle-<hash12> on /melodium, which the node fills from the image when new
//   executor services    melodium-S-N: pinned to the worker's node (node.id==…), its image by ID, the bundle
//                        volume read-only on /melodium running `agent serve`; ready when the agent accepts;
//                        limits from their cpu/memory (the worker's reservation holds them)
//   volumes              melodium-S.agents, melodium-S-V: made on that node by the tasks that mount them
//
// The dispatcher dials the node's address (GET /nodes/{id} Status.Addr) at the worker task's published port,
// with TLS, accepting exactly the run's certificate. A task that no node can take fails the request after
// `placement_timeout` seconds with Swarm's reason (the task's Status.Err).
//
// Teardown (the worker ended, max_duration, cancel, a failed start): the services; once their tasks are gone,
// the secrets, the network, and the run's volumes on the node: through the manager's API when the node is the
// manager, else by a one-shot service on that node running the bundled `agent rm-volumes` against the node's
// engine socket (its node label `tech.melodium.docker-socket`, default /var/run/docker.sock).
//
// Images: by ID (sha256:…, read on the manager), so that nodes without a registry do not pull; the manager's
// API cannot load an image on another node: melodium's image (`melodium agent bundle` prints its archive) and
// the steps' images must be loaded on every node that may run work, or be in a registry the nodes reach.
// docs/cluster.md explains it.

#include <map>
#include <memory>
#include <string>

#include "packages/work/containers/bundle.h"
#include "packages/work/provisioner.h"
#include "runtime/model/result.h"

namespace mel::packages::work::swarm {

/// The node label naming the node's engine socket for the volume cleanup.
inline constexpr const char* k_node_socket_label = "tech.melodium.docker-socket";
inline constexpr const char* k_default_node_socket = "/var/run/docker.sock";
/// How long a request's tasks may stay unplaced (MELODIUM_SWARM_PLACEMENT_TIMEOUT, seconds).
inline constexpr const char* k_env_placement_timeout = "MELODIUM_SWARM_PLACEMENT_TIMEOUT";
inline constexpr unsigned k_default_placement_timeout = 60;

struct SwarmOptions {
    /// The variables that find the manager (engine/endpoint.h); the process's when empty.
    std::map<std::string, std::string> environment;
    containers::BundleOptions bundle;
    /// How long a placed task (worker, executor) may take to become ready, in seconds.
    unsigned ready_timeout = 60;
    /// How long a task may wait for a node, in seconds.
    unsigned placement_timeout = k_default_placement_timeout;
};

/// Finds the manager and checks that it is one (GET /info: Swarm.ControlAvailable); the error names the engine
/// and says what to do.
Result<std::unique_ptr<Provisioner>> make_swarm_provisioner(SwarmOptions options);

} // namespace mel::packages::work::swarm
