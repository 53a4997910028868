#pragma once

// The shape shared by provisioned workers that something else runs (a container on an engine, a task of a
// Swarm service): wait() watches the worker until it ends, its deadline passes or cancel() is called, then
// tears the run down, once; cancel() tears it down at once, from any thread; a second wait() returns the same
// errors. Subclasses give watch() and tear_down(), and call finish() from their destructor (a base class's
// destructor no longer reaches them).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "packages/work/provisioner.h"

namespace mel::packages::work {

class WatchedWorker : public ProvisionedWorker {
public:
    using Clock = std::chrono::steady_clock;

    /// max_duration: seconds, 0 for none (the deadline is then never reached).
    WatchedWorker(AccessData access, std::uint32_t max_duration);

    const AccessData& access() const final { return m_access; }
    std::vector<std::string> wait() final;
    void cancel() final;

protected:
    /// Blocks until the worker ends, the deadline passes or cancelled(); what it has to say goes into errors.
    virtual void watch(std::vector<std::string>& errors) = 0;
    /// Removes everything of the run; the problems met. Called once, by wait() or cancel().
    virtual std::vector<std::string> tear_down() = 0;

    /// For the subclass's destructor: cancel(), then wait().
    void finish();

    bool cancelled() const { return m_cancelled; }
    /// For calls that take a cancellation flag (engine::wait_container).
    const std::atomic<bool>* cancel_flag() const { return &m_cancelled; }
    Clock::time_point deadline() const { return m_deadline; }
    /// `max_duration of N s reached: the worker and its WHAT were removed`, once the deadline has passed.
    bool deadline_passed(std::vector<std::string>& errors, const std::string& what) const;
    /// Sleeps for `period` at most: cancel() wakes it.
    void pause(std::chrono::milliseconds period);

private:
    void tear_down_once();

    AccessData m_access;
    std::uint32_t m_max_duration;
    Clock::time_point m_deadline;
    std::atomic<bool> m_cancelled{false};
    std::mutex m_cancel_mutex;
    std::condition_variable m_wake;
    std::mutex m_wait_mutex;     // one wait() at a time
    std::mutex m_teardown_mutex; // wait() against cancel()
    bool m_torn_down = false;
    bool m_waited = false;
    std::vector<std::string> m_errors;          // under m_wait_mutex
    std::vector<std::string> m_teardown_errors; // under m_teardown_mutex
};

} // namespace mel::packages::work
