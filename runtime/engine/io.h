#pragma once

// Waiting without blocking a worker (DESIGN §4 "Scheduler"): timers and asynchronous I/O on the engine's
// Asio I/O thread, blocking calls on a small pool of blocking threads. While a fiber waits for one of them it
// counts as activity: a program waiting on a timer, a socket or a blocking call is not hung.
//
//     co_await engine::sleep_for(std::chrono::milliseconds(50));
//     auto text = co_await engine::blocking([&] { return read_whole_file(path); });
//     co_await engine::wait_external([&](engine::Resumer resume) {   // any callback-based API
//         socket.async_read_some(buffer, [&, resume = std::move(resume)](auto ec, auto n) mutable {
//             result = {ec, n};
//             resume();
//         });
//     });

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/engine/fiber.h"
#include "runtime/engine/task.h"

namespace asio {
class io_context;
}

namespace mel::engine {

/// Resumes a fiber parked by wait_external, from any thread. Call it once; destroying it uncalled releases
/// the wait without resuming (the fiber is then cleaned up when the world ends).
class Resumer {
public:
    Resumer() = default;
    explicit Resumer(Fiber* fiber) : m_fiber(fiber), m_world(&fiber->world) {}
    Resumer(Resumer&& other) noexcept
        : m_fiber(std::exchange(other.m_fiber, nullptr)), m_world(std::exchange(other.m_world, nullptr))
    {
    }
    Resumer& operator=(Resumer&& other) noexcept;
    Resumer(const Resumer&) = delete;
    Resumer& operator=(const Resumer&) = delete;
    ~Resumer();
    void operator()();

private:
    Fiber* m_fiber = nullptr;
    World* m_world = nullptr; // kept apart: the fiber may be destroyed first (teardown)
};

/// Parks the calling fiber, then calls `start(Resumer)` which must arrange for the resumer to be called when
/// the awaited thing happens (possibly right away, on any thread).
template<class Start> class [[nodiscard]] ExternalWait {
public:
    ExternalWait(Start start, WaitInfo::Kind kind) : m_start(std::move(start)), m_kind(kind) {}
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h)
    {
        Fiber& fiber = this_fiber();
        fiber.prepare_park(h, WaitInfo{m_kind, nullptr, nullptr});
        // The fiber keeps counting as activity: the Resumer carries its count to the scheduler. The fiber may
        // be resumed (and this awaiter destroyed) before `start` returns: call it from this stack.
        Start start = std::move(m_start);
        start(Resumer(&fiber));
    }
    void await_resume() const noexcept {}

private:
    Start m_start;
    WaitInfo::Kind m_kind;
};

template<class Start> ExternalWait<Start> wait_external(Start start, WaitInfo::Kind kind = WaitInfo::Kind::Io)
{
    return ExternalWait<Start>(std::move(start), kind);
}

/// Resumes after `duration` (a timer on the I/O thread).
Task<> sleep_for(std::chrono::nanoseconds duration);

/// The I/O thread running Asio's io_context (plus SIGINT/SIGTERM handling when asked).
class IoService {
public:
    IoService();
    IoService(const IoService&) = delete;
    IoService& operator=(const IoService&) = delete;
    ~IoService();

    void start();
    /// Calls `on_signal(signo)` on the I/O thread for SIGINT and SIGTERM until stop().
    void watch_signals(std::function<void(int)> on_signal);
    /// Stops the thread; pending handlers are not run (they are destroyed with the service).
    void stop();
    asio::io_context& context();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

/// Threads for blocking calls.
class BlockingPool {
public:
    explicit BlockingPool(unsigned threads);
    BlockingPool(const BlockingPool&) = delete;
    BlockingPool& operator=(const BlockingPool&) = delete;
    ~BlockingPool();

    void start();
    /// Waits for the running jobs; queued ones are dropped.
    void stop();
    void submit(std::function<void()> job);

private:
    void run();
    unsigned m_size;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    bool m_stop = false;
};

namespace detail {
/// Runs `job` on the calling fiber's world's blocking pool.
void submit_blocking(std::function<void()> job);
} // namespace detail

/// Runs `f()` on a blocking thread and resumes with its result (or rethrows its exception).
template<class F> auto blocking(F f) -> Task<std::invoke_result_t<F&>>
{
    using R = std::invoke_result_t<F&>;
    std::exception_ptr error;
    std::conditional_t<std::is_void_v<R>, bool, std::optional<R>> result{};
    co_await wait_external(
        [&](Resumer resume) {
            auto shared = std::make_shared<Resumer>(std::move(resume));
            detail::submit_blocking([&, shared] {
                try {
                    if constexpr (std::is_void_v<R>)
                        f();
                    else
                        result.emplace(f());
                } catch (...) {
                    error = std::current_exception();
                }
                (*shared)();
            });
        },
        WaitInfo::Kind::Blocking);
    if (error)
        std::rethrow_exception(error);
    if constexpr (!std::is_void_v<R>)
        co_return std::move(*result);
}

} // namespace mel::engine
