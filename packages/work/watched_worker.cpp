// WatchedWorker (watched_worker.h): wait once, tear down once.

#include "packages/work/watched_worker.h"

#include <fmt/format.h>

namespace mel::packages::work {

WatchedWorker::WatchedWorker(AccessData access, std::uint32_t max_duration)
    : m_access(std::move(access)), m_max_duration(max_duration),
      m_deadline(max_duration ? Clock::now() + std::chrono::seconds(max_duration) : Clock::time_point::max())
{
}

std::vector<std::string> WatchedWorker::wait()
{
    std::lock_guard waiting(m_wait_mutex);
    if (m_waited)
        return m_errors;
    watch(m_errors);
    tear_down_once();
    {
        std::lock_guard lock(m_teardown_mutex);
        m_errors.insert(m_errors.end(), m_teardown_errors.begin(), m_teardown_errors.end());
    }
    m_waited = true;
    return m_errors;
}

void WatchedWorker::cancel()
{
    {
        std::lock_guard lock(m_cancel_mutex);
        m_cancelled = true;
    }
    m_wake.notify_all();
    tear_down_once();
}

void WatchedWorker::finish()
{
    cancel();
    wait();
}

bool WatchedWorker::deadline_passed(std::vector<std::string>& errors, const std::string& what) const
{
    if (Clock::now() < m_deadline)
        return false;
    errors.push_back(fmt::format("max_duration of {} s reached: the worker and its {} were removed",
                                 m_max_duration, what));
    return true;
}

void WatchedWorker::pause(std::chrono::milliseconds period)
{
    std::unique_lock lock(m_cancel_mutex);
    m_wake.wait_for(lock, period, [&] { return m_cancelled.load(); });
}

void WatchedWorker::tear_down_once()
{
    std::lock_guard lock(m_teardown_mutex);
    if (m_torn_down)
        return;
    m_torn_down = true;
    m_teardown_errors = tear_down();
}

} // namespace mel::packages::work
