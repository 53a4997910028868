// How long a CI step takes when its command does nothing (issues 7 and 18). The programs in
// bench/step_latency/ run in-process, on each location given (MELODIUM_LOCATION: their dispatcher says
// `location = "api"` and has no API URL):
//   one_step     one simpleStep running `true` in debian:bookworm-slim;
//   three_steps  two such steps at once, then a third after both (the shape of samples/16_ci_pipeline).
// Each logs "begin" when triggered and "end" on the last `finished`; the time between the two records is the
// figure (best of R runs), also the whole run (teardown included). The baselines, measured in the same run:
//   local             `sh -c true` spawned and waited for directly;
//   docker, podman    the engine's own cost of one container running `true` in debian:bookworm-slim, through
//                     the same Engine API client: create, start, wait for its exit, remove.
// Prints the figures and the ratios. The engines are found as the provisioner finds them (DOCKER_HOST,
// CONTAINER_HOST, default sockets); bench/step_latency_engines.py starts Docker and Podman of their own,
// loads the image offline and runs this on local, docker and podman.
//
//   step_latency [RUNS] [--locations local,docker,podman]     (default: 5, local)
//   STEP_LATENCY_VERBOSE=1 prints every log record of the runs on stderr.
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "cli/program.h"
#include "cli/run_options.h"
#include "packages/work/engine/client.h"
#include "packages/work/engine/endpoint.h"
#include "packages/work/engine/objects.h"
#include "runtime/engine/engine.h"
#include "runtime/engine/world.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Timed {
    double step = 1e9;  // begin → end
    double whole = 1e9; // the whole run
};

Timed run_program(const std::string& file, int runs)
{
    mel::frontend::CheckRequest request;
    request.file = file;
    auto loaded = mel::cli::load_program(request);
    if (!loaded->ok() || loaded->program->entrypoints.empty()) {
        mel::cli::print_diagnostics(stderr, *loaded);
        std::fprintf(stderr, "step_latency: %s does not check\n", file.c_str());
        std::exit(1);
    }
    const mel::Element* entry = loaded->program->find(loaded->program->entrypoints.front().second);
    const bool verbose = std::getenv("STEP_LATENCY_VERBOSE") != nullptr;
    Timed best;
    for (int i = 0; i < runs; ++i) {
        std::chrono::system_clock::time_point begin, end;
        bool success = false;
        // As `melodium run` builds them: the registry gives the data types their wire codecs, the sources
        // are what the steps' distribution ships.
        auto options = mel::cli::run_options(loaded->program.get());
        options.console = nullptr;
        options.log_observer = [&](const mel::engine::LogRecord& r) {
            if (verbose)
                std::fprintf(stderr, "%s: %s\n", r.label.c_str(), r.message.c_str());
            if (r.label != "bench")
                return;
            if (r.message == "begin")
                begin = r.time;
            else if (r.message == "end")
                end = r.time;
            else if (r.message == "success")
                success = true;
        };
        const auto t0 = Clock::now();
        const int code = mel::engine::run(*entry->treatment, {}, options);
        const double whole = std::chrono::duration<double>(Clock::now() - t0).count();
        if (code != 0 || !success || end <= begin) {
            std::fprintf(stderr, "step_latency: %s exited with %d%s\n", file.c_str(), code,
                         success ? "" : " without success");
            std::exit(1);
        }
        best.step = std::min(best.step, std::chrono::duration<double>(end - begin).count());
        best.whole = std::min(best.whole, whole);
    }
    return best;
}

double spawn_true(int runs)
{
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        pid_t pid = 0;
        char sh[] = "sh", c[] = "-c", t[] = "true";
        char* argv[] = {sh, c, t, nullptr};
        if (::posix_spawnp(&pid, "sh", nullptr, nullptr, argv, environ) != 0) {
            std::perror("step_latency: posix_spawnp");
            std::exit(1);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

[[noreturn]] void fail(const std::string& what)
{
    std::fprintf(stderr, "step_latency: %s\n", what.c_str());
    std::exit(1);
}

/// One container running `true` in the steps' image, through the provisioner's own client: create, start,
/// wait, remove (best of runs).
double engine_true(const std::string& location, int runs)
{
    namespace eng = mel::packages::work::engine;
    auto flavour = eng::flavour_of(location);
    if (!flavour)
        fail(flavour.error().message);
    auto endpoint = eng::discover(flavour.value(), eng::process_environment());
    if (!endpoint)
        fail(endpoint.error().message);
    eng::EngineClient client(endpoint.value());
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        eng::ContainerConfig config;
        config.name = "melodium-bench-" + std::to_string(::getpid()) + "-" + std::to_string(i);
        config.image = "debian:bookworm-slim";
        config.cmd = std::vector<std::string>{"true"};
        const auto t0 = Clock::now();
        auto id = eng::create_container(client, config);
        if (!id)
            fail(location + ": " + id.error().message);
        const mel::Status started = eng::start_container(client, id.value());
        const auto code = started.ok() ? eng::wait_container(client, id.value(), std::chrono::seconds(60))
                                       : mel::Result<int>(started.error());
        const mel::Status removed = eng::remove_container(client, id.value());
        if (!code || code.value() != 0 || !removed.ok())
            fail(location + ": the baseline container did not run `true` cleanly: " +
                 (!code ? code.error().message : !removed.ok() ? removed.error().message
                                                              : "exit " + std::to_string(code.value())));
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

std::vector<std::string> split(const std::string& list)
{
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= list.size()) {
        const std::size_t comma = std::min(list.find(',', from), list.size());
        if (comma > from)
            out.push_back(list.substr(from, comma - from));
        from = comma + 1;
    }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    int runs = 5;
    std::vector<std::string> locations{"local"};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--locations" && i + 1 < argc)
            locations = split(argv[++i]);
        else if (std::atoi(arg.c_str()) > 0)
            runs = std::atoi(arg.c_str());
        else
            fail("usage: step_latency [RUNS] [--locations local,docker,podman] (unknown argument '" + arg + "')");
    }
    // The workers are `melodium dist` processes, and the containers' bundle is made of melodium: this binary
    // is not melodium.
    ::setenv("MELODIUM_WORKER_BINARY", MELODIUM_BINARY, 0);
    ::unsetenv("MELODIUM_API_URL");
    mel::engine::tune_allocator();
    const std::string dir = MELODIUM_BENCH_DIR "/step_latency/";
    std::printf("step_latency (best of %d)\n", runs);
    for (const std::string& location : locations) {
        ::setenv("MELODIUM_LOCATION", location.c_str(), 1);
        const bool local = location == "local";
        // On an engine, a first run makes and loads the bundle and warms the image: not counted.
        if (!local)
            run_program(dir + "one_step.mel", 1);
        const double base = local ? spawn_true(std::max(runs, 20)) : engine_true(location, runs);
        const Timed one = run_program(dir + "one_step.mel", runs);
        const Timed three = run_program(dir + "three_steps.mel", runs);
        std::printf("%s\n", location.c_str());
        if (local)
            std::printf("  sh -c true, spawned directly:        %8.2f ms\n", base * 1e3);
        else
            std::printf("  a container of `true` (engine API):  %8.2f ms\n", base * 1e3);
        std::printf("  one simpleStep, trigger→finished: %8.1f ms (%.1fx; whole run %.1f ms)\n", one.step * 1e3,
                    one.step / base, one.whole * 1e3);
        std::printf("  three steps, trigger→finished:    %8.1f ms (%.1fx; whole run %.1f ms)\n", three.step * 1e3,
                    three.step / base, three.whole * 1e3);
        std::fflush(stdout);
    }
    return 0;
}
