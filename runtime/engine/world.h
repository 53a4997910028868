#pragma once

// The world: one run of one program (engine.md §1.4; DESIGN §3 steps 4–5, §4).
//
//     World world(options);
//     if (auto s = world.genesis(entry, arguments); !s) { report s.error(); return 1; }
//     return world.live(); // 0, or 3 after a hang or a treatment failure, 130/143 after SIGINT/SIGTERM
//
// live() initializes the models, starts their continuous work and the workers, then watches: the program
// ends when nothing is left to run (every track ended, no continuous work, no keep-alive); when something is
// left but nothing can ever run again, that is a hang, reported with what each fiber waits for.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/eval.h"
#include "runtime/engine/fiber.h"
#include "runtime/engine/log.h"
#include "runtime/engine/model.h"
#include "runtime/engine/program_sources.h"
#include "runtime/engine/scheduler.h"
#include "runtime/engine/stop.h"
#include "runtime/model/descriptors.h"
#include "runtime/model/result.h"

namespace asio {
class io_context;
}

namespace mel {
class Registry;
}

namespace mel::engine {

class Genesis;
class IoService;
class BlockingPool;
class Track;
class TreatmentInstance;

struct RunOptions {
    /// Worker threads; 0: one per hardware thread.
    unsigned threads = 0;
    std::optional<std::string> logs_file;
    std::optional<std::string> debug_file;
    /// Where log lines are printed (stdout); null prints nothing.
    std::FILE* console = stdout;
    /// Colour of the level word; unset: term::colour_enabled(console).
    std::optional<bool> colour;
    /// Handle SIGINT/SIGTERM while running (stop sources, let tracks end, cancel after stop_grace).
    bool handle_signals = true;
    /// After a stop request, how long tracks may take to end before they are cancelled.
    std::chrono::milliseconds stop_grace{5000};
    /// After a stop request, how long running commands (stop hooks) may take to end once interrupted before
    /// they are killed. A second SIGINT/SIGTERM kills them and ends the run at once.
    std::chrono::milliseconds kill_grace{1500};
    /// How long the engine stays idle with work left before it declares a hang.
    std::chrono::milliseconds hang_delay{100};
    /// Receives every log record, in order, on the log writer thread.
    std::function<void(const LogRecord&)> log_observer;
    /// Receives every debug event (JSON), in order, on the log writer thread; events are built when it is set.
    std::function<void(const std::string&)> debug_observer;
    /// A run that logged an error ends with exit code 1 (unless a higher one applies): `run --fail-on-error`.
    bool fail_on_error = false;
    /// The sources of the program being run, for natives that hand it on (distrib ships it to its workers);
    /// null: none given (a distribution then ships no package).
    std::shared_ptr<const ProgramSources> program;
    /// The native elements the program was checked against: where natives find the codecs of the data types
    /// that travel to another engine (runtime/model/wire.h). Null: no Data value can travel.
    const Registry* registry = nullptr;
};

struct WorldStats {
    std::size_t live_instances = 0;
    std::size_t live_tracks = 0;
    std::size_t live_fibers = 0;
    std::uint64_t tracks_created = 0;
};

class World;

/// Keeps the world alive (counted as activity) while held: for code that will create tracks or resume fibers
/// from threads the engine does not know about.
class KeepAlive {
public:
    KeepAlive() = default;
    explicit KeepAlive(World* world);
    KeepAlive(KeepAlive&& other) noexcept : m_world(std::exchange(other.m_world, nullptr)) {}
    KeepAlive& operator=(KeepAlive&& other) noexcept;
    ~KeepAlive() { release(); }
    void release();

private:
    World* m_world = nullptr;
};

class World {
public:
    explicit World(RunOptions options = {});
    World(const World&) = delete;
    World& operator=(const World&) = delete;
    ~World();

    /// Builds the static program; on failure nothing runs (exit code 1 for the CLI).
    Status genesis(const TreatmentDescriptor& entry, std::map<std::string, Value> arguments);
    /// Runs until the end; returns the exit code.
    int live();

    // ---- services for natives and models ----
    void log(LogLevel level, std::string_view label, std::string_view message, std::optional<TrackId> track = {});
    Logger& logger() { return m_logger; }
    /// Asio's io_context, run by the engine's I/O thread (sockets, pipes, timers, signals).
    asio::io_context& io_context();
    KeepAlive keep_alive() { return KeepAlive(this); }
    /// Whether the program is being stopped (signal): sources should stop creating tracks.
    bool stopping() const { return m_stopping.load(std::memory_order_acquire); }
    /// Asks the program to stop as on SIGINT (`signal` sets the exit code 128 + signal; 0 keeps it). A second
    /// request with a signal (a second Ctrl-C) kills what runs and ends the run at once.
    void request_stop(int signal = 0);
    /// Registers a hook called when the program is being stopped (runtime/engine/stop.h), for natives running
    /// commands: `command` names it in the stop messages.
    [[nodiscard]] StopHook on_stop(std::string command, StopHooks::Callback callback)
    {
        return m_stop_hooks.add(std::move(command), std::move(callback));
    }
    WorldStats stats() const;
    /// The exit code the run ends with when nothing worse happens (a hang, a failure, a signal): the highest
    /// one asked for (`melodium/run::setExitStatus`, `exit`). 0–255.
    void set_exit_status(int status);
    /// A line of the summary logged when the program has ended (CI steps' outcomes, in the order given).
    void add_summary_line(std::string line);
    unsigned worker_count() const { return m_scheduler.size(); }
    /// The sources of the program this world runs (RunOptions::program); null when none were given.
    const ProgramSources* program() const { return m_options.program.get(); }
    /// The run's native elements (RunOptions::registry); null when the run was given none.
    const Registry* registry() const { return m_options.registry; }

    std::optional<TrackId> create_track(Model& model, std::string_view source, std::map<std::string, Value> params,
                                        Contexts contexts, SourceCallback callback);

    // ---- engine side ----
    Activity& activity() { return m_activity; }
    /// A parked fiber becomes runnable (counted as activity before it is queued).
    void wake(Fiber* fiber);
    /// Same for a fiber whose activity count was kept while it waited (timers, I/O, blocking calls).
    void wake_counted(Fiber* fiber) { m_scheduler.schedule(fiber); }
    /// The calling fiber has parked on a channel or a join: it no longer counts as activity.
    void parked() { m_activity.sub(); }
    /// Registers and schedules new fibers (counted as activity).
    void spawn(const std::vector<Fiber*>& fibers);
    /// Logs an exception that ended a treatment or task and sets the exit code to 3.
    void report_failure(const std::string& who, std::optional<TrackId> track, std::exception_ptr error);
    void add_continuous(Model& model, Task<> task);
    IoService& io() { return *m_io; }
    BlockingPool& blocking_pool() { return *m_blocking; }
    Genesis& genesis_state() { return *m_genesis; }
    std::atomic<std::size_t>& live_instances() { return m_live_instances; }
    void track_ended(Track* track);

private:
    enum class Ending { Normal, Hang, Cancelled };
    void fiber_finished(Fiber* fiber);
    void log_summary();
    void on_idle();
    Ending watch();
    void stop_models();
    void interrupt_commands(int signal);
    void kill_commands();
    void report_hang();
    void teardown(Ending ending);
    std::string describe(const Fiber& fiber) const;

    RunOptions m_options;
    Activity m_activity;
    Logger m_logger;
    StopHooks m_stop_hooks; // before everything that may hold a StopHook
    std::unique_ptr<Genesis> m_genesis;
    std::unique_ptr<IoService> m_io;
    std::unique_ptr<BlockingPool> m_blocking;
    Scheduler m_scheduler;

    // Fibers alive, as an intrusive list (for the hang report and teardown).
    mutable std::mutex m_fibers_mutex;
    Fiber* m_fibers = nullptr;
    std::atomic<std::size_t> m_live_fibers{0};
    std::vector<Fiber*> m_pending_continuous; // registered during initialize()
    bool m_initializing = false;

    std::atomic<std::size_t> m_live_instances{0};
    std::atomic<std::size_t> m_live_tracks{0};
    std::atomic<TrackId> m_next_track{0};
    std::mutex m_tracks_mutex;
    std::vector<Track*> m_tracks; // alive, for teardown

    std::atomic<bool> m_failed{false};
    std::atomic<int> m_exit_status{0};
    std::mutex m_summary_mutex;
    std::vector<std::string> m_summary;
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_ended{false};
    bool m_genesis_done = false;
    bool m_live_started = false;

    // The watcher (live()'s thread).
    std::mutex m_watch_mutex;
    std::condition_variable m_watch_cv;
    std::uint64_t m_idle_events = 0;
    bool m_idle = false;
    int m_stop_signal = -1; // -1: no stop requested
    int m_stop_signals = 0; // stop requests that came with a signal
    bool m_ended_now = false; // a second signal ended the run
};

/// Every native element reachable from `entry` that is declared without implementation (treatments, models
/// of header instances and sources, functions in parameter values), sorted and unique. The CLI refuses to run
/// (exit code 1) when it is not empty.
std::vector<Identifier> missing_implementations(const TreatmentDescriptor& entry);

/// Tunes the C allocator for streaming: batch buffers (up to a few MiB) are reused inside the process instead
/// of being mapped and unmapped, or trimmed back to the kernel, once per batch (which costs a page fault per
/// page written). Call once, before running, from the program's main thread.
void tune_allocator();

/// Genesis then live, as the CLI runs a program: the exit code (1 when genesis fails, the error on stderr).
int run(const TreatmentDescriptor& entry, std::map<std::string, Value> arguments, const RunOptions& options = {});

} // namespace mel::engine
