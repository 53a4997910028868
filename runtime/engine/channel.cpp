#include "runtime/engine/channel.h"

#include "runtime/engine/fiber.h"
#include "runtime/engine/world.h"

namespace mel::engine {

// ---- Input ---------------------------------------------------------------------------------------

Input::Input(const Port& port, const Type& type, TreatmentInstance* owner)
    : m_port(port), m_type(type), m_kind(batch_kind_of(type)), m_owner(owner)
{
}

std::optional<Value> Input::RecvOne::await_resume()
{
    if (!m_known) {
        const bool known = m_in.poll_one(m_value);
        MEL_ASSERT(known, "a reader was woken without data nor close");
    }
    return std::move(m_value);
}

std::optional<Batch> Input::RecvMany::await_resume()
{
    if (!m_known) {
        const bool known = m_in.poll_many(m_batch);
        MEL_ASSERT(known, "a reader was woken without data nor close");
    }
    return std::move(m_batch);
}

Input::Refill Input::refill()
{
    Fiber* writer = nullptr;
    Refill r;
    {
        std::lock_guard lock(m_mutex);
        if (!m_queue.empty()) {
            m_local = std::move(m_queue.front());
            m_queue.pop_front();
            m_pos = 0;
            m_queued -= m_local.size();
            if (m_writer && m_queued < k_queue_bound)
                writer = std::exchange(m_writer, nullptr);
            r = Refill::Got;
        } else {
            r = (m_upstream_closed || m_consumer_closed) ? Refill::Closed : Refill::Empty;
        }
    }
    if (writer)
        writer->world.wake(writer);
    return r;
}

bool Input::poll_one(std::optional<Value>& out)
{
    if (m_pos >= m_local.size()) {
        m_local = Batch();
        m_pos = 0;
        switch (refill()) {
        case Refill::Got: break;
        case Refill::Closed: out.reset(); return true;
        case Refill::Empty: return false;
        }
    }
    out = m_local.value_at(m_pos++);
    if (m_pos == m_local.size()) { // release the storage as soon as it is read
        m_local = Batch();
        m_pos = 0;
    }
    return true;
}

bool Input::poll_many(std::optional<Batch>& out)
{
    if (m_pos < m_local.size()) {
        out = m_pos == 0 ? std::move(m_local) : m_local.slice(m_pos, m_local.size() - m_pos);
        m_local = Batch();
        m_pos = 0;
        return true;
    }
    switch (refill()) {
    case Refill::Got:
        out = std::move(m_local);
        m_local = Batch();
        m_pos = 0;
        return true;
    case Refill::Closed: out.reset(); return true;
    case Refill::Empty: return false;
    }
    return false;
}

bool Input::park_reader(std::coroutine_handle<> h)
{
    Fiber& fiber = this_fiber();
    World& world = fiber.world;
    fiber.prepare_park(h, WaitInfo{WaitInfo::Kind::Receive, this, nullptr});
    {
        std::lock_guard lock(m_mutex);
        if (!m_queue.empty() || m_upstream_closed || m_consumer_closed) {
            fiber.wait = WaitInfo{};
            return false;
        }
        m_reader = &fiber;
    }
    // From here on the fiber may already run elsewhere: touch nothing but the world.
    world.parked();
    return true;
}

bool Input::park_writer(Fiber& fiber, World& world)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_consumer_closed || m_queued < k_queue_bound) {
            fiber.wait = WaitInfo{};
            return false;
        }
        m_writer = &fiber;
    }
    world.parked();
    return true;
}

bool Input::push(const Batch& batch)
{
    Fiber* reader = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_consumer_closed)
            return false;
        m_queue.push_back(batch);
        m_queued += batch.size();
        reader = std::exchange(m_reader, nullptr);
    }
    if (reader)
        reader->world.wake(reader);
    return true;
}

bool Input::open_with_room(bool& open) const
{
    std::lock_guard lock(m_mutex);
    open = !m_consumer_closed;
    return m_queued < k_queue_bound;
}

void Input::close()
{
    Fiber* writer = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_consumer_closed)
            return;
        m_consumer_closed = true;
        writer = std::exchange(m_writer, nullptr);
    }
    if (m_upstream)
        m_upstream->m_open.fetch_sub(1, std::memory_order_acq_rel);
    if (writer)
        writer->world.wake(writer);
}

void Input::mark_unfed()
{
    std::lock_guard lock(m_mutex);
    m_unfed = true;
    m_upstream_closed = true;
}

// ---- Output --------------------------------------------------------------------------------------

/// Parks the producer until `full` has room again (or its consumer closed).
struct SpaceWait {
    Output& out;
    Input& full;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> h)
    {
        Fiber& fiber = this_fiber();
        World& world = fiber.world;
        fiber.prepare_park(h, WaitInfo{WaitInfo::Kind::Send, &full, &out});
        return full.park_writer(fiber, world);
    }
    void await_resume() const noexcept {}
};

Output::Output(const Port& port, const Type& type, TreatmentInstance* owner)
    : m_port(port), m_type(type), m_kind(batch_kind_of(type)), m_owner(owner), m_pending(m_kind)
{
}

void Output::connect(Input& consumer)
{
    MEL_ASSERT(consumer.m_upstream == nullptr, "a native input is fed by one output only");
    consumer.m_upstream = this;
    m_consumers.push_back(&consumer);
    m_open.fetch_add(1, std::memory_order_acq_rel);
}

Output::Send Output::send_one(Value value)
{
    Send s(*this, Send::Op::One);
    s.m_value = std::move(value);
    return s;
}

Output::Send Output::send_many(Batch batch)
{
    Send s(*this, Send::Op::Many);
    s.m_batch = std::move(batch);
    return s;
}

Output::Send Output::send_bytes(std::span<const std::byte> bytes)
{
    Send s(*this, Send::Op::Bytes);
    s.m_bytes = bytes;
    return s;
}

void Output::mark_dirty()
{
    if (m_dirty || m_pending.empty())
        return;
    if (Fiber* f = current_fiber()) {
        m_dirty = true;
        f->dirty_outputs.push_back(this);
    } else {
        flush_unbounded(); // outside the scheduler nobody would flush it later
    }
}

bool Output::Send::await_ready()
{
    Output& o = m_out;
    if (o.m_closed || o.open_consumers() == 0) {
        m_result = false;
        return true;
    }
    switch (m_op) {
    case Op::One: o.m_pending.push(m_value); break;
    case Op::Bytes:
        if (m_bytes.size() >= k_flush_threshold && o.m_kind == BatchKind::Byte) {
            m_batch = Batch::of_bytes(m_bytes);
            m_op = Op::Many;
        } else {
            o.m_pending.append_bytes(m_bytes);
        }
        break;
    case Op::Many: break;
    }
    if (m_op == Op::Many) {
        Batch b = m_batch.converted(o.m_kind);
        m_batch = Batch();
        if (b.size() >= k_flush_threshold) { // big: keep it whole, after what is pending
            if (!o.m_pending.empty())
                m_to_deliver.push_back(o.m_pending.seal());
            m_to_deliver.push_back(std::move(b));
        } else {
            o.m_pending.append(b);
        }
    }
    if (m_to_deliver.empty() && !o.m_pending.empty() &&
        (o.flow() == Flow::Block || o.m_pending.size() >= k_flush_threshold || o.m_over_bound))
        m_to_deliver.push_back(o.m_pending.seal());
    if (m_to_deliver.empty()) {
        o.mark_dirty();
        return true;
    }
    o.m_dirty = false; // what was pending is in m_to_deliver now
    std::size_t done = 0;
    for (; done < m_to_deliver.size(); ++done) {
        Input* full = nullptr;
        const Delivery d = o.try_deliver_bounded(m_to_deliver[done], full);
        if (d == Delivery::NoConsumer) {
            m_result = false;
            return true;
        }
        if (d == Delivery::Full)
            break;
    }
    m_to_deliver.erase(m_to_deliver.begin(), m_to_deliver.begin() + static_cast<std::ptrdiff_t>(done));
    return m_to_deliver.empty();
}

std::coroutine_handle<> Output::Send::await_suspend(std::coroutine_handle<> h)
{
    m_slow = m_out.deliver_waiting(std::move(m_to_deliver));
    return m_slow.await_suspend(h);
}

bool Output::Send::await_resume() { return m_slow.valid() ? m_slow.result() : m_result; }

Task<bool> Output::deliver_waiting(std::vector<Batch> batches)
{
    for (const Batch& b : batches) {
        while (true) {
            Input* full = nullptr;
            const Delivery d = try_deliver_bounded(b, full);
            if (d == Delivery::Delivered)
                break;
            if (d == Delivery::NoConsumer)
                co_return false;
            co_await SpaceWait{*this, *full};
        }
    }
    co_return true;
}

Output::Delivery Output::try_deliver_bounded(const Batch& batch, Input*& full)
{
    bool any_open = false;
    for (Input* c : m_consumers) {
        bool open = false;
        const bool room = c->open_with_room(open);
        if (!open)
            continue;
        any_open = true;
        if (!room) {
            full = c;
            return Delivery::Full;
        }
    }
    if (!any_open)
        return Delivery::NoConsumer;
    deliver_unbounded(batch);
    return Delivery::Delivered;
}

void Output::deliver_unbounded(const Batch& batch)
{
    bool over = false;
    for (Input* c : m_consumers) {
        if (c->push(batch)) {
            bool open = false;
            over = over || !c->open_with_room(open);
        }
    }
    m_over_bound = over;
}

void Output::flush_unbounded()
{
    m_dirty = false;
    if (m_pending.empty())
        return;
    deliver_unbounded(m_pending.seal());
}

Output::Closed Output::close()
{
    if (m_closed)
        return {};
    m_closed = true;
    m_dirty = false;
    Batch rest;
    const bool has_rest = !m_pending.empty();
    if (has_rest)
        rest = m_pending.seal();
    for (Input* c : m_consumers) {
        Fiber* reader = nullptr;
        {
            std::lock_guard lock(c->m_mutex);
            if (has_rest && !c->m_consumer_closed) {
                c->m_queue.push_back(rest);
                c->m_queued += rest.size();
            }
            c->m_upstream_closed = true;
            reader = std::exchange(c->m_reader, nullptr);
        }
        if (reader)
            reader->world.wake(reader);
    }
    return {};
}

} // namespace mel::engine
