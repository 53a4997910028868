#include "runtime/engine/scheduler.h"

#include "runtime/engine/batch.h"
#include "runtime/engine/channel.h"
#include "runtime/engine/fiber.h"
#include "runtime/model/assert.h"

namespace mel::engine {

namespace {
thread_local Fiber* t_current_fiber = nullptr;
thread_local bool t_root_completed = false;
thread_local Scheduler* t_scheduler = nullptr;
thread_local unsigned t_worker_index = 0;
} // namespace

// ---- Fiber ---------------------------------------------------------------------------------------

namespace detail {
void mark_root_completed() noexcept { t_root_completed = true; }
void set_current_fiber(Fiber* fiber) { t_current_fiber = fiber; }
bool take_root_completed()
{
    const bool done = t_root_completed;
    t_root_completed = false;
    return done;
}
} // namespace detail

Fiber* current_fiber() { return t_current_fiber; }

Fiber& this_fiber()
{
    if (!t_current_fiber)
        throw EngineError("a port or engine service was used outside of a treatment or model task");
    return *t_current_fiber;
}

void Fiber::flush_outputs()
{
    // An output may appear twice (marked dirty again after an earlier flush); flushing is idempotent.
    for (Output* out : dirty_outputs)
        out->flush_unbounded();
    dirty_outputs.clear();
}

void Fiber::prepare_park(std::coroutine_handle<> at, WaitInfo what)
{
    flush_outputs();
    resume_point = at;
    wait = what;
}

// ---- Scheduler -----------------------------------------------------------------------------------

Scheduler::Scheduler(unsigned threads, std::function<void(Fiber*)> on_finished)
    : m_on_finished(std::move(on_finished))
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < threads; ++i)
        m_workers.push_back(std::make_unique<Worker>());
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::start()
{
    if (m_started)
        return;
    m_started = true;
    for (unsigned i = 0; i < m_workers.size(); ++i)
        m_workers[i]->thread = std::thread([this, i] { run_worker(i); });
}

void Scheduler::stop()
{
    if (!m_started)
        return;
    m_stop.store(true, std::memory_order_seq_cst);
    {
        std::lock_guard lock(m_sleep_mutex);
    }
    m_sleep_cv.notify_all();
    for (auto& w : m_workers)
        if (w->thread.joinable())
            w->thread.join();
    m_started = false;
}

void Scheduler::schedule(Fiber* fiber)
{
    if (t_scheduler == this) {
        Worker& w = *m_workers[t_worker_index];
        std::lock_guard lock(w.mutex);
        w.queue.push_back(fiber);
    } else {
        std::lock_guard lock(m_shared_mutex);
        m_shared.push_back(fiber);
    }
    m_queued.fetch_add(1, std::memory_order_seq_cst);
    // Either a sleeper sees m_queued > 0 before it waits, or we see it registered and wake it.
    if (m_sleepers.load(std::memory_order_seq_cst) > 0) {
        std::lock_guard lock(m_sleep_mutex);
        m_sleep_cv.notify_one();
    }
}

Fiber* Scheduler::pop_front(std::mutex& mutex, std::deque<Fiber*>& queue)
{
    std::lock_guard lock(mutex);
    if (queue.empty())
        return nullptr;
    Fiber* f = queue.front();
    queue.pop_front();
    return f;
}

Fiber* Scheduler::pop_back(std::mutex& mutex, std::deque<Fiber*>& queue)
{
    std::lock_guard lock(mutex);
    if (queue.empty())
        return nullptr;
    Fiber* f = queue.back();
    queue.pop_back();
    return f;
}

Fiber* Scheduler::take(unsigned index)
{
    Fiber* f = pop_front(m_workers[index]->mutex, m_workers[index]->queue);
    if (!f)
        f = pop_front(m_shared_mutex, m_shared);
    for (unsigned k = 1; !f && k < m_workers.size(); ++k) {
        Worker& victim = *m_workers[(index + k) % m_workers.size()];
        f = pop_back(victim.mutex, victim.queue);
    }
    if (f)
        m_queued.fetch_sub(1, std::memory_order_seq_cst);
    return f;
}

void Scheduler::run_worker(unsigned index)
{
    t_scheduler = this;
    t_worker_index = index;
    while (!m_stop.load(std::memory_order_seq_cst)) {
        Fiber* f = take(index);
        if (!f) {
            m_sleepers.fetch_add(1, std::memory_order_seq_cst);
            {
                std::unique_lock lock(m_sleep_mutex);
                m_sleep_cv.wait(lock, [&] {
                    return m_queued.load(std::memory_order_seq_cst) > 0 || m_stop.load(std::memory_order_seq_cst);
                });
            }
            m_sleepers.fetch_sub(1, std::memory_order_seq_cst);
            continue;
        }
        detail::set_current_fiber(f);
        f->wait = WaitInfo{};
        f->resume_point.resume();
        detail::set_current_fiber(nullptr);
        // After resume() returns the fiber may already run elsewhere: touch it only if it finished here.
        if (detail::take_root_completed())
            m_on_finished(f);
    }
    t_scheduler = nullptr;
}

} // namespace mel::engine
