#pragma once

// process/exec's terminate logic (packages/process/exec.cpp): what a value on `terminate`, or the program being
// stopped (Ctrl-C, runtime/engine/stop.h), does to the process running then.

#include <csignal>
#include <mutex>
#include <utility>

#include "packages/process/command.h"
#include "packages/process/exec.h"
#include "runtime/engine/engine.h"

namespace mel::packages::process {

/// What a value on `terminate` does: kill the process running then, or the next one attached. While a process is
/// attached, the program being stopped (Ctrl-C) interrupts it, then kills it (runtime/engine/stop.h); it is
/// then reported as terminated.
class Terminator {
public:
    void request()
    {
        std::lock_guard lock(m_mutex);
        m_requested = true;
        if (m_running) {
            m_running->kill();
            m_hit = true;
        }
    }
    bool requested() const
    {
        std::lock_guard lock(m_mutex);
        return m_requested;
    }
    /// `process` runs `command` from now on (killed at once when terminate came already); from a fiber.
    void attach(Process& process, const Command& command)
    {
        {
            std::lock_guard lock(m_mutex);
            m_running = &process;
            if (m_requested) {
                process.kill();
                m_hit = true;
            }
        }
        // Not under m_mutex: when the program is stopping already, the hook is called from here.
        m_stop = engine::this_fiber().world.on_stop(command.line(), [this](engine::StopLevel level, int signal) {
            on_stop(level, signal);
        });
    }
    /// The attached process has ended: whether terminate (or the program's stop) killed it.
    bool detach()
    {
        m_stop.reset(); // not under m_mutex: waits for a call of on_stop in progress
        std::lock_guard lock(m_mutex);
        m_running = nullptr;
        return std::exchange(m_hit, false);
    }

private:
    void on_stop(engine::StopLevel level, int signal)
    {
        std::lock_guard lock(m_mutex);
        if (!m_running)
            return;
        if (level == engine::StopLevel::Interrupt)
            m_running->interrupt(signal > 0 ? signal : SIGTERM);
        else
            m_running->kill();
        m_hit = true;
    }

    mutable std::mutex m_mutex;
    Process* m_running = nullptr;
    bool m_requested = false;
    bool m_hit = false;
    engine::StopHook m_stop; // last: unregistered first
};

} // namespace mel::packages::process
