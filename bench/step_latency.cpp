// How long a CI step takes when its command does nothing (issue 7). The programs in bench/step_latency/ run
// in-process on the local provisioner (a pod and a `melodium dist` worker per step):
//   one_step     one simpleStep running `true`;
//   three_steps  two such steps at once, then a third after both (the shape of samples/16_ci_pipeline).
// Each logs "begin" when triggered and "end" on the last `finished`; the time between the two records is the
// figure (best of R runs), also the whole run (teardown included). The baseline, measured in the same run, is
// `sh -c true` spawned and waited for directly. Prints the figures and the ratios.
//
//   step_latency [RUNS]     (default 5)
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "cli/program.h"
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
    Timed best;
    for (int i = 0; i < runs; ++i) {
        std::chrono::system_clock::time_point begin, end;
        bool success = false;
        mel::engine::RunOptions options;
        options.console = nullptr;
        options.log_observer = [&](const mel::engine::LogRecord& r) {
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

} // namespace

int main(int argc, char** argv)
{
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    // The workers are `melodium dist` processes: this binary is not melodium.
    ::setenv("MELODIUM_WORKER_BINARY", MELODIUM_BINARY, 0);
    mel::engine::tune_allocator();
    const std::string dir = MELODIUM_BENCH_DIR "/step_latency/";
    const double direct = spawn_true(std::max(runs, 20));
    const Timed one = run_program(dir + "one_step.mel", runs);
    const Timed three = run_program(dir + "three_steps.mel", runs);
    std::printf("step_latency (best of %d)\n", runs);
    std::printf("  sh -c true, spawned directly:   %8.2f ms\n", direct * 1e3);
    std::printf("  one simpleStep, trigger→finished: %6.1f ms (%.0fx; whole run %.1f ms)\n", one.step * 1e3,
                one.step / direct, one.whole * 1e3);
    std::printf("  three steps, trigger→finished:   %6.1f ms (%.0fx; whole run %.1f ms)\n", three.step * 1e3,
                three.step / direct, three.whole * 1e3);
    return 0;
}
