#pragma once

// The local provisioner's helper processes: the hidden `melodium agent` modes (cli/agent_command.cpp).
//   melodium agent supervise RUN.json    the pod supervisor (control socket on fd 3, the worker's socket on fd 4)
//   melodium agent container RUN.json N  executor container N: sets its filesystem up, then is its exec agent
//   melodium agent service RUN.json N    service container N through its adapter (postgres)
// Each is a single-threaded process started by exec, so nothing of a multithreaded engine runs after a fork.
// The container and service modes report on fd 3 ("log"/"ready"/"failed" messages, wire.h).

#include <csignal>
#include <string>
#include <vector>

#include "packages/work/local/run_config.h"

namespace mel::packages::work::local {

/// The descriptor on which a helper finds its parent's socket.
inline constexpr int k_helper_status_fd = 3;
/// The supervisor's second descriptor: the worker's end of the dispatcher's socketpair.
inline constexpr int k_supervisor_worker_fd = 4;

/// Entry point of `melodium agent …`; returns the exit code.
int agent_main(const std::vector<std::string>& args);

int supervise_main(const RunConfig& config);
int container_main(const RunConfig& config, const std::string& name);
int service_main(const RunConfig& config, const std::string& name);

/// Sends a log line to the parent (`level`: error, warning, info, debug).
void report_log(int fd, const std::string& level, const std::string& label, const std::string& text);

/// The signals a helper handles itself, through a signalfd: its children's end and the requests to stop
/// (SIGCHLD, SIGTERM, SIGINT, SIGHUP).
sigset_t helper_signals();

/// Blocks helper_signals(), ignores SIGPIPE, and returns a non-blocking signalfd for them (-1 on failure).
int block_helper_signals();

/// Creates `path` and its missing parents (mode 0755 for the new ones); false with errno on failure.
bool make_directories(const std::string& path);

} // namespace mel::packages::work::local
