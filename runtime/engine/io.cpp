#include "runtime/engine/io.h"

#include <csignal>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include "runtime/engine/world.h"

namespace mel::engine {

// ---- Resumer -------------------------------------------------------------------------------------

Resumer& Resumer::operator=(Resumer&& other) noexcept
{
    if (this != &other) {
        if (m_fiber)
            m_world->activity().sub();
        m_fiber = std::exchange(other.m_fiber, nullptr);
        m_world = std::exchange(other.m_world, nullptr);
    }
    return *this;
}

Resumer::~Resumer()
{
    if (m_fiber)
        m_world->activity().sub();
}

void Resumer::operator()()
{
    Fiber* fiber = std::exchange(m_fiber, nullptr);
    MEL_ASSERT(fiber != nullptr, "a Resumer is called twice");
    // The fiber's activity count travelled with the resumer: schedule without counting it again.
    m_world->wake_counted(fiber);
}

Task<> sleep_for(std::chrono::nanoseconds duration)
{
    if (duration.count() <= 0)
        co_return;
    asio::steady_timer timer(this_fiber().world.io_context(), duration);
    co_await wait_external(
        [&timer](Resumer resume) { timer.async_wait([r = std::move(resume)](const std::error_code&) mutable { r(); }); },
        WaitInfo::Kind::Timer);
}

// ---- IoService -----------------------------------------------------------------------------------

struct IoService::State {
    asio::io_context context;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
    std::optional<asio::signal_set> signals;
    std::function<void(int)> on_signal;
    std::thread thread;
};

IoService::IoService() : m_state(std::make_unique<State>()) {}

IoService::~IoService() { stop(); }

asio::io_context& IoService::context() { return m_state->context; }

void IoService::start()
{
    if (m_state->thread.joinable())
        return;
    m_state->guard.emplace(m_state->context.get_executor());
    m_state->thread = std::thread([s = m_state.get()] { s->context.run(); });
}

namespace {
void wait_signal(asio::signal_set& signals, const std::function<void(int)>& on_signal)
{
    signals.async_wait([&signals, &on_signal](const std::error_code& ec, int signo) {
        if (ec)
            return;
        on_signal(signo);
        wait_signal(signals, on_signal);
    });
}
} // namespace

void IoService::watch_signals(std::function<void(int)> on_signal)
{
    m_state->on_signal = std::move(on_signal);
    m_state->signals.emplace(m_state->context, SIGINT, SIGTERM);
    wait_signal(*m_state->signals, m_state->on_signal);
}

void IoService::stop()
{
    if (!m_state->thread.joinable())
        return;
    m_state->guard.reset();
    m_state->context.stop();
    m_state->thread.join();
    if (m_state->signals) {
        std::error_code ec;
        m_state->signals->clear(ec); // give SIGINT/SIGTERM back to their default behaviour
    }
}

// ---- BlockingPool --------------------------------------------------------------------------------

BlockingPool::BlockingPool(unsigned threads) : m_size(threads == 0 ? 1 : threads) {}

BlockingPool::~BlockingPool() { stop(); }

void BlockingPool::start()
{
    if (!m_threads.empty())
        return;
    for (unsigned i = 0; i < m_size; ++i)
        m_threads.emplace_back([this] { run(); });
}

void BlockingPool::stop()
{
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        dropped.swap(m_jobs);
    }
    m_cv.notify_all();
    for (auto& t : m_threads)
        t.join();
    m_threads.clear();
    // Dropped jobs release their resumers here, outside the lock.
}

void BlockingPool::submit(std::function<void()> job)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_stop) {
            m_jobs.push_back(std::move(job));
            job = nullptr;
        }
    }
    if (job) // the pool is stopped: drop it (outside the lock)
        return;
    m_cv.notify_one();
}

void BlockingPool::run()
{
    while (true) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_cv.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
            if (m_stop)
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

namespace detail {
void submit_blocking(std::function<void()> job) { this_fiber().world.blocking_pool().submit(std::move(job)); }
} // namespace detail

} // namespace mel::engine
