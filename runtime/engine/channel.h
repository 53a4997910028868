#pragma once

// Inputs and outputs of native treatments (engine.md §3; DESIGN §4 "Channels"; decisions in docs/engine.md).
//
// One Output feeds N Inputs (the native inputs reached through any number of designed treatments). Each
// Input owns a queue of batches; each Output accumulates sent values into a pending batch.
//
// * Queue bound: an input queue "has room" while it holds fewer than k_queue_bound values (2^20, the
//   reference's buffer limit). A bounded delivery waits until every open consumer has room, so a batch of
//   any size always fits an empty queue and fan-out proceeds at the slowest consumer's pace.
// * Flushing: the pending batch is delivered (bounded) when it reaches k_flush_threshold values (2^16) and on
//   every send of a Block output; it is delivered *unbounded* when its fiber is about to wait for anything
//   (so nothing is ever stuck in a buffer while its producer sleeps, engine.md §9.1) and on close. After an
//   unbounded delivery leaves a consumer at or over the bound, the next send waits for room: memory per
//   connection stays within the bound plus one pending batch.
// * Close is non-blocking (engine.md §9.3 decided): the remaining data is enqueued and the consumers are
//   marked closed at once. Topologies that deadlock in the reference at close (a consumer waiting for the
//   producer's end before reading) therefore finish here whenever the producer's total output fits the bound.
// * Sends fail promptly (return false) when the output has no consumer, when every consumer has closed its
//   input (backward cancellation, engine.md §3.6), or after the output was closed.
// * An input closed by its own treatment refuses new data but still delivers what was queued (§9.21).
//
// An Input is read by one fiber, an Output written by one fiber at a time (the treatment's).

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "runtime/engine/batch.h"
#include "runtime/engine/task.h"
#include "runtime/model/descriptors.h"

namespace mel::engine {

class Fiber;
class Output;
class TreatmentInstance;
class World;

inline constexpr std::size_t k_queue_bound = std::size_t{1} << 20;
inline constexpr std::size_t k_flush_threshold = std::size_t{1} << 16;

class Input {
public:
    class [[nodiscard]] RecvOne {
    public:
        explicit RecvOne(Input& in) : m_in(in) {}
        bool await_ready() { return m_known = m_in.poll_one(m_value); }
        bool await_suspend(std::coroutine_handle<> h) { return m_in.park_reader(h); }
        std::optional<Value> await_resume();

    private:
        Input& m_in;
        std::optional<Value> m_value;
        bool m_known = false;
    };
    class [[nodiscard]] RecvMany {
    public:
        explicit RecvMany(Input& in) : m_in(in) {}
        bool await_ready() { return m_known = m_in.poll_many(m_batch); }
        bool await_suspend(std::coroutine_handle<> h) { return m_in.park_reader(h); }
        std::optional<Batch> await_resume();

    private:
        Input& m_in;
        std::optional<Batch> m_batch;
        bool m_known = false;
    };

    /// `port` and `type` (the port's type with generics resolved) must outlive the input.
    Input(const Port& port, const Type& type, TreatmentInstance* owner);
    Input(const Input&) = delete;
    Input& operator=(const Input&) = delete;

    const std::string& name() const { return m_port.name; }
    Flow flow() const { return m_port.flow; }
    const Type& type() const { return m_type; }
    BatchKind kind() const { return m_kind; }
    TreatmentInstance* owner() const { return m_owner; }

    /// `co_await in.recv_one()`: the next value, or nullopt once the input is closed and drained.
    RecvOne recv_one() { return RecvOne(*this); }
    /// `co_await in.recv_many()`: everything available as one batch (any size), or nullopt at the end.
    RecvMany recv_many() { return RecvMany(*this); }
    /// Closes from the consumer side: upstream sends to it fail from now on. Idempotent.
    void close();

    // ---- engine side ----
    /// This input has no upstream in its track: it reads as closed from the start (docs/engine.md).
    void mark_unfed();
    bool unfed() const { return m_unfed; }
    const Output* upstream() const { return m_upstream; }

private:
    friend class Output;
    friend struct SpaceWait;
    enum class Refill { Got, Closed, Empty };

    bool poll_one(std::optional<Value>& out);
    bool poll_many(std::optional<Batch>& out);
    Refill refill();
    bool park_reader(std::coroutine_handle<> h);
    /// Producer side: parks `fiber` until this queue has room; false when it already has.
    bool park_writer(Fiber& fiber, World& world);
    /// Producer side: false when the consumer has closed.
    bool push(const Batch& batch);
    bool open_with_room(bool& open) const;

    const Port& m_port;
    const Type& m_type;
    const BatchKind m_kind;
    TreatmentInstance* const m_owner;
    Output* m_upstream = nullptr;
    bool m_unfed = false;

    // Consumer-owned: the batch being read.
    Batch m_local;
    std::size_t m_pos = 0;

    // Shared with the producer.
    mutable std::mutex m_mutex;
    std::deque<Batch> m_queue;
    std::size_t m_queued = 0;
    bool m_upstream_closed = false;
    bool m_consumer_closed = false;
    Fiber* m_reader = nullptr;
    Fiber* m_writer = nullptr;
};

class Output {
public:
    class [[nodiscard]] Send {
    public:
        bool await_ready();
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> h);
        bool await_resume();

    private:
        friend class Output;
        enum class Op { One, Many, Bytes };
        Send(Output& out, Op op) : m_out(out), m_op(op) {}

        Output& m_out;
        Op m_op;
        Value m_value;
        Batch m_batch;
        std::span<const std::byte> m_bytes;
        std::vector<Batch> m_to_deliver;
        bool m_result = true;
        Task<bool> m_slow;
    };
    /// Returned by close(): usable as a statement or awaited (closing never waits).
    struct Closed {
        bool await_ready() const noexcept { return true; }
        void await_suspend(std::coroutine_handle<>) const noexcept {}
        void await_resume() const noexcept {}
    };

    /// `port` and `type` must outlive the output; `owner` is null for a source's output.
    Output(const Port& port, const Type& type, TreatmentInstance* owner);
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    const std::string& name() const { return m_port.name; }
    Flow flow() const { return m_port.flow; }
    const Type& type() const { return m_type; }
    BatchKind kind() const { return m_kind; }
    TreatmentInstance* owner() const { return m_owner; }

    /// `co_await out.send_one(v)`: false when nobody can receive (then stop producing).
    Send send_one(Value value);
    /// `co_await out.send_many(batch)`: the batch is converted to the port's kind when needed.
    Send send_many(Batch batch);
    /// `co_await out.send_bytes(span)`: copies the bytes (into the pending batch or a new one).
    Send send_bytes(std::span<const std::byte> bytes);
    /// Takes the buffer as one batch without copying.
    Send send_bytes(std::vector<std::byte> bytes) { return send_many(Batch::of_bytes(std::move(bytes))); }
    /// Delivers what is pending and closes every consumer. Idempotent.
    Closed close();

    bool closed() const { return m_closed; }
    std::size_t consumer_count() const { return m_consumers.size(); }
    /// The connected inputs (fixed once the track is built).
    const std::vector<Input*>& consumers() const { return m_consumers; }
    std::size_t open_consumers() const { return m_open.load(std::memory_order_acquire); }

    // ---- engine side ----
    void connect(Input& consumer);
    /// Delivers the pending batch to every open consumer regardless of the bound (before a park).
    void flush_unbounded();

private:
    friend class Input;
    enum class Delivery { Delivered, NoConsumer, Full };
    Delivery try_deliver_bounded(const Batch& batch, Input*& full);
    void deliver_unbounded(const Batch& batch);
    void mark_dirty();
    Task<bool> deliver_waiting(std::vector<Batch> batches);

    const Port& m_port;
    const Type& m_type;
    const BatchKind m_kind;
    TreatmentInstance* const m_owner;
    std::vector<Input*> m_consumers;
    std::atomic<std::size_t> m_open{0};

    // Producer-owned.
    BatchBuilder m_pending;
    bool m_closed = false;
    bool m_dirty = false;
    bool m_over_bound = false; // a consumer was left at/over the bound: the next send waits for room
};

} // namespace mel::engine
