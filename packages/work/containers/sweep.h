#pragma once

// The sweep of the container provisioner (issue 18): removes what runs left on an engine when their dispatcher
// (`melodium run`) was killed before its teardown (SIGKILL, a crash, a reboot). A run is every container,
// network and volume carrying its k_label_run (run.h); its dispatcher is judged from k_label_dispatcher
// (dispatcher.h):
//
//   the dispatcher                                   default      AllHosts
//   a live process of this host                      kept         kept
//   gone from this host (or its pid reused)          removed      removed
//   on another host (or another pid namespace)       kept         removed
//   not named (no label, or one not understood)      kept         removed
//
// The engine-wide objects of the bundle (k_label_bundle) are no run's and never swept. Finding the runs costs
// one filtered list call per object kind; removing one is run.h's tear_down, then a listing by its label that
// says what remains. Run by the provisioner on its first request (sweep_on_start) and by `melodium sweep`
// (cli/sweep_command.cpp); docs/containers.md describes both.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "packages/work/containers/dispatcher.h"
#include "packages/work/engine/objects.h"
#include "packages/work/provisioner.h"
#include "runtime/model/result.h"

namespace mel::packages::work::containers {

/// Which runs of other dispatchers than this host's may be removed.
enum class SweepScope { ThisHost, AllHosts };
/// Remove, or only say what would be removed.
enum class SweepMode { Remove, DryRun };

enum class SweepAction {
    Kept,        // its dispatcher lives (or, without AllHosts, cannot be judged from here)
    WouldRemove, // DryRun
    Removed,     // nothing of it remains
    Failed,      // something of it remains (`remaining` says what)
};

struct FoundRun {
    std::string run_id;
    std::optional<std::string> dispatcher; // the label's value, when an object has one
    Judgement judgement;
    std::int64_t created = 0; // its oldest object's creation, seconds since the epoch (0: unknown)
    std::vector<std::string> containers, networks, volumes; // names
    SweepAction action = SweepAction::Kept;
    std::vector<std::string> remaining; // Failed: what remains, and the problems met removing it
};

/// The runs that the three listings of objects carrying k_label_run make (containers, networks, volumes),
/// ordered by run id, each judged against `here` (when its objects name different dispatchers, the one most
/// protected wins: alive, elsewhere, not understood, gone).
std::vector<FoundRun> find_runs(const std::vector<engine::Listed>& containers,
                                const std::vector<engine::Listed>& networks,
                                const std::vector<engine::Listed>& volumes, const Here& here);

/// Whether the run is one to remove under `scope`.
bool to_remove(const FoundRun& run, SweepScope scope);

/// Finds the runs on the engine and removes (or, DryRun, marks) those to_remove. An error only when the engine
/// cannot list them; the runs that could not be removed are Failed.
Result<std::vector<FoundRun>> sweep(engine::EngineClient& client, SweepScope scope, SweepMode mode,
                                    const Here& here);

/// One line on the run: `removed run <id> (4 min old; dispatcher h:12 gone): containers a, b; network n;
/// volumes v` (the verb from its action; a run Kept because it is elsewhere says that AllHosts removes it).
/// now: seconds since the epoch.
std::string describe(const FoundRun& run, std::int64_t now);
/// "42 s", "5 min", "3 h 12 min", "2 d 4 h".
std::string format_age(std::int64_t seconds);

/// The provisioner's sweep on its first request for an engine: this host's runs whose dispatcher is gone,
/// removed, one info line each under the label "containers" (a warning for one that would not go, or when the
/// engine cannot list). Silent when there is nothing to remove.
void sweep_on_start(engine::EngineClient& client, const ProvisionLog& log);

} // namespace mel::packages::work::containers
