#pragma once

// The worker's side of the exec agent (agent_protocol.h): an ExecutorEngine whose commands run in an executor
// container of the local provisioner, reached through the agent socket that MELODIUM_RUN_CONTAINER_<name>
// names (MELODIUM_RUN_EXECUTOR=local-ns). Pipes and the agent's reports are watched by the engine's I/O thread,
// as for the local executor; terminate sends a kill request (the command's whole process group).

#include <memory>
#include <string>

#include "packages/process/exec.h"

namespace mel::packages::work::local {

std::shared_ptr<const process::ExecutorEngine> agent_executor_engine(std::string socket_path);

} // namespace mel::packages::work::local
