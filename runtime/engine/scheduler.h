#pragma once

// M:N scheduling of fibers on a fixed pool of worker threads (DESIGN §4 "Scheduler").
//
// Each worker has its own run queue; a fiber woken by code running on a worker goes to that worker's queue
// (the data it was woken for is hot in that core's cache), others go to a shared queue. An idle worker takes
// from its own queue, then the shared one, then steals from the others; with nothing to do it sleeps on a
// condition variable. Queues are FIFO so that no runnable fiber starves.
//
// Activity accounting (for termination and hang detection): `Activity` counts everything that can still make
// progress — runnable or running fibers, pending timers/I/O/blocking jobs, keep-alive tokens. Waking a fiber
// adds one *before* the waker stops counting itself, so the count only reaches zero when nothing can ever
// run again.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace mel::engine {

class Fiber;

class Activity {
public:
    explicit Activity(std::function<void()> on_zero) : m_on_zero(std::move(on_zero)) {}
    void add(long n = 1) { m_count.fetch_add(n, std::memory_order_acq_rel); }
    /// Counts one thing less; reaching zero calls the observer.
    void sub()
    {
        if (m_count.fetch_sub(1, std::memory_order_acq_rel) == 1)
            m_on_zero();
    }
    long count() const { return m_count.load(std::memory_order_acquire); }

private:
    std::atomic<long> m_count{0};
    std::function<void()> m_on_zero;
};

class Scheduler {
public:
    /// `on_finished` runs on the worker right after a fiber's root task completed.
    Scheduler(unsigned threads, std::function<void(Fiber*)> on_finished);
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;
    ~Scheduler();

    void start();
    /// Lets the workers finish what they are running, then joins them. Queued fibers stay queued.
    void stop();
    /// Makes a fiber runnable (the caller accounts for it in Activity).
    void schedule(Fiber* fiber);
    unsigned size() const { return static_cast<unsigned>(m_workers.size()); }

private:
    struct Worker {
        std::mutex mutex;
        std::deque<Fiber*> queue;
        std::thread thread;
    };
    void run_worker(unsigned index);
    Fiber* take(unsigned index);
    static Fiber* pop_front(std::mutex& mutex, std::deque<Fiber*>& queue);
    static Fiber* pop_back(std::mutex& mutex, std::deque<Fiber*>& queue);

    std::function<void(Fiber*)> m_on_finished;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::mutex m_shared_mutex;
    std::deque<Fiber*> m_shared;
    std::atomic<long> m_queued{0};
    std::atomic<unsigned> m_sleepers{0};
    std::mutex m_sleep_mutex;
    std::condition_variable m_sleep_cv;
    std::atomic<bool> m_stop{false};
    bool m_started = false;
};

} // namespace mel::engine
