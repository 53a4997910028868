#pragma once

// distrib — the batches received for one remote port (an output on the dispatcher, an input on the worker),
// between the connection's reader thread and the one engine fiber that forwards them.
//
// Flow control: when a push leaves more than k_port_bound values queued, the reader stops reading the
// connection until the consumer has taken them (packages.md §3.5: the reference's reader also waits on the
// channel it feeds). A consumer that stops refuses every later batch, and its queue is emptied.

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "runtime/engine/batch.h"
#include "runtime/engine/channel.h"
#include "runtime/engine/io.h"
#include "runtime/engine/task.h"

namespace mel::packages::distrib {

inline constexpr std::size_t k_port_bound = std::size_t{8} << 20;

class PortQueue {
public:
    enum class Push { Taken, TakenFull, Refused };

    /// Reader side. On TakenFull, `on_room` is called (once, on the consumer's thread) when the queue has
    /// room again or the consumer stopped.
    Push push(engine::Batch batch, std::function<void()> on_room)
    {
        std::optional<engine::Resumer> wake;
        Push result = Push::Taken;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopped || m_closed)
                return Push::Refused;
            m_size += batch.size();
            m_queue.push_back(std::move(batch));
            wake = std::exchange(m_waiter, std::nullopt);
            if (m_size > k_port_bound) {
                m_on_room = std::move(on_room);
                result = Push::TakenFull;
            }
        }
        if (wake)
            (*wake)();
        return result;
    }

    /// No more batches will come (remote close, connection end).
    void close()
    {
        std::optional<engine::Resumer> wake;
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
            wake = std::exchange(m_waiter, std::nullopt);
        }
        if (wake)
            (*wake)();
    }

    /// Consumer side: the next batch, or nullopt at the end.
    engine::Task<std::optional<engine::Batch>> next()
    {
        for (;;) {
            std::function<void()> room;
            std::optional<engine::Batch> got;
            bool closed = false;
            {
                std::lock_guard lock(m_mutex);
                if (!m_queue.empty()) {
                    got = std::move(m_queue.front());
                    m_queue.pop_front();
                    m_size -= got->size();
                    if (m_size <= k_port_bound)
                        room = std::move(m_on_room);
                } else {
                    closed = m_closed || m_stopped;
                }
            }
            if (room)
                room();
            if (got)
                co_return got;
            if (closed)
                co_return std::nullopt;
            co_await engine::wait_external([this](engine::Resumer resume) {
                std::unique_lock lock(m_mutex);
                if (!m_queue.empty() || m_closed || m_stopped) {
                    lock.unlock();
                    resume();
                    return;
                }
                m_waiter.emplace(std::move(resume));
            });
        }
    }

    /// The consumer is gone: drop what is queued and refuse the rest.
    void stop()
    {
        std::function<void()> room;
        {
            std::lock_guard lock(m_mutex);
            m_stopped = true;
            m_queue.clear();
            m_size = 0;
            room = std::move(m_on_room);
        }
        if (room)
            room();
    }

    bool stopped() const
    {
        std::lock_guard lock(m_mutex);
        return m_stopped;
    }

private:
    mutable std::mutex m_mutex;
    std::deque<engine::Batch> m_queue;
    std::size_t m_size = 0;
    bool m_closed = false;
    bool m_stopped = false;
    std::optional<engine::Resumer> m_waiter;
    std::function<void()> m_on_room;
};

/// How forward_queue ended.
enum class Forwarded {
    Ended,     // the queue ended (remote close, connection end)
    Delivered, // a block: its one value was sent
    Refused,   // nobody receives `out` any more
    BadValue,  // a batch held a value that is not of `out`'s type
};

/// Sends the queue's batches on `out`, each checked against the port's type (conform_batch); for a block, only
/// the first value. Empty batches are skipped. `out` is not closed.
engine::Task<Forwarded> forward_queue(PortQueue& queue, engine::Output& out, bool block);

} // namespace mel::packages::distrib
