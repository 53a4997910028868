#pragma once

// The worker/provisioner contract (ours, packages.md §6.3–§6.5): what a provisioner gives the worker engine it
// starts, and what the worker side reads. Every side uses these names; none spells them as literals.
//
//   command line   <melodium> dist --socket-fd 3 --recv-key K --send-key S --wait 30 [--duration D]
//                  (cli/dist_command.cpp declares the options; packages/work/local/local_provisioner.cpp
//                  writes them; the worker finds its connected socket on k_worker_socket_fd)
//   environment    MELODIUM_GROUP_ID, MELODIUM_RUN_ID (read by std/engine: stdlib/engine/ids.h owns them),
//                  MELODIUM_RUN_EXECUTOR (an executor kind below), MELODIUM_RUN_CONTAINERS and
//                  MELODIUM_RUN_CONTAINER_<name> (where each executor container runs: for `local-ns`, the
//                  socket of its exec agent), MELODIUM_RUN_SERVICE_CONTAINERS and
//                  MELODIUM_RUN_SERVICE_CONTAINER_<name> (the service's host name, informational),
//                  MELODIUM_RUN_VOLUMES and MELODIUM_RUN_VOLUME_<name> (each volume's directory); lists are
//                  names joined by ','
//                  (written by the local provisioner, read by work/resources: packages/work/resources.cpp)
//
// The local provisioner's own helper processes (`melodium agent …`, their descriptors and control messages)
// are not part of this contract: packages/work/local/helpers.h and supervisor_protocol.h.

#include <string>
#include <string_view>
#include <vector>

#include "stdlib/engine/ids.h"

namespace mel::packages::work::contract {

// ---- Descriptors ----------------------------------------------------------------------------------------

/// The descriptor on which a worker started by a provisioner finds its connected, plain socket to the
/// dispatcher (the value given to k_arg_socket_fd).
inline constexpr int k_worker_socket_fd = 3;

// ---- The worker's command line ----------------------------------------------------------------------------

/// The subcommand of the melodium binary that runs a worker engine.
inline constexpr const char* k_worker_command = "dist";
/// Serve this inherited, connected socket instead of listening.
inline constexpr const char* k_arg_socket_fd = "--socket-fd";
/// The key expected from the dispatcher.
inline constexpr const char* k_arg_recv_key = "--recv-key";
/// The key sent to the dispatcher.
inline constexpr const char* k_arg_send_key = "--send-key";
/// Seconds to wait for the dispatcher.
inline constexpr const char* k_arg_wait = "--wait";
/// The work's maximum duration, in seconds.
inline constexpr const char* k_arg_duration = "--duration";
/// Listen without TLS (a worker reached on the engine's loopback only).
inline constexpr const char* k_arg_disable_tls = "--disable-tls";
/// TLS with this certificate chain and key (PEM files; the container provisioner's per-run certificate).
inline constexpr const char* k_arg_certificate = "--certificate";
inline constexpr const char* k_arg_key = "--key";

// ---- The worker's environment -----------------------------------------------------------------------------

inline constexpr const char* k_env_group_id = stdlib::engine::k_group_id_variable;
inline constexpr const char* k_env_run_id = stdlib::engine::k_run_id_variable;
/// The executor kind (below) that runs the commands of the named executors.
inline constexpr const char* k_env_executor = "MELODIUM_RUN_EXECUTOR";
/// The executor containers' names (a list).
inline constexpr const char* k_env_containers = "MELODIUM_RUN_CONTAINERS";
/// The service containers' names (a list).
inline constexpr const char* k_env_service_containers = "MELODIUM_RUN_SERVICE_CONTAINERS";
/// The volumes' names (a list).
inline constexpr const char* k_env_volumes = "MELODIUM_RUN_VOLUMES";

/// MELODIUM_RUN_CONTAINER_<name>: where executor container `name` runs.
std::string container_variable(std::string_view name);
/// MELODIUM_RUN_SERVICE_CONTAINER_<name>: the host name of service container `name`.
std::string service_container_variable(std::string_view name);
/// MELODIUM_RUN_VOLUME_<name>: the directory of volume `name`.
std::string volume_variable(std::string_view name);

/// The value of a list variable: `names` joined by ','.
std::string join_names(const std::vector<std::string>& names);
/// Whether list value `list` holds `name`.
bool listed(std::string_view list, std::string_view name);

// ---- Executor kinds (the value of k_env_executor) ---------------------------------------------------------

/// Our local provisioner: each executor container's exec agent (packages/work/local/agent_client.h).
inline constexpr const char* k_executor_local_ns = "local-ns";
/// The reference's compose workers (not available in this build).
inline constexpr const char* k_executor_podman = "podman";
inline constexpr const char* k_executor_docker = "docker";

} // namespace mel::packages::work::contract
