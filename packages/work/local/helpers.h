#pragma once

// The local provisioner's helper processes: the hidden `melodium agent` modes (cli/agent_command.cpp).
//   melodium agent supervise RUN.json    the pod supervisor (control socket on fd 3, the worker's socket on fd 4)
//   melodium agent container RUN.json N  executor container N: sets its filesystem up, then is its exec agent
//   melodium agent service RUN.json N    service container N through its adapter (postgres)
// Each is a single-threaded process started by exec, so nothing of a multithreaded engine runs after a fork.
// The container and service modes report on fd 3 (supervisor_protocol.h).
// Two modes serve the container provisioner (issue 18), which runs the bundle of melodium
// (packages/work/containers/bundle.h) on a Docker or Podman engine:
//   melodium agent serve --socket PATH  the exec agent of an executor container: the container's process
//                                       under the engine's init (HostConfig.Init), serving agent_protocol.h on
//                                       the Unix socket PATH (in a volume the worker's container shares) until
//                                       SIGTERM; needs nothing of the image (no shell, not its libc)
//   melodium agent bundle [--out DIR]   makes (or finds in DIR, a cache) the bundle's image archive and prints
//                                       `image REFERENCE`, `archive PATH`, `hash HASH`, one a line
//   melodium agent probe --timeout S (--unix PATH | --tcp HOST:PORT…)
//                                       exits 0 once every target accepts a connection (PATH: an agent's
//                                       SOCK_SEQPACKET socket; HOST is resolved each attempt, so a name that
//                                       appears late is found), 1 when S seconds pass first; the provisioner
//                                       runs it inside the run's containers and network (probe.cpp)
//
// Errors: every operation that can fail returns a mel::Result / Status (runtime/model/result.h) whose message
// is what the dispatcher shows; a failed system call reads "<what>: <strerror>" (system_failure). Only wire.h,
// the thin layer over the socket calls, keeps the calls' own convention (an errno value, -1 with errno).

#include <cerrno>
#include <csignal>
#include <string>
#include <vector>

#include "packages/work/local/run_config.h"
#include "runtime/engine/log.h"
#include "runtime/model/result.h"

namespace mel::packages::work::local {

/// The descriptor on which a helper finds its parent's socket.
inline constexpr int k_helper_status_fd = 3;
/// The supervisor's second descriptor: the worker's end of the dispatcher's socketpair.
inline constexpr int k_supervisor_worker_fd = 4;

/// The helpers' command line: `<melodium> k_agent_command <mode> RUN.json [NAME]`.
inline constexpr const char* k_agent_command = "agent";
inline constexpr const char* k_mode_supervise = "supervise";
inline constexpr const char* k_mode_container = "container";
inline constexpr const char* k_mode_service = "service";
inline constexpr const char* k_mode_serve = "serve";
inline constexpr const char* k_mode_bundle = "bundle";
inline constexpr const char* k_mode_probe = "probe";
/// `agent rm-volumes --label K=V --timeout S` (the swarm provisioner's cleanup on a node: swarm/provisioner.h).
inline constexpr const char* k_mode_rm_volumes = "rm-volumes";
inline constexpr const char* k_arg_label = "--label";
/// The options of those two modes.
inline constexpr const char* k_arg_socket = "--socket";
inline constexpr const char* k_arg_out = "--out";
inline constexpr const char* k_arg_timeout = "--timeout";
inline constexpr const char* k_arg_unix = "--unix";
inline constexpr const char* k_arg_tcp = "--tcp";

/// Entry point of `melodium agent …`; returns the exit code.
int agent_main(const std::vector<std::string>& args);

int supervise_main(const RunConfig& config);
int container_main(const RunConfig& config, const std::string& name);
int service_main(const RunConfig& config, const std::string& name);
/// `agent serve --socket PATH`: the exec agent on `path` (agent_server.h).
int serve_main(const std::string& path);
/// `agent bundle [--out DIR]` (packages/work/containers/bundle.h).
int bundle_main(const std::string& cache_dir);

/// `agent rm-volumes --label K=V --timeout S`: removes the volumes carrying the label on the engine DOCKER_HOST
/// names, retrying while containers that are going away still use them; 0 when none remains.
int rm_volumes_main(const std::string& label, unsigned timeout);

/// `agent probe …` (its arguments after the mode): the exit code.
int probe_main(const std::vector<std::string>& args);

/// Sends a log line to the parent.
void report_log(int fd, mel::engine::LogLevel level, const std::string& label, const std::string& text);

/// The signals a helper handles itself, through a signalfd: its children's end and the requests to stop
/// (SIGCHLD, SIGTERM, SIGINT, SIGHUP).
sigset_t helper_signals();

/// Blocks helper_signals(), ignores SIGPIPE, and returns a non-blocking signalfd for them (-1 on failure).
int block_helper_signals();

/// A failed system call: "<what>: <the text of `error`>".
Error system_failure(const std::string& what, int error = errno);

/// A listening SOCK_SEQPACKET Unix socket at `path` (mode 0600), replacing a stale socket (or any file) there.
Result<int> listen_unix(const std::string& path);

/// Creates `path` and its missing parents (mode 0755 for the new ones); system_failure(what) on failure.
Status make_directories(const std::string& path, const std::string& what);

} // namespace mel::packages::work::local
