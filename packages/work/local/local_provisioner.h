#pragma once

// work/local — the embedded `local` provisioner (DESIGN §6, packages.md §6.3–§6.5): per request, a pod of
// Linux namespaces on this machine whose executor containers see the host's root filesystem through an
// overlay (they use the host's tools and cannot change the host), services through adapters (`postgres:*`),
// and a `melodium dist` worker child reached through a socketpair. docs/local-provisioner.md explains it.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "packages/work/provisioner.h"

namespace mel::packages::work::local {

struct LocalOptions {
    /// The melodium executable run as the worker and, in its hidden `agent` mode, as the pod's helpers.
    /// Empty: MELODIUM_WORKER_BINARY, else this process's own executable (resolved when the provisioner is made).
    std::string melodium_binary;
    /// Where run directories go. Empty: MELODIUM_WORK_DIR, else $XDG_RUNTIME_DIR/melodium, else /tmp/melodium-$UID.
    std::string state_dir;
    /// Keep each run directory after teardown. Unset: whether MELODIUM_KEEP_RUNS is set (and not "0"/"false").
    std::optional<bool> keep_runs;
    /// Replaces `<melodium_binary> dist` in the worker's command line (the dist options are still appended);
    /// for tests and for trying another worker.
    std::optional<std::vector<std::string>> worker_command;
    /// Force the host fallback (no namespaces), as when neither root nor user namespaces are available.
    bool force_host = false;
    /// How long a service may take to become ready, in seconds.
    unsigned service_ready_timeout = 60;
};

/// The run directory root: `options.state_dir` or the environment's choice (see LocalOptions::state_dir).
std::string local_state_dir(const LocalOptions& options);

std::unique_ptr<Provisioner> make_local_provisioner(LocalOptions options = {});

/// The service images the local provisioner can run (through an adapter): its adapter name, or empty.
std::string service_adapter(const std::string& image);

} // namespace mel::packages::work::local
