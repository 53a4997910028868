#pragma once

// process/local — the local executor: commands run as children of the engine, on this machine (packages.md
// §5.1 "Local"). Their pipes and their end are watched by the engine's I/O thread.

#include <memory>

#include "packages/process/exec.h"

namespace mel::packages::process {

/// The one local ExecutorEngine (what `|local_executor()` holds).
std::shared_ptr<const ExecutorEngine> local_executor_engine();

} // namespace mel::packages::process
