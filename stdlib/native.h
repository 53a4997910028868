#pragma once

// Helpers shared by the bodies of std's native treatments (runtime/engine/treatment.h): short names for the
// engine's types, reading inputs by chunks and by pairs, and the lock that lets the sub-tasks of one
// treatment (engine::when_all) write the same output.
//
// GCC 12.2 miscompiles some coroutines that `co_await` a temporary directly in an `if`/`while` condition
// (`if (!co_await out.send_one(v)) break;` — the coroutine may never run, or trap when resumed). Bodies here
// therefore only await in a declaration: `if (const auto sent = co_await out.send_one(v); !sent) break;`,
// `while (auto batch = co_await in.recv_many())`, or `const bool sent = co_await …;`.

#include <atomic>
#include <coroutine>
#include <cstddef>
#include <deque>
#include <iterator>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/engine/engine.h"

namespace mel::stdlib {

using TreatmentContext = ::mel::engine::TreatmentContext;
template<class T = void> using Task = ::mel::engine::Task<T>;
using ::mel::engine::Batch;
using ::mel::engine::BatchBuilder;
using ::mel::engine::BatchKind;
using ::mel::engine::EngineError;
using ::mel::engine::Input;
using ::mel::engine::Output;

/// The implementation of a native treatment: `.implementation(native(body))`.
template<class F> std::shared_ptr<const TreatmentImplementation> native(F&& body)
{
    return ::mel::engine::make_treatment(std::forward<F>(body));
}

namespace detail {
/// The positions 0, 1 … of generated(), read through `f`; random access (so that a vector allocates once),
/// with only what the vector's range constructor uses.
template<class F> struct GeneratingIterator {
    using R = std::invoke_result_t<F&, std::size_t>;
    using iterator_category = std::random_access_iterator_tag;
    using value_type = R;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = R;

    F* f;
    std::size_t i;

    R operator*() const { return (*f)(i); }
    GeneratingIterator& operator++()
    {
        ++i;
        return *this;
    }
    GeneratingIterator operator++(int)
    {
        GeneratingIterator old = *this;
        ++i;
        return old;
    }
    difference_type operator-(const GeneratingIterator& o) const { return static_cast<difference_type>(i - o.i); }
    bool operator==(const GeneratingIterator& o) const { return i == o.i; }
};
} // namespace detail

/// The vector `f(0), f(1) … f(n-1)`, built in place: sizing a vector and then assigning its elements costs an
/// extra pass over memory (the zero-fill), a third of the time of an element-wise treatment.
template<class F> auto generated(std::size_t n, F f) -> std::vector<std::invoke_result_t<F&, std::size_t>>
{
    using It = detail::GeneratingIterator<F>;
    return std::vector<std::invoke_result_t<F&, std::size_t>>(It{&f, 0}, It{&f, n});
}

/// Forwards every batch of `in` to `out` until `in` ends (true) or nobody listens to `out` any more (false).
Task<bool> forward(Input& in, Output& out);

/// Sends `values` (any Value kinds that fit the port) as one batch; false when nobody listens.
Task<bool> send_values(Output& out, std::vector<Value> values);

// ---- map_treatment: one function applied to every element of a stream ------------------------------

/// For map_treatment: a function without parameters (as without_params<Op>() of stdlib/ops/elementwise.h).
template<class F> auto without_params(F f)
{
    return [f](const TreatmentContext&) { return f; };
}

/// Reads element `i` of a batch as `E`: a Value (any kind), a `const std::string&` of a string batch, or the
/// typed storage of a batch of `E` (`char32_t`, `bool`…).
template<class E> auto element_reader(const Batch& batch)
{
    if constexpr (std::is_same_v<E, Value>)
        return [&batch](std::size_t i) { return batch.value_at(i); };
    else if constexpr (std::is_same_v<E, std::string>)
        return [strings = batch.strings()](std::size_t i) -> const std::string& { return strings[i]; };
    else
        return [span = batch.as_span<E>()](std::size_t i) { return span[i]; };
}

/// Sends the results of one batch on `out`: Values converted to the port's kind, typed results (`bool`,
/// `std::string`, `u64`…) as they are; false when nobody listens.
template<class R> Task<bool> send_results(Output& out, std::vector<R> results)
{
    if constexpr (std::is_same_v<R, Value>) {
        co_return co_await send_values(out, std::move(results));
    } else {
        const bool sent = co_await out.send_many(Batch::of(std::move(results)));
        co_return sent;
    }
}

/// Treatment body: `f(e)` for every element `e` of the input `in` (read as `E`, see element_reader), sent on
/// `out` batch by batch, in order; `make_f` builds `f` from the track's parameters (without_params(f) when it
/// has none).
template<class E, class MakeF> auto map_treatment(std::string_view in, std::string_view out, MakeF make_f)
{
    return [in, out, make_f](TreatmentContext& ctx) -> Task<> {
        auto& input = ctx.input(in);
        auto& output = ctx.output(out);
        const auto f = make_f(ctx);
        while (auto batch = co_await input.recv_many()) {
            const auto element = element_reader<E>(*batch);
            auto results = generated(batch->size(), [&](std::size_t i) { return f(element(i)); });
            if (const auto sent = co_await send_results(output, std::move(results)); !sent)
                break;
        }
    };
}

/// Block body: `f(v)` for the value `v` of the block input `in`, sent on `out` once it arrives (nothing if it
/// never does); `make_f` as for map_treatment.
template<class MakeF> auto map_block(std::string_view in, std::string_view out, MakeF make_f)
{
    return [in, out, make_f](TreatmentContext& ctx) -> Task<> {
        auto& input = ctx.input(in);
        auto& output = ctx.output(out);
        const auto v = co_await input.recv_one();
        if (!v)
            co_return;
        co_await output.send_one(make_f(ctx)(*v));
    };
}

// ---- two sub-tasks racing for one output --------------------------------------------------------------

/// What two racing sub-tasks share: which one won. The winner writes the output and closes it at once, and
/// closes the other input, so that downstream goes on and upstream stops without waiting for the loser
/// (which ends when its input delivers or closes; the engine cannot interrupt a wait on an input).
struct Race {
    std::atomic<bool> decided{false};
    bool claim() { return !decided.exchange(true, std::memory_order_acq_rel); }
};

/// One side of a race: if `mine` delivers a value and wins, closes `other`, sends `result(value)` on `out`
/// and closes it. Run both sides under engine::when_all.
template<class F> Task<> race_side(Input& mine, Input& other, Output& out, Race& race, F result)
{
    auto v = co_await mine.recv_one();
    if (!v || !race.claim())
        co_return;
    other.close();
    co_await out.send_one(result(std::move(*v)));
    out.close();
}

/// Reads an input by chunks of chosen size, keeping the rest of a received batch for the next read.
class ChunkReader {
public:
    explicit ChunkReader(Input& in) : m_in(in) {}
    ChunkReader(const ChunkReader&) = delete;
    ChunkReader& operator=(const ChunkReader&) = delete;

    /// Waits until at least one value is available: false once the input is closed and drained.
    Task<bool> fill();
    /// How many values are available without waiting (after fill()).
    std::size_t available() const { return m_batch.size() - m_pos; }
    /// The next `count` available values (count <= available()).
    Batch take(std::size_t count);
    /// Up to `max` values (at least one), or nullopt at the end.
    Task<std::optional<Batch>> next(std::size_t max);
    /// The next value, or nullopt at the end.
    Task<std::optional<Value>> next_one();
    Input& input() { return m_in; }

private:
    Input& m_in;
    Batch m_batch;
    std::size_t m_pos = 0;
};

/// Reads two stream inputs pairwise (std.md §0.3): aligned chunks, value i of `a` with value i of `b`; ends as
/// soon as either input is exhausted (what the other side still holds is dropped).
class PairReader {
public:
    PairReader(Input& a, Input& b) : m_a(a), m_b(b) {}

    /// Two batches of the same size (at least one value), or nullopt when either input ended.
    Task<std::optional<std::pair<Batch, Batch>>> next();

private:
    ChunkReader m_a;
    ChunkReader m_b;
};

/// Lets the sub-tasks of one treatment take turns writing outputs they share. The engine allows one writer
/// per output at a time, and a fiber's buffered values are flushed by that fiber when it next waits: so every
/// write to a shared output (sends, and its close) happens between lock() and unlock(), and unlock() first
/// delivers what the calling fiber buffered. A sub-task waiting for the lock is parked like one waiting on an
/// input (it does not count as activity, so a real hang is still reported).
class OutputLock {
public:
    class [[nodiscard]] Acquire {
    public:
        explicit Acquire(OutputLock& lock) : m_lock(lock) {}
        bool await_ready();
        bool await_suspend(std::coroutine_handle<> h);
        void await_resume() const noexcept {}

    private:
        OutputLock& m_lock;
    };

    OutputLock() = default;
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;

    /// `co_await lock.lock()`: resumes holding the lock.
    Acquire lock() { return Acquire(*this); }
    /// Delivers the calling fiber's buffered values, then hands the lock to the next waiting sub-task.
    void unlock();

private:
    std::mutex m_mutex;
    bool m_held = false;
    std::deque<::mel::engine::Fiber*> m_waiters;
};

/// Under `lock`: sends `batch` on `out`; false when nobody listens.
Task<bool> locked_send(OutputLock& lock, Output& out, Batch batch);
/// Under `lock`: sends one value on `out`; false when nobody listens.
Task<bool> locked_send_one(OutputLock& lock, Output& out, Value value);
/// Under `lock`: closes `out`.
Task<> locked_close(OutputLock& lock, Output& out);

} // namespace mel::stdlib
