#pragma once

// The coroutine type of every treatment body, model task and helper (DESIGN §4 "Scheduler").
//
// A Task is lazy: nothing runs until it is awaited (then it runs inline, and its completion resumes the
// awaiter by symmetric transfer) or until the engine makes it the root of a fiber. Exceptions escaping a Task
// are stored and rethrown where it is awaited; a root task's exception is caught by the engine.

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace mel::engine {

namespace detail {

/// Set by the final suspension of a root task (one nobody awaits) on the thread running it; the worker
/// reads and clears it after `resume()` returns to learn that the fiber has finished.
void mark_root_completed() noexcept;

struct PromiseBase {
    std::coroutine_handle<> continuation;
    std::exception_ptr error;

    struct FinalAwaiter {
        bool await_ready() const noexcept { return false; }
        template<class Promise> std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> h) noexcept
        {
            if (auto next = h.promise().continuation)
                return next;
            mark_root_completed();
            return std::noop_coroutine();
        }
        void await_resume() const noexcept {}
    };

    std::suspend_always initial_suspend() const noexcept { return {}; }
    FinalAwaiter final_suspend() const noexcept { return {}; }
    void unhandled_exception() noexcept { error = std::current_exception(); }
};

template<class T> struct Promise;

} // namespace detail

template<class T = void> class [[nodiscard]] Task {
public:
    using promise_type = detail::Promise<T>;
    using Handle = std::coroutine_handle<promise_type>;

    Task() = default;
    explicit Task(Handle h) : m_handle(h) {}
    Task(Task&& other) noexcept : m_handle(std::exchange(other.m_handle, {})) {}
    Task& operator=(Task&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_handle = std::exchange(other.m_handle, {});
        }
        return *this;
    }
    Task(const Task&) = delete;
    Task& operator=(const Task&) = delete;
    ~Task() { reset(); }

    bool valid() const { return static_cast<bool>(m_handle); }
    bool done() const { return m_handle && m_handle.done(); }
    Handle handle() const { return m_handle; }

    // Awaiting a task runs it inline and resumes the awaiter when it completes.
    bool await_ready() const noexcept { return !m_handle || m_handle.done(); }
    std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) noexcept
    {
        m_handle.promise().continuation = awaiter;
        return m_handle;
    }
    T await_resume() { return result(); }

    /// The outcome of a completed task: its value, or its exception rethrown.
    T result()
    {
        auto& p = m_handle.promise();
        if (p.error)
            std::rethrow_exception(p.error);
        if constexpr (!std::is_void_v<T>)
            return std::move(*p.value);
    }

private:
    void reset()
    {
        if (m_handle)
            m_handle.destroy();
        m_handle = {};
    }
    Handle m_handle;
};

namespace detail {

template<class T> struct Promise : PromiseBase {
    std::optional<T> value;
    Task<T> get_return_object() { return Task<T>(std::coroutine_handle<Promise>::from_promise(*this)); }
    template<class U> void return_value(U&& v) { value.emplace(std::forward<U>(v)); }
};

template<> struct Promise<void> : PromiseBase {
    Task<void> get_return_object() { return Task<void>(std::coroutine_handle<Promise>::from_promise(*this)); }
    void return_void() noexcept {}
};

} // namespace detail

} // namespace mel::engine
