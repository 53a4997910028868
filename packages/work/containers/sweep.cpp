// The sweep of runs whose dispatcher is gone (sweep.h).

#include "packages/work/containers/sweep.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include <fmt/format.h>

#include "packages/work/containers/run.h"

namespace mel::packages::work::containers {

namespace {

/// Lower is more protected: a run whose objects name several dispatchers is judged by the most protected.
int protection(Liveness liveness)
{
    switch (liveness) {
    case Liveness::Alive: return 0;
    case Liveness::Elsewhere: return 1;
    case Liveness::Unknown: return 2;
    case Liveness::Gone: return 3;
    }
    return 0;
}

const std::string* label_of(const engine::Listed& object, const char* key)
{
    const auto found = object.labels.find(key);
    return found == object.labels.end() ? nullptr : &found->second;
}

/// "containers a, b" / "network n".
std::string named(const char* kind, const std::vector<std::string>& names)
{
    return fmt::format("{}{} {}", kind, names.size() == 1 ? "" : "s", fmt::join(names, ", "));
}

/// What is left of a run on the engine, by its label (one listing per kind).
std::vector<std::string> left_of(engine::EngineClient& client, const std::string& run_id)
{
    std::vector<std::string> left;
    const std::string label = std::string(k_label_run) + "=" + run_id;
    for (const auto& [kind, what] : {std::pair{engine::ObjectKind::Container, "container"},
                                     std::pair{engine::ObjectKind::Network, "network"},
                                     std::pair{engine::ObjectKind::Volume, "volume"}}) {
        auto listed = engine::list_by_label(client, kind, label);
        if (!listed)
            left.push_back(listed.error().message);
        else
            for (const auto& object : listed.value())
                left.push_back(fmt::format("{} {} remains", what, object.name.empty() ? object.id : object.name));
    }
    return left;
}

} // namespace

std::vector<FoundRun> find_runs(const std::vector<engine::Listed>& containers,
                                const std::vector<engine::Listed>& networks,
                                const std::vector<engine::Listed>& volumes, const Here& here)
{
    std::map<std::string, FoundRun> runs;
    std::map<std::string, std::set<std::string>> dispatchers; // run id → the labels its objects carry
    const auto add = [&](const std::vector<engine::Listed>& objects, std::vector<std::string> FoundRun::*names) {
        for (const auto& object : objects) {
            const std::string* run_id = label_of(object, k_label_run);
            if (!run_id)
                continue;
            FoundRun& run = runs[*run_id];
            run.run_id = *run_id;
            (run.*names).push_back(object.name.empty() ? object.id : object.name);
            if (object.created > 0 && (run.created == 0 || object.created < run.created))
                run.created = object.created;
            if (const std::string* dispatcher = label_of(object, k_label_dispatcher))
                dispatchers[*run_id].insert(*dispatcher);
        }
    };
    add(containers, &FoundRun::containers);
    add(networks, &FoundRun::networks);
    add(volumes, &FoundRun::volumes);

    std::vector<FoundRun> found;
    for (auto& [id, run] : runs) {
        for (auto* names : {&run.containers, &run.networks, &run.volumes})
            std::sort(names->begin(), names->end());
        run.judgement = judge(std::nullopt, here);
        bool first = true;
        for (const auto& label : dispatchers[id]) {
            Judgement judgement = judge(label, here);
            if (first || protection(judgement.liveness) < protection(run.judgement.liveness)) {
                run.judgement = std::move(judgement);
                run.dispatcher = label;
            }
            first = false;
        }
        found.push_back(std::move(run));
    }
    return found;
}

bool to_remove(const FoundRun& run, SweepScope scope)
{
    switch (run.judgement.liveness) {
    case Liveness::Alive: return false;
    case Liveness::Gone: return true;
    case Liveness::Elsewhere:
    case Liveness::Unknown: return scope == SweepScope::AllHosts;
    }
    return false;
}

Result<std::vector<FoundRun>> sweep(engine::EngineClient& client, SweepScope scope, SweepMode mode, const Here& here)
{
    std::vector<engine::Listed> listed[3];
    const engine::ObjectKind kinds[3] = {engine::ObjectKind::Container, engine::ObjectKind::Network,
                                         engine::ObjectKind::Volume};
    for (int i = 0; i < 3; ++i) {
        auto objects = engine::list_by_label(client, kinds[i], k_label_run);
        if (!objects)
            return objects.error();
        listed[i] = std::move(objects).value();
    }
    auto runs = find_runs(listed[0], listed[1], listed[2], here);
    for (auto& run : runs) {
        if (!to_remove(run, scope))
            continue;
        if (mode == SweepMode::DryRun) {
            run.action = SweepAction::WouldRemove;
            continue;
        }
        RunObjects objects;
        objects.run_id = run.run_id;
        const auto problems = tear_down(client, objects);
        // What remains decides: an object another sweep removed meanwhile is a problem of tear_down, not a failure.
        run.remaining = left_of(client, run.run_id);
        run.action = run.remaining.empty() ? SweepAction::Removed : SweepAction::Failed;
        if (!run.remaining.empty())
            run.remaining.insert(run.remaining.end(), problems.begin(), problems.end());
    }
    return runs;
}

std::string format_age(std::int64_t seconds)
{
    seconds = std::max<std::int64_t>(seconds, 0);
    if (seconds < 60)
        return fmt::format("{} s", seconds);
    if (seconds < 3600)
        return fmt::format("{} min", seconds / 60);
    if (seconds < 86400)
        return seconds % 3600 < 60 ? fmt::format("{} h", seconds / 3600)
                                   : fmt::format("{} h {} min", seconds / 3600, seconds % 3600 / 60);
    return seconds % 86400 < 3600 ? fmt::format("{} d", seconds / 86400)
                                  : fmt::format("{} d {} h", seconds / 86400, seconds % 86400 / 3600);
}

std::string describe(const FoundRun& run, std::int64_t now)
{
    const char* verb = "kept";
    switch (run.action) {
    case SweepAction::Kept: break;
    case SweepAction::WouldRemove: verb = "would remove"; break;
    case SweepAction::Removed: verb = "removed"; break;
    case SweepAction::Failed: verb = "could not remove"; break;
    }
    std::vector<std::string> about;
    if (run.created > 0)
        about.push_back(format_age(now - run.created) + " old");
    const auto id = run.dispatcher ? parse_label(*run.dispatcher) : std::nullopt;
    about.push_back(id ? fmt::format("dispatcher {}: {}", short_name(*id), run.judgement.why) : run.judgement.why);
    std::string line = fmt::format("{} run {} ({})", verb, run.run_id, fmt::join(about, "; "));
    if (run.action == SweepAction::Kept)
        return line;
    std::vector<std::string> parts;
    if (run.action == SweepAction::Failed)
        parts = run.remaining;
    else
        for (const auto& [kind, names] : {std::pair{"container", &run.containers}, std::pair{"network", &run.networks},
                                          std::pair{"volume", &run.volumes}})
            if (!names->empty())
                parts.push_back(named(kind, *names));
    return fmt::format("{}: {}", line, fmt::join(parts, "; "));
}

void sweep_on_start(engine::EngineClient& client, const ProvisionLog& log)
{
    using mel::engine::LogLevel;
    auto runs = sweep(client, SweepScope::ThisHost, SweepMode::Remove, here());
    if (!runs) {
        say(log, LogLevel::Warning, "containers",
            "sweep of runs left by killed dispatchers: cannot list them: " + runs.error().message);
        return;
    }
    const std::int64_t now = std::time(nullptr);
    for (const auto& run : runs.value())
        if (run.action == SweepAction::Removed)
            say(log, LogLevel::Info, "containers", "sweep: " + describe(run, now));
        else if (run.action == SweepAction::Failed)
            say(log, LogLevel::Warning, "containers",
                "sweep: " + describe(run, now) + " (`melodium sweep` tries again)");
}

} // namespace mel::packages::work::containers
