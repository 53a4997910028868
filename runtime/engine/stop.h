#pragma once

// Stop hooks (DESIGN §7b "Ctrl-C stops running commands at once"): natives that run something outside the
// engine (a child process, a command in a container) register a hook while it runs; when the program is being
// stopped the world calls every hook, first to interrupt (the signal the engine received, forwarded), then to
// kill what is still running after a short grace or at a second Ctrl-C.
//
//     engine::StopHook hook = world.on_stop("cargo build", [&process](engine::StopLevel level, int signal) {
//         level == engine::StopLevel::Interrupt ? process.interrupt(signal) : process.kill();
//     });
//     ... // the process runs
//     hook.reset(); // from here on the callback is neither running nor called again
//
// Threading: a hook is called from the world's watcher thread, or from the registering thread when the stop
// began before it was registered (then at once, inside add()). A hook is called at most once per level, in
// level order. Calls run under the hook's own lock: reset() (or the StopHook's destruction) waits for a call
// in progress, so never reset a hook while holding a lock its callback takes, nor from inside its callback.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace mel::engine {

/// How hard a hook is asked to end what it runs.
enum class StopLevel {
    Interrupt, // pass the signal on (SIGINT, SIGTERM; 0: a stop asked by the program, treat as SIGTERM)
    Kill,      // end it now (SIGKILL)
};

class StopHooks;

/// One registration; destroying it (or reset()) unregisters.
class StopHook {
public:
    StopHook() = default;
    StopHook(StopHook&& other) noexcept;
    StopHook& operator=(StopHook&& other) noexcept;
    StopHook(const StopHook&) = delete;
    StopHook& operator=(const StopHook&) = delete;
    ~StopHook() { reset(); }

    /// Unregisters: waits for a call in progress; no call comes afterwards.
    void reset();
    explicit operator bool() const { return m_hooks != nullptr; }

private:
    friend class StopHooks;
    StopHook(StopHooks* hooks, std::uint64_t id) : m_hooks(hooks), m_id(id) {}
    StopHooks* m_hooks = nullptr;
    std::uint64_t m_id = 0;
};

/// The registry (one per world).
class StopHooks {
public:
    using Callback = std::function<void(StopLevel, int signal)>;

    StopHooks() = default;
    StopHooks(const StopHooks&) = delete;
    StopHooks& operator=(const StopHooks&) = delete;

    /// Registers `callback`; `what` names what it stops (a command line) in the engine's stop messages. When a
    /// level was raised already, the callback is called with it before add() returns.
    [[nodiscard]] StopHook add(std::string what, Callback callback);
    /// Calls every registered hook with `level` (unless it had it already); hooks registered later get it too.
    void raise(StopLevel level, int signal);
    /// What each registered hook stops, sorted.
    std::vector<std::string> pending() const;

private:
    friend class StopHook;
    struct Entry {
        std::string what;
        Callback callback;
        std::mutex call_mutex; // held during a call
        bool removed = false;  // under call_mutex
        int delivered = -1;    // the highest level called, under call_mutex
    };
    static void deliver(Entry& entry, StopLevel level, int signal);
    void remove(std::uint64_t id);

    mutable std::mutex m_mutex;
    std::map<std::uint64_t, std::shared_ptr<Entry>> m_entries;
    std::uint64_t m_next = 1;
    int m_level = -1; // the highest level raised
    int m_signal = 0;
};

} // namespace mel::engine
