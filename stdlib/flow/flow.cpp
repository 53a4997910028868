// std/flow — reference: libs/std-mel/src/flow/mod.rs (std.md §2.1).
// The 28 treatments of the area. Each ends when its work is done; the engine then closes its inputs and its
// outputs (std.md §0.3), which is how "closed without a value" propagates. Treatments that wait on two
// inputs at once run one sub-task per input (engine::when_all); those sharing an output take turns with an
// OutputLock (stdlib/native.h). Quirks kept: `count` starts at 0 (std.md §3.1), `close`/`closeBlock` close
// at track start (§3.4), `trigger` sends `start` on the first value (§3.15), `filter` stops at the shorter
// input (§3.14).

#include <algorithm>
#include <cstdint>
#include <limits>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

using ::mel::engine::k_flush_threshold;
using ::mel::engine::tasks;
using ::mel::engine::when_all;

/// A batch of `count` copies of `value` for `out` (typed storage for core types).
Batch copies(const Output& out, const Value& value, std::size_t count)
{
    if (out.kind() == BatchKind::Void)
        return Batch::voids(count);
    BatchBuilder builder(out.kind());
    for (std::size_t i = 0; i < count; ++i)
        builder.push(value);
    return builder.seal();
}

// ---- signals -----------------------------------------------------------------------------------------

Task<> trigger_body(TreatmentContext& ctx)
{
    auto& stream = ctx.input("stream");
    auto& start = ctx.output("start");
    auto& end = ctx.output("end");
    auto& first = ctx.output("first");
    auto& last = ctx.output("last");
    std::optional<Value> last_value;
    while (auto batch = co_await stream.recv_many()) {
        if (batch->empty())
            continue;
        if (!last_value) { // the first values: `start` and `first` at once, and closed right away
            co_await start.send_one(Value());
            co_await first.send_one(batch->value_at(0));
            start.close();
            first.close();
        }
        last_value = batch->value_at(batch->size() - 1);
    }
    co_await end.send_one(Value());
    if (last_value)
        co_await last.send_one(std::move(*last_value));
}

Task<> check_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& check = ctx.output("check");
    if (const auto outcome = co_await value.recv_one(); outcome)
        co_await check.send_one(Value());
}

Task<> uncheck_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& uncheck = ctx.output("uncheck");
    if (const auto outcome = co_await value.recv_one(); !outcome)
        co_await uncheck.send_one(Value());
}

Task<> emit_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& emit = ctx.output("emit");
    if (const auto outcome = co_await trigger.recv_one(); outcome)
        co_await emit.send_one(ctx.param("value"));
}

Task<> stream_body(TreatmentContext& ctx)
{
    auto& block = ctx.input("block");
    auto& stream = ctx.output("stream");
    if (auto v = co_await block.recv_one())
        co_await stream.send_one(std::move(*v));
}

// ---- combinations ------------------------------------------------------------------------------------

Task<> chain_body(TreatmentContext& ctx)
{
    auto& first = ctx.input("first");
    auto& second = ctx.input("second");
    auto& chained = ctx.output("chained");
    // `second` is not read (it back-pressures) while `first` is open.
    if (const auto outcome = co_await forward(first, chained); outcome)
        co_await forward(second, chained);
}

/// Forwards `in` to the shared `out` until `in` ends or nobody listens; then closes `in`.
Task<> forward_shared(Input& in, Output& out, OutputLock& lock)
{
    while (auto batch = co_await in.recv_many())
        if (const auto outcome = co_await locked_send(lock, out, std::move(*batch)); !outcome)
            break;
    in.close();
}

/// Sends the block of `in`, if it comes, on the shared `out`.
Task<> forward_block_shared(Input& in, Output& out, OutputLock& lock)
{
    if (auto v = co_await in.recv_one())
        co_await locked_send_one(lock, out, std::move(*v));
}

/// How one input goes onto a shared output: forward_shared (a stream) or forward_block_shared (a block).
using SharedForward = Task<> (*)(Input&, Output&, OutputLock&);

/// Body: the inputs `x` and `y` sent together on the output `port`, each as `forward_x` and `forward_y` say.
auto together(const char* x, SharedForward forward_x, const char* y, SharedForward forward_y, const char* port)
{
    return [=](TreatmentContext& ctx) -> Task<> {
        auto& in_x = ctx.input(x);
        auto& in_y = ctx.input(y);
        auto& out = ctx.output(port);
        OutputLock lock;
        co_await when_all(tasks(forward_x(in_x, out, lock), forward_y(in_y, out, lock)));
    };
}

Task<> arrange_body(TreatmentContext& ctx)
{
    auto& a = ctx.input("a");
    auto& b = ctx.input("b");
    auto& select = ctx.input("select");
    auto& value = ctx.output("value");
    while (auto s = co_await select.recv_one()) {
        Input& side = s->as_bool() ? a : b;
        auto v = co_await side.recv_one();
        if (!v)
            break;
        const bool sent = co_await value.send_one(std::move(*v));
        if (!sent)
            break;
    }
}

Task<> fill_body(TreatmentContext& ctx)
{
    auto& pattern = ctx.input("pattern");
    auto& filled = ctx.output("filled");
    const Value& value = ctx.param("value");
    while (auto batch = co_await pattern.recv_many()) {
        if (batch->empty())
            continue;
        const bool sent = co_await filled.send_many(copies(filled, value, batch->size()));
        if (!sent)
            break;
    }
}

Task<> filter_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& select = ctx.input("select");
    auto& accepted = ctx.output("accepted");
    auto& rejected = ctx.output("rejected");
    bool accepted_open = true;
    bool rejected_open = true;
    PairReader pairs(value, select);
    while (accepted_open || rejected_open) {
        auto chunk = co_await pairs.next();
        if (!chunk)
            break;
        const auto selects = chunk->second.as_span<bool>();
        std::vector<Value> yes;
        std::vector<Value> no;
        for (std::size_t i = 0; i < selects.size(); ++i)
            (selects[i] ? yes : no).push_back(chunk->first.value_at(i));
        // One output losing its listeners does not stop the other (std.md §2.1 #10).
        if (accepted_open && !yes.empty())
            accepted_open = co_await send_values(accepted, std::move(yes));
        if (rejected_open && !no.empty())
            rejected_open = co_await send_values(rejected, std::move(no));
    }
}

Task<> filter_block_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& select = ctx.input("select");
    auto& accepted = ctx.output("accepted");
    auto& rejected = ctx.output("rejected");
    auto v = co_await value.recv_one();
    if (!v)
        co_return;
    auto s = co_await select.recv_one();
    if (!s)
        co_return;
    Output& route = s->as_bool() ? accepted : rejected;
    co_await route.send_one(std::move(*v));
}

Task<> fit_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& pattern = ctx.input("pattern");
    auto& fitted = ctx.output("fitted");
    ChunkReader values(value);
    while (auto shape = co_await pattern.recv_many()) {
        std::size_t wanted = shape->size();
        while (wanted > 0) {
            auto chunk = co_await values.next(wanted);
            if (!chunk)
                co_return; // values ran out: the rest of the pattern is ignored
            wanted -= chunk->size();
            if (const auto outcome = co_await fitted.send_many(std::move(*chunk)); !outcome)
                co_return;
        }
    }
}

Task<> one_body(TreatmentContext& ctx)
{
    auto& a = ctx.input("a");
    auto& b = ctx.input("b");
    auto& value = ctx.output("value");
    Race race;
    const auto itself = [](Value v) { return v; };
    co_await when_all(tasks(race_side(a, b, value, race, itself), race_side(b, a, value, race, itself)));
}

Task<> wait_block_body(TreatmentContext& ctx)
{
    auto& a = ctx.input("a");
    auto& b = ctx.input("b");
    auto& awaited = ctx.output("awaited");
    // Both are needed: the first one missing settles it.
    if (const auto outcome = co_await a.recv_one(); !outcome)
        co_return;
    if (const auto outcome = co_await b.recv_one(); !outcome)
        co_return;
    co_await awaited.send_one(Value());
}

// ---- gates -------------------------------------------------------------------------------------------

Task<> close_body(TreatmentContext&)
{
    // Nothing: the engine closes `trigger` and `closed` as soon as the body returns, at track start.
    co_return;
}

Task<> consume_body(TreatmentContext& ctx)
{
    auto& stream = ctx.input("stream");
    while (auto batch = co_await stream.recv_many()) {
    }
}

Task<> pass_body(TreatmentContext& ctx)
{
    auto& stream = ctx.input("stream");
    auto& passed = ctx.output("passed");
    if (ctx.param("cond").as_bool())
        co_await forward(stream, passed);
}

Task<> pass_block_body(TreatmentContext& ctx)
{
    auto& block = ctx.input("block");
    auto& passed = ctx.output("passed");
    if (!ctx.param("cond").as_bool())
        co_return;
    if (auto v = co_await block.recv_one())
        co_await passed.send_one(std::move(*v));
}

Task<> barrier_body(TreatmentContext& ctx)
{
    auto& leverage = ctx.input("leverage");
    auto& stream = ctx.input("stream");
    auto& passed = ctx.output("passed");
    if (auto lever = co_await leverage.recv_one(); lever && lever->as_bool())
        co_await forward(stream, passed);
}

/// `cut`: the stream side; stops at the end of the stream or once the cut side has closed `passed`.
Task<> cut_stream_side(Input& stream, Input& cut, Output& passed, OutputLock& lock)
{
    while (auto batch = co_await stream.recv_many())
        if (const auto outcome = co_await locked_send(lock, passed, std::move(*batch)); !outcome)
            break;
    co_await locked_close(lock, passed);
    stream.close();
    cut.close();
}

/// `cut`: the signal side; on a signal, closes `passed` and the stream input at once.
Task<> cut_signal_side(Input& cut, Input& stream, Output& passed, OutputLock& lock)
{
    if (const auto outcome = co_await cut.recv_one(); !outcome)
        co_return; // no signal: the stream goes to its end
    co_await locked_close(lock, passed);
    stream.close();
}

Task<> cut_body(TreatmentContext& ctx)
{
    auto& cut = ctx.input("cut");
    auto& stream = ctx.input("stream");
    auto& passed = ctx.output("passed");
    OutputLock lock;
    co_await when_all(
        tasks(cut_stream_side(stream, cut, passed, lock), cut_signal_side(cut, stream, passed, lock)));
}

Task<> release_body(TreatmentContext& ctx)
{
    auto& leverage = ctx.input("leverage");
    auto& data = ctx.input("data");
    auto& released = ctx.output("released");
    if (const auto outcome = co_await leverage.recv_one(); outcome)
        co_await forward(data, released);
}

Task<> release_block_body(TreatmentContext& ctx)
{
    auto& leverage = ctx.input("leverage");
    auto& data = ctx.input("data");
    auto& released = ctx.output("released");
    if (const auto outcome = co_await leverage.recv_one(); !outcome)
        co_return;
    if (auto v = co_await data.recv_one())
        co_await released.send_one(std::move(*v));
}

// ---- producing and counting --------------------------------------------------------------------------

Task<> count_body(TreatmentContext& ctx)
{
    auto& stream = ctx.input("stream");
    auto& count = ctx.output("count");
    u128 next = 0; // 0-based, as the reference's code (its doc says 1)
    while (auto batch = co_await stream.recv_many()) {
        const std::size_t n = batch->size();
        const u128 base = next;
        std::vector<u128> indexes;
        if (base <= std::numeric_limits<std::uint64_t>::max() - n) { // the usual case, in 64-bit arithmetic
            const auto base64 = static_cast<std::uint64_t>(base);
            indexes = generated(n, [base64](std::size_t i) -> u128 { return base64 + i; });
        } else {
            indexes = generated(n, [base](std::size_t i) -> u128 { return base + i; });
        }
        next += n;
        if (const auto outcome = co_await count.send_many(Batch::of(std::move(indexes))); !outcome)
            break;
    }
}

Task<> generate_body(TreatmentContext& ctx)
{
    auto& length = ctx.input("length");
    auto& stream = ctx.output("stream");
    auto total = co_await length.recv_one();
    if (!total)
        co_return;
    u128 left = total->as_u128();
    if (left == 0)
        co_return;
    // One chunk is built once and sent again and again (batches are immutable and shared).
    const std::size_t chunk_size = left < k_flush_threshold ? static_cast<std::size_t>(left) : k_flush_threshold;
    const Batch chunk = copies(stream, ctx.param("data"), chunk_size);
    while (left > 0) {
        const std::size_t n = left < chunk_size ? static_cast<std::size_t>(left) : chunk_size;
        // (No conditional expression inside co_await: GCC 12 mishandles its temporaries.)
        Batch part = chunk;
        if (n < chunk_size)
            part = chunk.slice(0, n);
        if (const auto outcome = co_await stream.send_many(std::move(part)); !outcome)
            break;
        left -= n;
    }
}

Task<> generate_indefinitely_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& stream = ctx.output("stream");
    if (const auto outcome = co_await trigger.recv_one(); !outcome)
        co_return;
    const Batch chunk = copies(stream, ctx.param("data"), k_flush_threshold);
    for (;;) { // until nobody listens any more
        const bool sent = co_await stream.send_many(chunk);
        if (!sent)
            break;
    }
}

// ---- declarations ------------------------------------------------------------------------------------

void register_signals(AreaBuilder& area)
{
    area.treatment("trigger")
        .generic("T")
        .input("stream", "Stream<T>")
        .output("start", "Block<void>")
        .output("end", "Block<void>")
        .output("first", "Block<T>")
        .output("last", "Block<T>")
        .doc("Signal the beginning and the end of a stream.\n\n"
             "When the first values arrive, `start` is sent together with `first`, the first value, and both "
             "close at once. When the stream closes, `end` is sent, then `last`, the last value seen. A "
             "stream of one value gives that value on both `first` and `last`; an empty stream only sends "
             "`end`.")
        .implementation(native(trigger_body));

    area.treatment("check")
        .generic("T")
        .input("value", "Block<T>")
        .output("check", "Block<void>")
        .doc("Send `check` when `value` arrives; nothing when `value` closes without a value.")
        .implementation(native(check_body));

    area.treatment("uncheck")
        .generic("T")
        .input("value", "Block<T>")
        .output("uncheck", "Block<void>")
        .doc("Send `uncheck` when `value` closes without a value; nothing when a value arrives.")
        .implementation(native(uncheck_body));

    area.treatment("emit")
        .generic("T")
        .param("value", "T")
        .input("trigger", "Block<void>")
        .output("emit", "Block<T>")
        .doc("Send the parameter `value` as a block when `trigger` arrives.\n\n"
             "Nothing is sent if `trigger` closes without a value.")
        .implementation(native(emit_body));

    area.treatment("stream")
        .generic("T")
        .input("block", "Block<T>")
        .output("stream", "Stream<T>")
        .doc("Turn a block into a stream of one value.\n\n"
             "The stream is empty when `block` closes without a value.")
        .implementation(native(stream_body));
}

void register_combinations(AreaBuilder& area)
{
    area.treatment("chain")
        .generic("T")
        .input("first", "Stream<T>")
        .input("second", "Stream<T>")
        .output("chained", "Stream<T>")
        .doc("Chain two streams: all of `first`, then all of `second`.\n\n"
             "`second` is not read while `first` is open.")
        .implementation(native(chain_body));

    area.treatment("merge")
        .generic("T")
        .input("a", "Stream<T>")
        .input("b", "Stream<T>")
        .output("value", "Stream<T>")
        .doc("Merge two streams into one.\n\n"
             "Values of `a` and `b` are forwarded as they arrive, so their interleaving is not predictable. "
             "The merge goes on while either input is open.")
        .implementation(native(together("a", forward_shared, "b", forward_shared, "value")));

    area.treatment("arrange")
        .generic("T")
        .input("a", "Stream<T>")
        .input("b", "Stream<T>")
        .input("select", "Stream<bool>")
        .output("value", "Stream<T>")
        .doc("Arrange two streams into one according to `select`.\n\n"
             "For each value of `select`, the next value of `a` (when true) or of `b` (when false) is sent. "
             "No value is dropped while going on; it stops when `select` ends, or when the stream it "
             "designates has ended.")
        .implementation(native(arrange_body));

    area.treatment("fill")
        .generic("T")
        .param("value", "T")
        .input("pattern", "Stream<void>")
        .output("filled", "Stream<T>")
        .doc("Send one copy of the parameter `value` for each element of `pattern`.")
        .implementation(native(fill_body));

    area.treatment("filter")
        .generic("T")
        .input("value", "Stream<T>")
        .input("select", "Stream<bool>")
        .output("accepted", "Stream<T>")
        .output("rejected", "Stream<T>")
        .doc("Route each value of a stream according to a stream of booleans.\n\n"
             "Value i goes to `accepted` when `select` i is true, to `rejected` otherwise. It stops when "
             "either input ends (what the longer one holds beyond is dropped). When nobody listens to one "
             "output any more, the other one is still fed.")
        .implementation(native(filter_body));

    area.treatment("filterBlock")
        .generic("T")
        .input("value", "Block<T>")
        .input("select", "Block<bool>")
        .output("accepted", "Block<T>")
        .output("rejected", "Block<T>")
        .doc("Route a block according to a boolean.\n\n"
             "Once both `value` and `select` have arrived, `value` is sent on `accepted` when `select` is "
             "true "
             "and on `rejected` otherwise. Nothing is sent if either never arrives.")
        .implementation(native(filter_block_body));

    area.treatment("fit")
        .generic("T")
        .input("value", "Stream<T>")
        .input("pattern", "Stream<void>")
        .output("fitted", "Stream<T>")
        .doc("Forward one value of `value` for each element of `pattern`.\n\n"
             "Stops when the values run out (the rest of the pattern is ignored) or when the pattern ends "
             "(the remaining values are not read).")
        .implementation(native(fit_body));

    area.treatment("insert")
        .generic("T")
        .input("stream", "Stream<T>")
        .input("block", "Block<T>")
        .output("output", "Stream<T>")
        .doc("Forward a stream and insert a block into it.\n\n"
             "The block is inserted when it arrives, at an unpredictable position. The output closes when "
             "both inputs are done.")
        .implementation(native(together("stream", forward_shared, "block", forward_block_shared, "output")));

    area.treatment("flock")
        .generic("T")
        .input("a", "Block<T>")
        .input("b", "Block<T>")
        .output("stream", "Stream<T>")
        .doc("Gather two blocks into one stream.\n\n"
             "Each block is sent into the stream as soon as it arrives, so the stream holds zero, one or two "
             "values in arrival order. It closes when both inputs are done.")
        .implementation(native(together("a", forward_block_shared, "b", forward_block_shared, "stream")));

    area.treatment("one")
        .generic("T")
        .input("a", "Block<T>")
        .input("b", "Block<T>")
        .output("value", "Block<T>")
        .doc("Send whichever of `a` and `b` arrives first.\n\n"
             "The other one is then ignored. An input closing without a value does not end the wait for the "
             "other one; nothing is sent if both close without a value.")
        .implementation(native(one_body));

    area.treatment("waitBlock")
        .generic("T")
        .input("a", "Block<T>")
        .input("b", "Block<T>")
        .output("awaited", "Block<void>")
        .doc("Send `awaited` once both `a` and `b` have arrived.\n\n"
             "Nothing is sent if either closes without a value.")
        .implementation(native(wait_block_body));
}

void register_gates(AreaBuilder& area)
{
    area.treatment("pass")
        .generic("T")
        .param("cond", "bool")
        .input("stream", "Stream<T>")
        .output("passed", "Stream<T>")
        .doc("Forward the whole stream when `cond` is true.\n\n"
             "When `cond` is false, `passed` closes at once and `stream` is not read.")
        .implementation(native(pass_body));

    area.treatment("passBlock")
        .generic("T")
        .param("cond", "bool")
        .input("block", "Block<T>")
        .output("passed", "Block<T>")
        .doc("Forward `block` when `cond` is true.\n\n"
             "When `cond` is false, `passed` closes at once and `block` is not read.")
        .implementation(native(pass_block_body));

    area.treatment("barrier")
        .generic("T")
        .input("leverage", "Block<bool>")
        .input("stream", "Stream<T>")
        .output("passed", "Stream<T>")
        .doc("Forward the whole stream once `leverage` says so.\n\n"
             "When `leverage` is true the stream is forwarded; when it is false or never comes, `passed` "
             "closes without the stream being read.")
        .implementation(native(barrier_body));

    area.treatment("cut")
        .generic("T")
        .input("cut", "Block<void>")
        .input("stream", "Stream<T>")
        .output("passed", "Stream<T>")
        .doc("Forward a stream until `cut` arrives.\n\n"
             "When `cut` arrives, `passed` closes and the rest of the stream is dropped. If `cut` closes "
             "without a value, the whole stream is forwarded.")
        .implementation(native(cut_body));

    area.treatment("release")
        .generic("T")
        .input("leverage", "Block<void>")
        .input("data", "Stream<T>")
        .output("released", "Stream<T>")
        .doc("Hold a stream back until `leverage` arrives, then forward all of it.\n\n"
             "`data` is not read before. If `leverage` never arrives, `released` closes empty.")
        .implementation(native(release_body));

    area.treatment("releaseBlock")
        .generic("T")
        .input("leverage", "Block<void>")
        .input("data", "Block<T>")
        .output("released", "Block<T>")
        .doc("Hold `data` back until `leverage` arrives, then forward it on `released`.\n\n"
             "If `leverage` never arrives, `released` closes without a value.")
        .implementation(native(release_block_body));

    area.treatment("close")
        .generic("T")
        .input("trigger", "Block<void>")
        .output("closed", "Stream<T>")
        .doc("A stream that is always empty.\n\n"
             "`closed` is closed as soon as the track starts, without waiting for `trigger`.")
        .implementation(native(close_body));

    area.treatment("closeBlock")
        .generic("T")
        .input("trigger", "Block<void>")
        .output("closed", "Block<T>")
        .doc("A block that never comes.\n\n"
             "`closed` is closed as soon as the track starts, without waiting for `trigger`.")
        .implementation(native(close_body));

    area.treatment("consume")
        .generic("T")
        .input("stream", "Stream<T>")
        .doc("Read and drop a whole stream, until it closes.")
        .implementation(native(consume_body));
}

void register_generators(AreaBuilder& area)
{
    area.treatment("generate")
        .generic("T")
        .param("data", "T")
        .input("length", "Block<u128>")
        .output("stream", "Stream<T>")
        .doc("Send `length` copies of the parameter `data`, then close.\n\n"
             "Nothing is sent before `length` arrives; a length of zero gives an empty stream.")
        .implementation(native(generate_body));

    area.treatment("generateIndefinitely")
        .generic("T")
        .param("data", "T")
        .input("trigger", "Block<void>")
        .output("stream", "Stream<T>")
        .doc("Once `trigger` arrives, send copies of the parameter `data` without end.\n\n"
             "It stops when nobody listens to `stream` any more.")
        .implementation(native(generate_indefinitely_body));

    area.treatment("count")
        .generic("T")
        .input("stream", "Stream<T>")
        .output("count", "Stream<u128>")
        .doc("Number the elements of a stream.\n\n"
             "For each element, its position is sent on `count`, starting from 0: a stream of n elements "
             "gives 0, 1, …, n − 1.")
        .implementation(native(count_body));
}

} // namespace

void register_flow(Registry& registry)
{
    auto area = registry.area("std/flow");
    register_signals(area);
    register_combinations(area);
    register_gates(area);
    register_generators(area);
}

} // namespace mel::stdlib
