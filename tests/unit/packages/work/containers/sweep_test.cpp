// work/containers sweep: runs grouped from the three listings and judged, which ones a sweep removes, the
// lines that report them (the sweep on an engine: tests/integration/container_sweep.py).

#include <doctest/doctest.h>

#include "packages/work/containers/run.h"
#include "packages/work/containers/sweep.h"

using namespace mel::packages::work;
using namespace mel::packages::work::containers;

namespace {

/// "ci-1", pid namespace 7: process 100 (started at 1000) lives.
Here machine()
{
    return {"ci-1", 7u, [](int pid) -> std::optional<ProcessInfo> {
                if (pid == 100)
                    return ProcessInfo{1000, false};
                return std::nullopt;
            }};
}

engine::Listed object(const std::string& name, const std::string& run, std::optional<std::string> dispatcher,
                      std::int64_t created)
{
    engine::Listed listed;
    listed.id = "id-" + name;
    listed.name = name;
    listed.labels = {{k_label_run, run}, {k_label_group, "g"}};
    if (dispatcher)
        listed.labels[k_label_dispatcher] = *dispatcher;
    listed.created = created;
    return listed;
}

const std::string k_live = "ci-1:100:1000:7";
const std::string k_dead = "ci-1:101:1000:7";
const std::string k_other = "ci-2:100:1000:7";

const FoundRun& run_named(const std::vector<FoundRun>& runs, const std::string& id)
{
    for (const auto& run : runs)
        if (run.run_id == id)
            return run;
    FAIL("no run " << id);
    return runs.front();
}

} // namespace

TEST_CASE("sweep: a run is every object of its label, names sorted, its age its oldest object's")
{
    const auto runs = find_runs({object("m-b.worker", "b", k_dead, 1500), object("m-b-s", "b", k_dead, 1400),
                                 object("m-a-s", "a", k_live, 1000)},
                                {object("m-b", "b", k_dead, 1300)},
                                {object("m-b-data", "b", k_dead, 0), object("m-c.agents", "c", k_other, 900)},
                                machine());
    REQUIRE(runs.size() == 3);
    CHECK(runs[0].run_id == "a");
    CHECK(runs[1].run_id == "b");
    CHECK(runs[2].run_id == "c");
    const FoundRun& b = runs[1];
    CHECK(b.containers == std::vector<std::string>{"m-b-s", "m-b.worker"});
    CHECK(b.networks == std::vector<std::string>{"m-b"});
    CHECK(b.volumes == std::vector<std::string>{"m-b-data"});
    CHECK(b.created == 1300);
    CHECK(b.dispatcher == std::optional<std::string>(k_dead));
    CHECK(runs[0].judgement.liveness == Liveness::Alive);
    CHECK(b.judgement.liveness == Liveness::Gone);
    CHECK(runs[2].judgement.liveness == Liveness::Elsewhere);
    CHECK(runs[2].volumes == std::vector<std::string>{"m-c.agents"});
}

TEST_CASE("sweep: objects without a run label are no run's (the bundle's volume)")
{
    engine::Listed bundle;
    bundle.id = bundle.name = "melodium-bundle-0123456789ab";
    bundle.labels = {{k_label_bundle, "0123456789ab"}};
    CHECK(find_runs({}, {}, {bundle}, machine()).empty());
}

TEST_CASE("sweep: objects of one run naming several dispatchers: the most protected wins")
{
    const auto runs = find_runs({object("x1", "x", k_dead, 1), object("x2", "x", k_live, 1),
                                 object("y1", "y", k_dead, 1), object("y2", "y", k_other, 1),
                                 object("z1", "z", k_dead, 1), object("z2", "z", std::nullopt, 1),
                                 object("u1", "u", std::nullopt, 1)},
                                {}, {}, machine());
    CHECK(run_named(runs, "x").judgement.liveness == Liveness::Alive);
    CHECK(run_named(runs, "y").judgement.liveness == Liveness::Elsewhere);
    CHECK(run_named(runs, "y").dispatcher == std::optional<std::string>(k_other));
    // An object without the label beside one that names a dead dispatcher: the run is that dispatcher's.
    CHECK(run_named(runs, "z").judgement.liveness == Liveness::Gone);
    CHECK(run_named(runs, "u").judgement.liveness == Liveness::Unknown);
    CHECK_FALSE(run_named(runs, "u").dispatcher);
}

TEST_CASE("sweep: gone runs are removed; elsewhere and unnamed ones only for every host; live ones never")
{
    const auto runs = find_runs({object("a", "alive", k_live, 1), object("g", "gone", k_dead, 1),
                                 object("e", "elsewhere", k_other, 1), object("u", "unnamed", std::nullopt, 1),
                                 object("o", "older", "ci-1:100", 1)},
                                {}, {}, machine());
    const auto removed = [&](const std::string& id, SweepScope scope) { return to_remove(run_named(runs, id), scope); };
    CHECK_FALSE(removed("alive", SweepScope::ThisHost));
    CHECK_FALSE(removed("alive", SweepScope::AllHosts));
    CHECK_FALSE(removed("older", SweepScope::AllHosts));
    CHECK(removed("gone", SweepScope::ThisHost));
    CHECK(removed("gone", SweepScope::AllHosts));
    CHECK_FALSE(removed("elsewhere", SweepScope::ThisHost));
    CHECK(removed("elsewhere", SweepScope::AllHosts));
    CHECK_FALSE(removed("unnamed", SweepScope::ThisHost));
    CHECK(removed("unnamed", SweepScope::AllHosts));
}

TEST_CASE("sweep: ages in seconds, minutes, hours, days")
{
    CHECK(format_age(0) == "0 s");
    CHECK(format_age(-5) == "0 s");
    CHECK(format_age(59) == "59 s");
    CHECK(format_age(60) == "1 min");
    CHECK(format_age(3599) == "59 min");
    CHECK(format_age(3600) == "1 h");
    CHECK(format_age(3 * 3600 + 12 * 60 + 5) == "3 h 12 min");
    CHECK(format_age(86400) == "1 d");
    CHECK(format_age(2 * 86400 + 4 * 3600 + 59) == "2 d 4 h");
}

TEST_CASE("sweep: one line per run: its id, its age, its dispatcher, what was (or would be) removed")
{
    auto runs = find_runs({object("m-b-s", "b", k_dead, 1000), object("m-b.worker", "b", k_dead, 1000)},
                          {object("m-b", "b", k_dead, 1000)}, {object("m-b.agents", "b", k_dead, 1000)}, machine());
    REQUIRE(runs.size() == 1);
    FoundRun& run = runs.front();
    run.action = SweepAction::Removed;
    CHECK(describe(run, 1240) == "removed run b (4 min old; dispatcher ci-1:101: gone): containers m-b-s, m-b.worker; "
                                 "network m-b; volume m-b.agents");
    run.action = SweepAction::WouldRemove;
    CHECK(describe(run, 1240).starts_with("would remove run b (4 min old; dispatcher ci-1:101: gone): containers"));
    run.action = SweepAction::Failed;
    run.remaining = {"volume m-b.agents remains", "teardown: DELETE /volumes/m-b.agents: 409 in use"};
    CHECK(describe(run, 1240) == "could not remove run b (4 min old; dispatcher ci-1:101: gone): volume m-b.agents "
                                 "remains; teardown: DELETE /volumes/m-b.agents: 409 in use");
    run.action = SweepAction::Kept;
    run.judgement = {Liveness::Alive, "running"};
    CHECK(describe(run, 1240) == "kept run b (4 min old; dispatcher ci-1:101: running)");

    auto unnamed = find_runs({}, {}, {object("v", "u", std::nullopt, 0)}, machine());
    CHECK(describe(unnamed.front(), 1240) == "kept run u (no dispatcher label)");
}
