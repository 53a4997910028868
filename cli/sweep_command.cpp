// `melodium sweep [--location docker|podman|compose] [--dry-run] [--all-hosts]` (issue 18): removes the
// containers, networks and volumes that runs of the container provisioner left on an engine when their
// dispatcher was killed. The rules are packages/work/containers/sweep.h's; docs/containers.md explains them.
//
// Prints one line per run found (kept ones too, with why), then a summary. Exit status 0 when every run it
// meant to remove is gone (or, --dry-run, when the engine could be listed), 1 when something remains (each
// object named) or no engine answers.

#include <cstdio>
#include <ctime>
#include <string>

#include <fmt/format.h>

#include "cli/command_factories.h"
#include "packages/work/containers/sweep.h"
#include "packages/work/engine/endpoint.h"
#include "runtime/model/term.h"

namespace mel::cli {
namespace {

namespace containers = packages::work::containers;
namespace api = packages::work::engine;

constexpr const char* k_footer =
    "A run of location docker, podman or compose is every container, network and volume labelled "
    "tech.melodium.run with its id. Without --all-hosts, a run is removed only when its dispatcher (the "
    "`melodium run` that made it, in the label tech.melodium.dispatcher) was a process of this host that no "
    "longer runs; runs of live dispatchers, of other hosts and without a dispatcher label are kept and listed. "
    "--all-hosts also removes those of other hosts and those without a label: use it only when no other "
    "machine runs pipelines on this engine. Live runs of this host are never removed. The engine-wide image "
    "and volume of melodium's bundle are never removed. `melodium run` does the same sweep (without "
    "--all-hosts) on its first request to an engine.";

class SweepCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.add_option("--location", m_location,
                       "The engine, found as runs find it: docker, podman, or compose (either, Docker's first)")
            ->default_val("compose")
            ->check(CLI::IsMember({"docker", "podman", "compose"}));
        app.add_flag("--dry-run", m_dry_run, "List the runs and what would be removed; remove nothing");
        app.add_flag("--all-hosts", m_all_hosts,
                     "Also remove runs of dispatchers on other hosts (or in other PID namespaces) and runs "
                     "without a dispatcher label");
        app.footer(k_footer);
    }

    int execute() override
    {
        auto flavour = api::flavour_of(m_location);
        if (!flavour)
            return fail(flavour.error().message);
        auto endpoint = api::discover(flavour.value(), api::process_environment());
        if (!endpoint)
            return fail("no engine to sweep: " + endpoint.error().message);
        api::EngineClient client(endpoint.value());
        if (auto version = client.version(); !version)
            return fail("the engine does not answer: " + version.error().message +
                        " (start it, or point melodium at another one: DOCKER_HOST, CONTAINER_HOST; "
                        "docs/containers.md)");
        auto runs = containers::sweep(client,
                                      m_all_hosts ? containers::SweepScope::AllHosts : containers::SweepScope::ThisHost,
                                      m_dry_run ? containers::SweepMode::DryRun : containers::SweepMode::Remove,
                                      containers::here());
        if (!runs)
            return fail("cannot list the runs on " + client.describe() + ": " + runs.error().message);
        return report(client.describe(), runs.value());
    }

private:
    int report(const std::string& engine, const std::vector<containers::FoundRun>& runs) const
    {
        const std::int64_t now = std::time(nullptr);
        int kept = 0, removed = 0, failed = 0;
        for (const auto& run : runs) {
            std::string line = containers::describe(run, now);
            if (run.action == containers::SweepAction::Kept) {
                ++kept;
                if (run.judgement.liveness != containers::Liveness::Alive)
                    line += " (--all-hosts removes it)";
            } else if (run.action == containers::SweepAction::Failed) {
                ++failed;
            } else {
                ++removed;
            }
            std::printf("%s\n", line.c_str());
        }
        const char* done = m_dry_run ? "would remove" : "removed";
        std::printf("%s\n", fmt::format("{}: {} {} run{}, kept {}{}", engine, done, removed, removed == 1 ? "" : "s",
                                        kept, failed ? fmt::format(", could not remove {}", failed) : "")
                                .c_str());
        std::fflush(stdout);
        if (failed == 0)
            return k_exit_ok;
        term::status_line(stderr, "failure",
                          fmt::format("{} run{} could not be removed (the objects named above remain)", failed,
                                      failed == 1 ? "" : "s"));
        return k_exit_failure;
    }

    static int fail(const std::string& message)
    {
        term::status_line(stderr, "failure", "melodium sweep: " + message);
        return k_exit_failure;
    }

    std::string m_location = "compose";
    bool m_dry_run = false;
    bool m_all_hosts = false;
};

} // namespace

std::unique_ptr<Command> make_sweep_command() { return std::make_unique<SweepCommand>(); }

} // namespace mel::cli
