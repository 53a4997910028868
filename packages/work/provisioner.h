#pragma once

// The seam under `work/distant::DistantEngine` (DESIGN §6, packages.md §6.2): a Provisioner turns a worker
// request (packages.md §2.2, §2.7) into a running worker engine reachable through an Access, and tears it down.
// `location` selects the implementation; `local` (packages/work/local/) is the embedded default.
//
// Threading: start() and ProvisionedWorker::wait() block; the `distant` treatment calls them on the engine's
// blocking pool. cancel() may be called from any thread, at any time, also while start() or wait() run.
// Provisioner::cancel() likewise, also while start() runs.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "packages/work/access.h"
#include "runtime/engine/log.h"

namespace mel::packages::work {

struct VolumeSpec {
    std::string name;
    std::uint32_t storage = 0; // MB
};

struct MountSpec {
    std::string name;  // the volume
    std::string point; // absolute path in the container
};

struct ContainerSpec {
    std::string name;
    std::string image;
    std::string pull_secret = "{}";
    std::uint32_t memory = 0;  // MB
    std::uint32_t cpu = 0;     // millicores
    std::uint32_t storage = 0; // MB
    std::string arch;          // "amd64" or "arm64"
    std::vector<MountSpec> mounts;
};

struct ServiceSpec : ContainerSpec {
    std::map<std::string, std::string> env;
    std::optional<std::vector<std::string>> command;
};

struct WorkerRequest {
    std::uint32_t max_duration = 0; // seconds; a hard deadline for the local provisioner
    std::uint32_t memory = 0;
    std::uint32_t cpu = 0;
    std::uint32_t storage = 0;
    std::string edition = "scratch";
    std::optional<std::string> arch;
    std::vector<VolumeSpec> volumes;
    std::vector<ContainerSpec> containers;
    std::vector<ServiceSpec> services;
    std::vector<std::string> tags;
    /// The dispatcher's freshly generated key (UUID text): the worker must answer the handshake with it
    /// (its send key; the Access's self_key).
    std::string secret_key;
    std::string group_id; // the dispatcher's group id: the worker must run in the same group
    std::string parent_run_id;
};

/// Progress and diagnostics while provisioning: (level, label, message); label is usually the container or
/// service name. Callable from any thread.
using ProvisionLog = std::function<void(mel::engine::LogLevel, const std::string&, const std::string&)>;

/// A worker that was started.
class ProvisionedWorker {
public:
    virtual ~ProvisionedWorker() = default;
    /// How to reach it (the key the worker receives, its keys, address/port or an attached socket).
    virtual const AccessData& access() const = 0;
    /// Blocks until the worker has ended and everything of it is torn down; the non-fatal errors (a non-zero
    /// worker exit, teardown problems, the deadline having been hit).
    virtual std::vector<std::string> wait() = 0;
    /// Ends the worker and tears everything down now (Ctrl-C, the dispatcher ending); wait() then returns.
    /// Idempotent.
    virtual void cancel() = 0;
};

struct ProvisionResult {
    std::unique_ptr<ProvisionedWorker> worker; // null on failure
    std::vector<std::string> errors;           // why it failed (or non-fatal notes when it succeeded)
};

class Provisioner {
public:
    virtual ~Provisioner() = default;
    /// Provisions a worker for `request`; blocks. Never throws for an expected failure: errors are returned.
    virtual ProvisionResult start(const WorkerRequest& request, const ProvisionLog& log) = 0;
    /// The program is stopping (Ctrl-C): every start() in progress returns soon, failed, with what it made torn
    /// down, and later ones fail at once. The default does nothing (start() then ends in its own time).
    virtual void cancel() {}
};

} // namespace mel::packages::work
