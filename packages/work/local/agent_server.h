#pragma once

// The exec agent (agent_protocol.h): PID 1 of an executor container (or a plain host process in the fallback
// mode), or the process of a Docker/Podman executor container under the engine's init. It serves exec
// requests on a listening Unix socket and reaps every process of the container. Single-threaded; runs in its
// own process (the hidden `melodium agent container` and `melodium agent serve` modes), never in a forked copy
// of a multithreaded engine.

namespace mel::packages::work::local {

enum class AgentRole {
    Pid1,     // PID 1 of a PID namespace: the kernel kills everything when it exits
    HostMode, // a plain process (on the host, or under an engine's init): a subreaper that kills what it
              // started when it ends
};

/// Serves until SIGTERM/SIGINT/SIGHUP, or until `parent_fd` (when >= 0) reaches its end. The agent's own
/// environment is the containers' base environment. Returns the exit code.
int serve_exec_agent(int listen_fd, AgentRole role, int parent_fd);

} // namespace mel::packages::work::local
