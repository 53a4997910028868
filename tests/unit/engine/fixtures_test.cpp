// The test library of fixtures.h (its natives are written against the engine API exactly as std's are).

#include <doctest/doctest.h>

#include <cstring>
#include <stdexcept>

#include "tests/unit/engine/fixtures.h"

namespace fixtures {

namespace {

Task<> emit_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& emit = ctx.output("emit");
    if (co_await trigger.recv_one())
        co_await emit.send_one(ctx.param("value"));
}

Task<> stream_body(TreatmentContext& ctx)
{
    auto& block = ctx.input("block");
    auto& stream = ctx.output("stream");
    if (auto v = co_await block.recv_one())
        co_await stream.send_one(std::move(*v));
}

Task<> generate_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    const std::uint64_t count = ctx.param("count").as_u64();
    const std::uint64_t batch = ctx.param("batch").as_u64();
    if (batch == 0) {
        for (std::uint64_t i = 0; i < count; ++i)
            if (!co_await out.send_one(Value::u64(i)))
                co_return;
        co_return;
    }
    for (std::uint64_t i = 0; i < count;) {
        std::vector<std::uint64_t> values;
        for (std::uint64_t k = 0; k < batch && i < count; ++k)
            values.push_back(i++);
        if (!co_await out.send_many(Batch::of(std::move(values))))
            co_return;
    }
}

Task<> generate_forever_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    for (std::uint64_t i = 0;; ++i)
        if (!co_await out.send_one(Value::u64(i)))
            break;
    sink().count("forever_stopped");
}

Task<> take_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    auto& out = ctx.output("out");
    const std::uint64_t n = ctx.param("n").as_u64();
    for (std::uint64_t i = 0; i < n; ++i) {
        auto v = co_await in.recv_one();
        if (!v || !co_await out.send_one(std::move(*v)))
            break;
    }
}

Task<> add_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    auto& out = ctx.output("out");
    const std::uint64_t k = ctx.param("value").as_u64();
    while (auto batch = co_await in.recv_many()) {
        std::vector<std::uint64_t> values;
        for (std::uint64_t v : batch->as_span<std::uint64_t>())
            values.push_back(v + k);
        if (!co_await out.send_many(Batch::of(std::move(values))))
            break;
    }
}

Task<> trigger_body(TreatmentContext& ctx)
{
    auto& stream = ctx.input("stream");
    auto& start = ctx.output("start");
    auto& end = ctx.output("end");
    auto& first = ctx.output("first");
    auto& last = ctx.output("last");
    std::optional<Value> last_value;
    bool started = false;
    while (auto batch = co_await stream.recv_many()) {
        if (!started && !batch->empty()) {
            started = true;
            co_await start.send_one(Value());
            start.close();
            co_await first.send_one(batch->value_at(0));
            first.close();
        }
        if (!batch->empty())
            last_value = batch->value_at(batch->size() - 1);
    }
    co_await end.send_one(Value());
    if (last_value)
        co_await last.send_one(std::move(*last_value));
}

Task<> release_body(TreatmentContext& ctx)
{
    auto& data = ctx.input("data");
    auto& leverage = ctx.input("leverage");
    auto& out = ctx.output("out");
    if (!co_await leverage.recv_one())
        co_return;
    while (auto batch = co_await data.recv_many())
        if (!co_await out.send_many(std::move(*batch)))
            break;
}

Task<> collect_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    const std::string name = ctx.param("name").as_string();
    std::size_t batches = 0;
    while (auto batch = co_await in.recv_many()) {
        ++batches;
        std::lock_guard lock(sink().mutex);
        auto& values = sink().values[name];
        for (std::size_t i = 0; i < batch->size(); ++i)
            values.push_back(batch->value_at(i));
    }
    std::lock_guard lock(sink().mutex);
    sink().ends[name] += 1;
    sink().batches[name] += batches;
}

Task<> collect_block_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    const std::string name = ctx.param("name").as_string();
    while (auto v = co_await in.recv_one())
        sink().record(name, std::move(*v));
    std::lock_guard lock(sink().mutex);
    sink().ends[name] += 1;
}

Task<> chain_body(TreatmentContext& ctx)
{
    auto& a = ctx.input("a");
    auto& b = ctx.input("b");
    auto& out = ctx.output("out");
    while (auto batch = co_await a.recv_many())
        if (!co_await out.send_many(std::move(*batch)))
            co_return;
    while (auto batch = co_await b.recv_many())
        if (!co_await out.send_many(std::move(*batch)))
            co_return;
}

Task<> pass_if_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    auto& out = ctx.output("out");
    if (auto v = co_await in.recv_one(); v && ctx.param("pass").as_bool())
        co_await out.send_one(std::move(*v));
}

Task<> fail_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    if (co_await trigger.recv_one())
        throw std::runtime_error("boom");
}

Task<> count_starts_body(TreatmentContext& ctx)
{
    sink().count(ctx.param("name").as_string());
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (co_await trigger.recv_one())
        co_await out.send_one(Value());
}

Task<> source_less_body(TreatmentContext& ctx)
{
    sink().count("source_less_started");
    co_await ctx.output("out").send_one(Value());
}

Task<> bytes_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    const std::uint64_t size = ctx.param("size").as_u64();
    const std::uint64_t chunk = ctx.param("chunk").as_u64();
    std::vector<std::byte> piece(chunk, std::byte{1});
    for (std::uint64_t sent = 0; sent < size; sent += chunk) {
        const bool ok = chunk >= k_flush_threshold ? co_await out.send_bytes(std::vector<std::byte>(piece))
                                                   : co_await out.send_bytes(std::span<const std::byte>(piece));
        if (!ok)
            co_return;
    }
}

Task<> byte_sum_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    const std::string name = ctx.param("name").as_string();
    std::uint64_t total = 0, sum = 0, batches = 0;
    bool all_bytes = true;
    while (auto batch = co_await in.recv_many()) {
        ++batches;
        all_bytes = all_bytes && batch->kind() == BatchKind::Byte;
        auto bytes = batch->bytes();
        total += bytes.size();
        for (std::byte b : bytes)
            sum += std::to_integer<std::uint64_t>(b);
    }
    sink().record(name + ".total", Value::u64(total));
    sink().record(name + ".sum", Value::u64(sum));
    sink().record(name + ".batches", Value::u64(batches));
    sink().record(name + ".all_bytes", Value::boolean(all_bytes));
}

Task<> sleepy_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    co_await sleep_for(std::chrono::milliseconds(ctx.param("ms").as_u64()));
    co_await out.send_one(Value());
}

Task<> block_work_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    const std::uint64_t n = co_await blocking([] {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return std::uint64_t{42};
    });
    co_await out.send_one(Value::u64(n));
}

Task<> emit_range(Output& out, std::uint64_t from, std::uint64_t to)
{
    for (std::uint64_t i = from; i < to; ++i)
        if (!co_await out.send_one(Value::u64(i)))
            co_return;
}

Task<> split_work_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& a = ctx.output("a");
    auto& b = ctx.output("b");
    if (!co_await trigger.recv_one())
        co_return;
    co_await when_all(tasks(emit_range(a, 0, 1000), emit_range(b, 1000, 2000)));
}

Task<> hold_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    auto& back = ctx.input("back");
    auto& out = ctx.output("out");
    co_await back.recv_one(); // waits for its own downstream: a cycle
    if (co_await in.recv_one())
        co_await out.send_one(Value());
}

Task<> live_counted_body(TreatmentContext& ctx)
{
    LiveCounter alive;
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (co_await trigger.recv_one()) {
        co_await sleep_for(std::chrono::milliseconds(1));
        co_await out.send_one(Value());
    }
}

Task<> pair_body(TreatmentContext& ctx)
{
    auto& a = ctx.input("a");
    auto& b = ctx.input("b");
    const bool got_a = (co_await a.recv_one()).has_value();
    const bool got_b = (co_await b.recv_one()).has_value();
    sink().count(got_a ? "pair_a" : "pair_no_a");
    sink().count(got_b ? "pair_b" : "pair_no_b");
}

Task<> typed_bytes_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    // u8 values sent on a byte port travel as bytes
    // (GCC 12 cannot keep an initializer list alive across co_await: build the batch first.)
    Batch batch = Batch::of(std::vector<std::uint8_t>{1, 2, 3});
    co_await out.send_many(std::move(batch));
    co_await out.send_one(Value::u8(4));
}

Task<> wrong_type_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (co_await trigger.recv_one())
        co_await out.send_one(Value::string("not a u64"));
}

Task<> mixed_reader_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    const std::string name = ctx.param("name").as_string();
    // recv_one twice, then recv_many (the rest of the partially read batch), then recv_one to the end.
    for (int i = 0; i < 2; ++i)
        if (auto v = co_await in.recv_one())
            sink().record(name, std::move(*v));
    if (auto batch = co_await in.recv_many()) {
        sink().count(name + ".rest", static_cast<int>(batch->size()));
        for (std::size_t i = 0; i < batch->size(); ++i)
            sink().record(name, batch->value_at(i));
    }
    while (auto v = co_await in.recv_one())
        sink().record(name, std::move(*v));
}

Task<> close_then_read_body(TreatmentContext& ctx)
{
    auto& go = ctx.input("go");
    auto& in = ctx.input("in");
    co_await go.recv_one(); // the stream has ended upstream: everything is queued here
    in.close();
    while (auto v = co_await in.recv_one())
        sink().record("after_close", std::move(*v));
}

Task<> emit_twice_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    co_await out.send_one(Value::u64(1));
    co_await out.send_one(Value::u64(2));
}

Task<> slow_producer_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& out = ctx.output("out");
    if (!co_await trigger.recv_one())
        co_return;
    co_await out.send_one(Value::u64(0)); // buffered: far below the flush threshold
    co_await sleep_for(std::chrono::milliseconds(300));
    co_await out.send_one(Value::u64(1));
}

Task<> arrival_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    std::vector<std::chrono::steady_clock::time_point> times;
    while (co_await in.recv_one())
        times.push_back(std::chrono::steady_clock::now());
    if (times.size() == 2)
        sink().record("gap_ms", Value::u64(static_cast<std::uint64_t>(
                                    std::chrono::duration_cast<std::chrono::milliseconds>(times[1] - times[0]).count())));
}

Task<> send_then_end(Output& out)
{
    co_await out.send_one(Value::u64(1));
}

Task<> sleep_then_send(Output& out)
{
    co_await sleep_for(std::chrono::milliseconds(300));
    co_await out.send_one(Value::u64(2));
}

Task<> split_slow_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& a = ctx.output("a");
    auto& b = ctx.output("b");
    if (co_await trigger.recv_one())
        co_await when_all(tasks(send_then_end(a), sleep_then_send(b)));
}

Task<> stamp_body(TreatmentContext& ctx)
{
    auto& in = ctx.input("in");
    if (co_await in.recv_one())
        sink().record(ctx.param("name").as_string(),
                      Value::u64(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                                std::chrono::steady_clock::now().time_since_epoch())
                                                                .count())));
}

template<class F> std::shared_ptr<const TreatmentImplementation> impl(F f) { return make_treatment(f); }

} // namespace

void declare_library(Registry& r)
{
    auto area = r.area("test/lib");
    area.context("Tick", {{"n", "u64"}}, "A tick.");
    area.model("Engine").source("ready", {{"trigger", "Block<void>"}}).implementation(make_model<EngineModel>());
    area.model("Ticker")
        .param("count", "u64", Value::u64(3))
        .param("sequential", "bool", Value::boolean(false))
        .source("tick", {{"value", "Block<u64>"}}, {"test/lib::@Tick"})
        .implementation(make_model<TickerModel>());
    area.model("Server").implementation(make_model<ServerModel>());
    area.model("Stubborn").implementation(make_model<StubbornModel>());
    area.model("Unimplemented").source("nothing", {{"x", "Block<void>"}});

    area.function("mul").param("a", "u64").param("b", "u64").returns("u64").body(
        [](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return Value::u64(args[0].as_u64() * args[1].as_u64());
        });
    area.function("fails").returns("u64").body(
        [](std::span<const Type>, std::span<const Value>) -> Result<Value> { return Error{"no luck"}; });
    area.function("missing").returns("u64");

    area.treatment("emit").generic("T").param("value", "T").input("trigger", "Block<void>")
        .output("emit", "Block<T>").implementation(impl(emit_body));
    area.treatment("stream").generic("T").input("block", "Block<T>").output("stream", "Stream<T>")
        .implementation(impl(stream_body));
    area.treatment("generate").param("count", "u64").param("batch", "u64", Value::u64(0))
        .input("trigger", "Block<void>").output("out", "Stream<u64>").implementation(impl(generate_body));
    area.treatment("generate_forever").input("trigger", "Block<void>").output("out", "Stream<u64>")
        .implementation(impl(generate_forever_body));
    area.treatment("take").param("n", "u64").input("in", "Stream<u64>").output("out", "Stream<u64>")
        .implementation(impl(take_body));
    area.treatment("add").param("value", "u64").input("in", "Stream<u64>").output("out", "Stream<u64>")
        .implementation(impl(add_body));
    area.treatment("trigger").generic("T").input("stream", "Stream<T>").output("start", "Block<void>")
        .output("end", "Block<void>").output("first", "Block<T>").output("last", "Block<T>")
        .implementation(impl(trigger_body));
    area.treatment("release").generic("T").input("data", "Stream<T>").input("leverage", "Block<void>")
        .output("out", "Stream<T>").implementation(impl(release_body));
    area.treatment("collect").generic("T").param("name", "string").input("in", "Stream<T>")
        .implementation(impl(collect_body));
    area.treatment("collect_block").generic("T").param("name", "string").input("in", "Block<T>")
        .implementation(impl(collect_block_body));
    area.treatment("chain").generic("T").input("a", "Stream<T>").input("b", "Stream<T>").output("out", "Stream<T>")
        .implementation(impl(chain_body));
    area.treatment("pass_if").param("pass", "bool").input("in", "Block<void>").output("out", "Block<void>")
        .implementation(impl(pass_if_body));
    area.treatment("fail").input("trigger", "Block<void>").implementation(impl(fail_body));
    area.treatment("count_starts").param("name", "string").input("trigger", "Block<void>")
        .output("out", "Block<void>").implementation(impl(count_starts_body));
    area.treatment("source_less").output("out", "Block<void>").implementation(impl(source_less_body));
    area.treatment("bytes").param("size", "u64").param("chunk", "u64").input("trigger", "Block<void>")
        .output("out", "Stream<byte>").implementation(impl(bytes_body));
    area.treatment("byte_sum").param("name", "string").input("in", "Stream<byte>").implementation(impl(byte_sum_body));
    area.treatment("sleepy").param("ms", "u64").input("trigger", "Block<void>").output("out", "Block<void>")
        .implementation(impl(sleepy_body));
    area.treatment("block_work").input("trigger", "Block<void>").output("out", "Block<u64>")
        .implementation(impl(block_work_body));
    area.treatment("split_work").input("trigger", "Block<void>").output("a", "Stream<u64>")
        .output("b", "Stream<u64>").implementation(impl(split_work_body));
    area.treatment("hold").input("in", "Block<void>").input("back", "Block<void>").output("out", "Block<void>")
        .implementation(impl(hold_body));
    area.treatment("live_counted").input("trigger", "Block<void>").output("out", "Block<void>")
        .implementation(impl(live_counted_body));
    area.treatment("pair").input("a", "Block<void>").input("b", "Block<u64>").implementation(impl(pair_body));
    area.treatment("typed_bytes").input("trigger", "Block<void>").output("out", "Stream<byte>")
        .implementation(impl(typed_bytes_body));
    area.treatment("wrong_type").input("trigger", "Block<void>").output("out", "Block<u64>")
        .implementation(impl(wrong_type_body));
    area.treatment("mixed_reader").param("name", "string").input("in", "Stream<u64>")
        .implementation(impl(mixed_reader_body));
    area.treatment("close_then_read").input("go", "Block<void>").input("in", "Stream<u64>")
        .implementation(impl(close_then_read_body));
    area.treatment("emit_twice").input("trigger", "Block<void>").output("out", "Block<u64>")
        .implementation(impl(emit_twice_body));
    area.treatment("slow_producer").input("trigger", "Block<void>").output("out", "Stream<u64>")
        .implementation(impl(slow_producer_body));
    area.treatment("arrival").input("in", "Stream<u64>").implementation(impl(arrival_body));
    area.treatment("split_slow").input("trigger", "Block<void>").output("a", "Stream<u64>")
        .output("b", "Stream<u64>").implementation(impl(split_slow_body));
    area.treatment("stamp").param("name", "string").input("in", "Stream<u64>").implementation(impl(stamp_body));
    area.treatment("declared_only").input("trigger", "Block<void>").output("out", "Block<void>");
}

} // namespace fixtures

TEST_CASE("the test library declares its natives with implementations")
{
    using namespace fixtures;
    CHECK(treatment("emit")->implementation);
    CHECK(treatment("ready")->source_from.has_value());
    CHECK_FALSE(treatment("declared_only")->implementation);
    CHECK(startup()->design);
}
