#include "runtime/engine/world.h"

#include <malloc.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "runtime/engine/genesis.h"
#include "runtime/engine/io.h"
#include "runtime/engine/track.h"
#include "runtime/model/term.h"

namespace mel::engine {

// ---- KeepAlive -----------------------------------------------------------------------------------

KeepAlive::KeepAlive(World* world) : m_world(world)
{
    if (m_world)
        m_world->activity().add();
}

KeepAlive& KeepAlive::operator=(KeepAlive&& other) noexcept
{
    if (this != &other) {
        release();
        m_world = std::exchange(other.m_world, nullptr);
    }
    return *this;
}

void KeepAlive::release()
{
    if (auto* w = std::exchange(m_world, nullptr))
        w->activity().sub();
}

// ---- World ---------------------------------------------------------------------------------------

World::World(RunOptions options)
    : m_options(std::move(options)), m_activity([this] { on_idle(); }),
      m_genesis(std::make_unique<Genesis>(*this)), m_io(std::make_unique<IoService>()),
      m_blocking(std::make_unique<BlockingPool>(std::max(4u, std::thread::hardware_concurrency()))),
      m_scheduler(m_options.threads, [this](Fiber* f) { fiber_finished(f); })
{
    // The launch token: the world counts as active until live() has started everything.
    m_activity.add();
}

World::~World()
{
    if (!m_ended.load())
        teardown(Ending::Cancelled);
}

Status World::genesis(const TreatmentDescriptor& entry, std::map<std::string, Value> arguments)
{
    LoggerOptions lo;
    lo.console = m_options.console;
    lo.colour = m_options.colour.value_or(m_options.console && term::colour_enabled(m_options.console));
    lo.logs_file = m_options.logs_file;
    lo.debug_file = m_options.debug_file;
    lo.observer = m_options.log_observer;
    lo.debug_observer = m_options.debug_observer;
    if (auto s = m_logger.start(std::move(lo)); !s)
        return s;
    auto s = m_genesis->build(entry, std::move(arguments));
    m_genesis_done = s.ok();
    return s;
}

void World::log(LogLevel level, std::string_view label, std::string_view message, std::optional<TrackId> track)
{
    m_logger.log(level, label, message, track);
}

asio::io_context& World::io_context() { return m_io->context(); }

WorldStats World::stats() const
{
    WorldStats s;
    s.live_instances = m_live_instances.load();
    s.live_tracks = m_live_tracks.load();
    s.live_fibers = m_live_fibers.load();
    s.tracks_created = m_next_track.load();
    return s;
}

void World::wake(Fiber* fiber)
{
    m_activity.add();
    m_scheduler.schedule(fiber);
}

void World::spawn(const std::vector<Fiber*>& fibers)
{
    if (fibers.empty())
        return;
    {
        std::lock_guard lock(m_fibers_mutex);
        for (Fiber* f : fibers) {
            f->next = m_fibers;
            if (m_fibers)
                m_fibers->prev = f;
            m_fibers = f;
        }
    }
    m_live_fibers.fetch_add(fibers.size(), std::memory_order_acq_rel);
    m_activity.add(static_cast<long>(fibers.size()));
    for (Fiber* f : fibers)
        m_scheduler.schedule(f);
}

void World::fiber_finished(Fiber* fiber)
{
    // What it buffered must not wait for another fiber of the treatment to park or close (sub-tasks).
    fiber->flush_outputs();
    Track* track = fiber->track;
    const FiberKind kind = fiber->kind;
    JoinState* join = fiber->parent_join;
    {
        std::lock_guard lock(m_fibers_mutex);
        if (fiber->prev)
            fiber->prev->next = fiber->next;
        else
            m_fibers = fiber->next;
        if (fiber->next)
            fiber->next->prev = fiber->prev;
    }
    delete fiber; // destroys the coroutine frames
    if (kind == FiberKind::Source)
        track->source_task_ended();
    if (join) {
        Fiber* parent = join->parent; // valid: the parent waits for this decrement
        if (join->remaining.fetch_sub(1, std::memory_order_acq_rel) == 1)
            wake(parent);
    }
    if (track && track->live_fibers.fetch_sub(1, std::memory_order_acq_rel) == 1)
        track_ended(track);
    m_live_fibers.fetch_sub(1, std::memory_order_acq_rel);
    m_activity.sub(); // last: the watcher may end the world from here on
}

void World::report_failure(const std::string& who, std::optional<TrackId> track, std::exception_ptr error)
{
    std::string what = "unknown exception";
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        what = e.what();
    } catch (...) {
    }
    const std::string where = track ? fmt::format(" in track {}", *track) : std::string();
    log(LogLevel::Error, "engine", fmt::format("{} failed{}: {}", who, where, what), track);
    m_failed.store(true);
}

void World::request_stop(int signal)
{
    {
        std::lock_guard lock(m_watch_mutex);
        if (m_stop_signal < 0)
            m_stop_signal = signal;
        if (signal > 0)
            ++m_stop_signals;
    }
    m_watch_cv.notify_all();
}

void World::on_idle()
{
    {
        std::lock_guard lock(m_watch_mutex);
        m_idle = true;
        ++m_idle_events;
    }
    m_watch_cv.notify_all();
}

int World::live()
{
    MEL_ASSERT(m_genesis_done && !m_live_started, "World::live() needs a successful genesis, once");
    m_live_started = true;
    m_io->start();
    if (m_options.handle_signals)
        m_io->watch_signals([this](int signo) { request_stop(signo); });
    m_blocking->start();
    m_logger.debug_event("WorldStarted", fmt::format("\"workers\":{}", m_scheduler.size()));

    // Every model is initialized before anything runs; continuous work registered meanwhile starts after.
    m_initializing = true;
    for (auto& m : m_genesis->models()) {
        try {
            if (m->object_ptr())
                m->object_ptr()->initialize(*m);
        } catch (...) {
            report_failure(fmt::format("initialization of model `{}` ({})", m->path(), m->descriptor().id.to_string()),
                           std::nullopt, std::current_exception());
        }
    }
    m_initializing = false;
    spawn(m_pending_continuous);
    m_pending_continuous.clear();
    m_scheduler.start();
    m_activity.sub(); // release the launch token

    const Ending ending = watch();
    teardown(ending);
    log_summary();

    int signal;
    {
        std::lock_guard lock(m_watch_mutex);
        signal = m_stop_signal;
    }
    if (signal > 0)
        return 128 + signal;
    if (ending == Ending::Hang || m_failed.load())
        return 3;
    if (const int status = m_exit_status.load(); status != 0)
        return status;
    return m_options.fail_on_error && m_logger.error_count() > 0 ? 1 : 0;
}

void World::set_exit_status(int status)
{
    MEL_ASSERT(status >= 0 && status <= 255, "exit status out of range");
    int current = m_exit_status.load();
    while (status > current && !m_exit_status.compare_exchange_weak(current, status)) {
    }
}

void World::add_summary_line(std::string line)
{
    std::lock_guard lock(m_summary_mutex);
    m_summary.push_back(std::move(line));
}

void World::log_summary()
{
    std::vector<std::string> lines;
    {
        std::lock_guard lock(m_summary_mutex);
        lines.swap(m_summary);
    }
    for (const std::string& line : lines)
        log(LogLevel::Info, "summary", line);
}

World::Ending World::watch()
{
    using Clock = std::chrono::steady_clock;
    std::unique_lock lock(m_watch_mutex);
    std::optional<Clock::time_point> deadline;      // what is left then is cancelled
    std::optional<Clock::time_point> kill_deadline; // commands still running then are killed
    bool stop_handled = false;
    const auto stop_pending = [&] { return (m_stop_signal >= 0 && !stop_handled) || m_stop_signals >= 2; };
    while (true) {
        const auto woken = [&] { return m_idle || stop_pending(); };
        const auto until = kill_deadline && (!deadline || *kill_deadline < *deadline) ? kill_deadline : deadline;
        if (until) {
            if (!m_watch_cv.wait_until(lock, *until, woken)) {
                if (until != kill_deadline)
                    return Ending::Cancelled;
                kill_deadline.reset();
                lock.unlock();
                kill_commands();
                lock.lock();
                continue;
            }
        } else {
            m_watch_cv.wait(lock, woken);
        }
        if (m_stop_signals >= 2) {
            // A second Ctrl-C: kill what runs and end now.
            const int signal = m_stop_signal;
            m_ended_now = true;
            lock.unlock();
            if (!stop_handled)
                stop_models();
            m_stop_hooks.raise(StopLevel::Interrupt, signal);
            m_stop_hooks.raise(StopLevel::Kill, signal);
            return Ending::Cancelled;
        }
        if (m_stop_signal >= 0 && !stop_handled) {
            stop_handled = true;
            const int signal = m_stop_signal;
            deadline = Clock::now() + m_options.stop_grace;
            kill_deadline = Clock::now() + m_options.kill_grace;
            lock.unlock();
            stop_models();
            interrupt_commands(signal);
            lock.lock();
            continue;
        }
        m_idle = false;
        if (m_activity.count() != 0)
            continue;
        if (m_live_fibers.load() == 0)
            return Ending::Normal;
        // Nothing runs and nothing can wake anything: confirm it stays so, then it is a hang.
        const std::uint64_t events = m_idle_events;
        m_watch_cv.wait_for(lock, m_options.hang_delay, stop_pending);
        if (m_activity.count() == 0 && events == m_idle_events)
            return m_live_fibers.load() == 0 ? Ending::Normal : Ending::Hang;
    }
}

void World::stop_models()
{
    m_stopping.store(true, std::memory_order_release);
    for (auto& m : m_genesis->models()) {
        try {
            if (m->object_ptr())
                m->object_ptr()->stop(*m);
        } catch (...) {
            report_failure(fmt::format("stop of model `{}`", m->path()), std::nullopt, std::current_exception());
        }
    }
}

namespace {

/// "2 commands (cargo build, cargo test)": at most a few, each cut short.
std::string describe_commands(const std::vector<std::string>& commands)
{
    constexpr std::size_t k_shown = 4;
    constexpr std::size_t k_width = 48;
    std::string list;
    for (std::size_t i = 0; i < commands.size() && i < k_shown; ++i) {
        std::string command = commands[i];
        if (command.size() > k_width)
            command = command.substr(0, k_width - 3) + "...";
        list += (i ? ", " : "") + command;
    }
    if (commands.size() > k_shown)
        list += fmt::format(", and {} more", commands.size() - k_shown);
    return fmt::format("{} command{} ({})", commands.size(), commands.size() == 1 ? "" : "s", list);
}

} // namespace

void World::interrupt_commands(int signal)
{
    const std::vector<std::string> commands = m_stop_hooks.pending();
    m_stop_hooks.raise(StopLevel::Interrupt, signal);
    std::string text = commands.empty() ? std::string("stopping: no new tracks; running tracks may end")
                                        : "stopping: waiting for " + describe_commands(commands) + " to end";
    if (signal > 0 && m_options.handle_signals)
        text += "; press Ctrl-C again to end now";
    log(LogLevel::Info, "engine", text);
}

void World::kill_commands()
{
    const std::vector<std::string> commands = m_stop_hooks.pending();
    if (!commands.empty())
        log(LogLevel::Warning, "engine",
            fmt::format("stopping: {} still running {} ms after the interrupt: killed", describe_commands(commands),
                        m_options.kill_grace.count()));
    m_stop_hooks.raise(StopLevel::Kill, 0);
}

std::string World::describe(const Fiber& f) const
{
    std::string who;
    if (f.instance)
        who = fmt::format("`{}` ({})", f.instance->path(), f.instance->descriptor().id.to_string());
    else
        who = f.label;
    if (f.kind == FiberKind::SubTask)
        who = "a sub-task of " + who;
    if (f.track)
        who += fmt::format(" in track {}", f.track->id);
    std::string what;
    if ((f.wait.kind == WaitInfo::Kind::Receive || f.wait.kind == WaitInfo::Kind::Send) && f.wait.other)
        return who + " waits " + (f.wait.kind == WaitInfo::Kind::Receive ? "to receive from " : "to send to ") +
               f.wait.other;
    switch (f.wait.kind) {
    case WaitInfo::Kind::Receive:
        what = fmt::format("waits on input `{}`", f.wait.input->name());
        if (const Output* up = f.wait.input->upstream(); up && up->owner())
            what += fmt::format(" (fed by output `{}` of `{}`)", up->name(), up->owner()->path());
        else if (up)
            what += fmt::format(" (fed by output `{}` of the source)", up->name());
        break;
    case WaitInfo::Kind::Send:
        what = fmt::format("waits to send on output `{}`: input `{}`{} is full", f.wait.output->name(),
                           f.wait.input->name(),
                           f.wait.input->owner() ? fmt::format(" of `{}`", f.wait.input->owner()->path()) : "");
        break;
    case WaitInfo::Kind::Join: what = "waits for its sub-tasks"; break;
    case WaitInfo::Kind::Timer: what = "waits on a timer"; break;
    case WaitInfo::Kind::Blocking: what = "waits on a blocking call"; break;
    case WaitInfo::Kind::Io: what = "waits on I/O"; break;
    case WaitInfo::Kind::None: what = "is runnable"; break;
    }
    return who + " " + what;
}

void World::report_hang()
{
    std::vector<std::string> lines;
    {
        std::lock_guard lock(m_fibers_mutex);
        for (const Fiber* f = m_fibers; f; f = f->next)
            lines.push_back(describe(*f));
    }
    std::sort(lines.begin(), lines.end());
    log(LogLevel::Error, "engine",
        fmt::format("hang: nothing can run any more, {} task{} still waiting", lines.size(),
                    lines.size() == 1 ? " is" : "s are"));
    for (const std::string& l : lines)
        log(LogLevel::Error, "engine", "hang: " + l);
    if (m_logger.debug_enabled())
        m_logger.debug_event("Hang", fmt::format("\"waiting\":{}", lines.size()));
}

void World::teardown(Ending ending)
{
    m_ended.store(true, std::memory_order_release);
    if (ending == Ending::Hang)
        report_hang();
    if (ending == Ending::Cancelled && m_ended_now)
        log(LogLevel::Warning, "engine",
            fmt::format("interrupted again: ending now ({} tasks cancelled)", m_live_fibers.load()));
    else if (ending == Ending::Cancelled && m_live_fibers.load() > 0)
        log(LogLevel::Warning, "engine",
            fmt::format("cancelled: {} tasks had not ended after the grace period", m_live_fibers.load()));
    m_scheduler.stop();
    m_io->stop();
    m_blocking->stop();
    // What is left (after a hang or a cancel) is parked or queued: destroy it, fibers before tracks.
    std::vector<Fiber*> fibers;
    {
        std::lock_guard lock(m_fibers_mutex);
        for (Fiber* f = m_fibers; f; f = f->next)
            fibers.push_back(f);
        m_fibers = nullptr;
    }
    for (Fiber* f : fibers)
        delete f;
    m_live_fibers.store(0);
    std::vector<Track*> tracks;
    {
        std::lock_guard lock(m_tracks_mutex);
        tracks.swap(m_tracks);
    }
    for (Track* t : tracks)
        delete t;
    m_live_tracks.store(0);
    if (m_live_started)
        for (auto& m : m_genesis->models()) {
            try {
                if (m->object_ptr())
                    m->object_ptr()->shutdown(*m);
            } catch (...) {
                report_failure(fmt::format("shutdown of model `{}`", m->path()), std::nullopt, std::current_exception());
            }
        }
    m_logger.debug_event("WorldEnded", "");
    m_logger.stop();
}

int run(const TreatmentDescriptor& entry, std::map<std::string, Value> arguments, const RunOptions& options)
{
    World world(options);
    if (auto s = world.genesis(entry, std::move(arguments)); !s) {
        term::status_line(stderr, "error", s.error().message);
        return 1;
    }
    return world.live();
}

void tune_allocator()
{
    // Static thresholds (they disable glibc's dynamic ones): blocks below 64 MiB come from the heaps, and a
    // heap keeps up to 512 MiB of free top before giving it back.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

} // namespace mel::engine
