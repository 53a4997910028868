#include "stdlib/native.h"

#include <algorithm>
#include <exception>

namespace mel::stdlib {

using ::mel::engine::Fiber;
using ::mel::engine::WaitInfo;

Task<bool> forward(Input& in, Output& out)
{
    while (auto batch = co_await in.recv_many())
        if (const auto outcome = co_await out.send_many(std::move(*batch)); !outcome)
            co_return false;
    co_return true;
}

Task<bool> send_values(Output& out, std::vector<Value> values)
{
    if (values.empty())
        co_return true;
    co_return co_await out.send_many(Batch::of_values(out.kind(), std::move(values)));
}

// ---- ChunkReader ---------------------------------------------------------------------------------

Task<bool> ChunkReader::fill()
{
    while (m_pos >= m_batch.size()) {
        auto batch = co_await m_in.recv_many();
        if (!batch) {
            m_batch = Batch();
            m_pos = 0;
            co_return false;
        }
        m_batch = std::move(*batch);
        m_pos = 0;
    }
    co_return true;
}

Batch ChunkReader::take(std::size_t count)
{
    count = std::min(count, available());
    Batch out = (m_pos == 0 && count == m_batch.size()) ? m_batch : m_batch.slice(m_pos, count);
    m_pos += count;
    if (m_pos >= m_batch.size()) { // release the storage as soon as it is read
        m_batch = Batch();
        m_pos = 0;
    }
    return out;
}

Task<std::optional<Batch>> ChunkReader::next(std::size_t max)
{
    const bool more = co_await fill();
    std::optional<Batch> out;
    if (more)
        out = take(std::max<std::size_t>(max, 1));
    co_return out;
}

Task<std::optional<Value>> ChunkReader::next_one()
{
    if (const auto outcome = co_await fill(); !outcome)
        co_return std::nullopt;
    Value v = m_batch.value_at(m_pos++);
    if (m_pos >= m_batch.size()) {
        m_batch = Batch();
        m_pos = 0;
    }
    co_return v;
}

// ---- PairReader ----------------------------------------------------------------------------------

Task<std::optional<std::pair<Batch, Batch>>> PairReader::next()
{
    // `a` first, then `b`, as the reference reads one value of each in that order.
    if (const auto outcome = co_await m_a.fill(); !outcome)
        co_return std::nullopt;
    if (const auto outcome = co_await m_b.fill(); !outcome)
        co_return std::nullopt;
    const std::size_t n = std::min(m_a.available(), m_b.available());
    Batch a = m_a.take(n);
    Batch b = m_b.take(n);
    co_return std::make_pair(std::move(a), std::move(b));
}

// ---- OutputLock ----------------------------------------------------------------------------------

bool OutputLock::Acquire::await_ready()
{
    std::lock_guard lock(m_lock.m_mutex);
    if (m_lock.m_held)
        return false;
    m_lock.m_held = true;
    return true;
}

bool OutputLock::Acquire::await_suspend(std::coroutine_handle<> h)
{
    // The same protocol as a reader parking on an input (runtime/engine/channel.cpp).
    Fiber& fiber = ::mel::engine::this_fiber();
    ::mel::engine::World& world = fiber.world;
    fiber.prepare_park(h, WaitInfo{WaitInfo::Kind::Join, nullptr, nullptr});
    {
        std::lock_guard lock(m_lock.m_mutex);
        if (!m_lock.m_held) {
            m_lock.m_held = true;
            fiber.wait = WaitInfo{};
            return false;
        }
        m_lock.m_waiters.push_back(&fiber);
    }
    // From here on the fiber may already run elsewhere: touch nothing but the world.
    world.parked();
    return true;
}

void OutputLock::unlock()
{
    if (Fiber* self = ::mel::engine::current_fiber())
        self->flush_outputs();
    Fiber* next = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_waiters.empty()) {
            m_held = false;
        } else { // handed over: stays held
            next = m_waiters.front();
            m_waiters.pop_front();
        }
    }
    if (next)
        next->world.wake(next);
}

namespace {

/// Runs `send` (one send on a shared output) while holding `lock`; the lock is released on every path.
template<class Send>
Task<bool> send_under_lock(OutputLock& lock, Send send)
{
    co_await lock.lock();
    bool sent = false;
    std::exception_ptr error;
    try {
        sent = co_await send();
    } catch (...) {
        error = std::current_exception();
    }
    lock.unlock();
    if (error)
        std::rethrow_exception(error);
    co_return sent;
}

} // namespace

Task<bool> locked_send(OutputLock& lock, Output& out, Batch batch)
{
    return send_under_lock(lock, [&out, batch = std::move(batch)]() mutable { return out.send_many(std::move(batch)); });
}

Task<bool> locked_send_one(OutputLock& lock, Output& out, Value value)
{
    return send_under_lock(lock, [&out, value = std::move(value)]() mutable { return out.send_one(std::move(value)); });
}

Task<> locked_close(OutputLock& lock, Output& out)
{
    co_await lock.lock();
    out.close();
    lock.unlock();
}

} // namespace mel::stdlib
