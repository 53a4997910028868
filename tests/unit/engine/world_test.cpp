// Whole programs run by the engine: transmission semantics, tracks, termination, failures and hangs.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>
#include <thread>

#include "tests/unit/engine/fixtures.h"

using namespace fixtures;

namespace {

std::vector<std::uint64_t> iota_u64(std::uint64_t n)
{
    std::vector<std::uint64_t> v(n);
    std::iota(v.begin(), v.end(), std::uint64_t{0});
    return v;
}

/// main: startup → generate(count, batch) → collect("a") and collect("b").
std::shared_ptr<const TreatmentDescriptor> fan_out_program(std::uint64_t count, std::uint64_t batch)
{
    return Design("main")
        .instance("startup", startup())
        .instance("gen", treatment("generate"), {{"count", lit(Value::u64(count))}, {"batch", lit(Value::u64(batch))}})
        .instance("a", treatment("collect"), {{"name", lit(Value::string("a"))}}, {u64()})
        .instance("b", treatment("collect"), {{"name", lit(Value::string("b"))}}, {u64()})
        .connect("startup.trigger", "gen.trigger")
        .connect("gen.out", "a.in")
        .connect("gen.out", "b.in")
        .build();
}

} // namespace

TEST_CASE("a program with no source ends at once with code 0")
{
    sink().reset();
    auto empty = Design("main").build();
    Outcome o = run_program(empty);
    CHECK(o.code == 0);
    CHECK(o.elapsed < std::chrono::milliseconds(1000));

    // A treatment without inputs is never instantiated (engine.md §9.11), so nothing runs either.
    auto lonely = Design("main").instance("s", treatment("source_less")).build();
    o = run_program(lonely);
    CHECK(o.code == 0);
    CHECK(sink().counter("source_less_started") == 0);
}

TEST_CASE("Block: emit fires once from startup and the collector sees the value then the end")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("emit", treatment("emit"), {{"value", lit(Value::u64(7))}}, {u64()})
                    .instance("c", treatment("collect_block"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .connect("startup.trigger", "emit.trigger")
                    .connect("emit.emit", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(as_u64s(sink().get("c")) == std::vector<std::uint64_t>{7});
    CHECK(sink().ends["c"] == 1);
    CHECK(o.stats_after.live_instances == 0);
    CHECK(o.stats_after.tracks_created == 1);
}

TEST_CASE("Block closing empty propagates absence downstream")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("filter", treatment("pass_if"), {{"pass", lit(Value::boolean(false))}})
                    .instance("emit", treatment("emit"), {{"value", lit(Value::u64(5))}}, {u64()})
                    .instance("c", treatment("collect_block"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .connect("startup.trigger", "filter.in")
                    .connect("filter.out", "emit.trigger")
                    .connect("emit.emit", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(sink().get("c").empty());
    CHECK(sink().ends["c"] == 1); // the collector observed the closure
}

TEST_CASE("Stream: FIFO across batches, data before close, fan-out identical sequences")
{
    for (std::uint64_t batch : {std::uint64_t{0}, std::uint64_t{1000}, std::uint64_t{100000}}) {
        CAPTURE(batch);
        sink().reset();
        const std::uint64_t n = 300000;
        Outcome o = run_program(fan_out_program(n, batch), {}, test_options(4));
        CHECK(o.code == 0);
        const auto a = as_u64s(sink().get("a"));
        const auto b = as_u64s(sink().get("b"));
        CHECK(a == iota_u64(n));
        CHECK(b == a);
        CHECK(sink().ends["a"] == 1);
        // Several batches travelled: flushing happened before the end.
        CHECK(sink().batches["a"] > 1);
    }
}

TEST_CASE("backward cancellation: an infinite generator stops when its consumer ends")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("gen", treatment("generate_forever"))
                    .instance("take", treatment("take"), {{"n", lit(Value::u64(10))}})
                    .instance("c", treatment("collect"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .connect("startup.trigger", "gen.trigger")
                    .connect("gen.out", "take.in")
                    .connect("take.out", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(as_u64s(sink().get("c")) == iota_u64(10));
    CHECK(sink().counter("forever_stopped") == 1);
}

TEST_CASE("an unconnected output fails sends at once")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("gen", treatment("generate_forever"))
                    .connect("startup.trigger", "gen.trigger")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(sink().counter("forever_stopped") == 1);
}

TEST_CASE("close does not block on a consumer that waits for the end (engine.md §9.3)")
{
    // gen → trigger.stream and gen → release.data; trigger.end → release.leverage. release reads nothing
    // before the end of the stream: with a non-blocking close this finishes whenever the data fits the bound.
    sink().reset();
    auto program = [](std::uint64_t n) {
        return Design("main")
            .instance("startup", startup())
            .instance("gen", treatment("generate"), {{"count", lit(Value::u64(n))}, {"batch", lit(Value::u64(4096))}})
            .instance("trigger", treatment("trigger"), {}, {u64()})
            .instance("release", treatment("release"), {}, {u64()})
            .instance("c", treatment("collect"), {{"name", lit(Value::string("c"))}}, {u64()})
            .connect("startup.trigger", "gen.trigger")
            .connect("gen.out", "trigger.stream")
            .connect("gen.out", "release.data")
            .connect("trigger.end", "release.leverage")
            .connect("release.out", "c.in")
            .build();
    };
    Outcome o = run_program(program(100000));
    CHECK(o.code == 0);
    CHECK(as_u64s(sink().get("c")) == iota_u64(100000));

    // Beyond the bound the producer waits for room forever: a real deadlock, reported as a hang.
    sink().reset();
    o = run_program(program(3 * k_queue_bound));
    CHECK(o.code == 3);
    CHECK(o.elapsed < std::chrono::milliseconds(3000));
    INFO(o.all_logs());
    CHECK(o.logged("hang: "));
    CHECK(o.logged("`main/release` (test/lib::release) in track 0 waits on input `leverage`"));
    CHECK(o.logged("`main/gen` (test/lib::generate) in track 0 waits to send on output `out`: input `data` of "
                   "`main/release` is full"));
    CHECK(o.stats_after.live_instances == 0);
}

TEST_CASE("hang detection names every waiting treatment and its port, within a second")
{
    // A cycle the checker would refuse: hold waits on `back`, fed by its own downstream.
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("hold", treatment("hold"))
                    .instance("pass", treatment("pass_if"), {{"pass", lit(Value::boolean(true))}})
                    .connect("startup.trigger", "hold.in")
                    .connect("hold.out", "pass.in")
                    .connect("pass.out", "hold.back")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 3);
    CHECK(o.elapsed < std::chrono::milliseconds(1000));
    INFO(o.all_logs());
    CHECK(o.logged("hang: nothing can run any more, 2 tasks are still waiting"));
    CHECK(o.logged("`main/hold` (test/lib::hold) in track 0 waits on input `back` (fed by output `out` of "
                   "`main/pass`)"));
    CHECK(o.logged("`main/pass` (test/lib::pass_if) in track 0 waits on input `in`"));
}

TEST_CASE("an exception in a body ends that treatment, logs it, exits 3; other tracks go on")
{
    sink().reset();
    // Ticker makes 3 tracks; fail runs in each; the collector of every track still gets its value.
    auto main = Design("main")
                    .model("ticker", model("Ticker"), {{"count", lit(Value::u64(3))}})
                    .instance("tick", treatment("tick"), {}, {}, {{"ticker", "ticker"}})
                    .instance("stream", treatment("stream"), {}, {u64()})
                    .instance("c", treatment("collect"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .instance("t", treatment("trigger"), {}, {u64()})
                    .instance("fail", treatment("fail"))
                    .connect("tick.value", "stream.block")
                    .connect("stream.stream", "c.in")
                    .connect("stream.stream", "t.stream")
                    .connect("t.start", "fail.trigger")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 3);
    auto got = as_u64s(sink().get("c"));
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::uint64_t>{0, 1, 2});
    INFO(o.all_logs());
    CHECK(o.logged("treatment `main/fail` (test/lib::fail) failed in track 0: boom"));
    CHECK(o.logged("failed in track 2: boom"));
}

TEST_CASE("a value of the wrong type is a treatment failure, not a crash")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("w", treatment("wrong_type"))
                    .instance("c", treatment("collect_block"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .connect("startup.trigger", "w.trigger")
                    .connect("w.out", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 3);
    CHECK(o.logged("a value of type string cannot travel on a u64 port"));
    CHECK(sink().ends["c"] == 1);
}

TEST_CASE("byte streams travel as contiguous buffers")
{
    sink().reset();
    auto program = [](std::uint64_t size, std::uint64_t chunk) {
        return Design("main")
            .instance("startup", startup())
            .instance("bytes", treatment("bytes"), {{"size", lit(Value::u64(size))}, {"chunk", lit(Value::u64(chunk))}})
            .instance("sum", treatment("byte_sum"), {{"name", lit(Value::string("s"))}})
            .connect("startup.trigger", "bytes.trigger")
            .connect("bytes.out", "sum.in")
            .build();
    };
    const std::uint64_t mib = 1 << 20;
    Outcome o = run_program(program(32 * mib, mib));
    CHECK(o.code == 0);
    CHECK(sink().get("s.total").at(0).as_u64() == 32 * mib);
    CHECK(sink().get("s.sum").at(0).as_u64() == 32 * mib);
    CHECK(sink().get("s.all_bytes").at(0).as_bool());
    CHECK(sink().get("s.batches").at(0).as_u64() <= 32);

    // Small writes are gathered into big batches.
    sink().reset();
    o = run_program(program(4 * mib, 1024));
    CHECK(o.code == 0);
    CHECK(sink().get("s.total").at(0).as_u64() == 4 * mib);
    CHECK(sink().get("s.batches").at(0).as_u64() < 4 * mib / 1024);
}

TEST_CASE("u8 values sent on a byte port become bytes")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("tb", treatment("typed_bytes"))
                    .instance("c", treatment("collect"), {{"name", lit(Value::string("c"))}},
                              {Type::core(CoreType::Byte)})
                    .connect("startup.trigger", "tb.trigger")
                    .connect("tb.out", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    const auto got = sink().get("c");
    REQUIRE(got.size() == 4);
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(got[i] == Value::byte(static_cast<std::uint8_t>(i + 1)));
}

TEST_CASE("timers, blocking calls and sub-tasks do not block workers nor count as hangs")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("sleepy", treatment("sleepy"), {{"ms", lit(Value::u64(30))}})
                    .instance("after_sleep", treatment("count_starts"), {{"name", lit(Value::string("slept"))}})
                    .instance("work", treatment("block_work"))
                    .instance("w", treatment("collect_block"), {{"name", lit(Value::string("w"))}}, {u64()})
                    .instance("split", treatment("split_work"))
                    .instance("a", treatment("collect"), {{"name", lit(Value::string("a"))}}, {u64()})
                    .instance("b", treatment("collect"), {{"name", lit(Value::string("b"))}}, {u64()})
                    .connect("startup.trigger", "sleepy.trigger")
                    .connect("sleepy.out", "after_sleep.trigger")
                    .connect("startup.trigger", "work.trigger")
                    .connect("work.out", "w.in")
                    .connect("startup.trigger", "split.trigger")
                    .connect("split.a", "a.in")
                    .connect("split.b", "b.in")
                    .build();
    Outcome o = run_program(main, {}, test_options(1));
    CHECK(o.code == 0);
    CHECK(sink().counter("slept") == 1);
    CHECK(as_u64s(sink().get("w")) == std::vector<std::uint64_t>{42});
    CHECK(sink().get("a").size() == 1000);
    CHECK(sink().get("b").size() == 1000);
    CHECK(sink().get("b").front() == Value::u64(1000));
}

TEST_CASE("tracks end and release their memory while the program runs")
{
    sink().reset();
    LiveCounter::count() = 0;
    auto main = Design("main")
                    .model("ticker", model("Ticker"),
                           {{"count", lit(Value::u64(20))}, {"sequential", lit(Value::boolean(true))}})
                    .instance("tick", treatment("tick"), {}, {}, {{"ticker", "ticker"}})
                    .instance("stream", treatment("stream"), {}, {u64()})
                    .instance("t", treatment("trigger"), {}, {u64()})
                    .instance("l", treatment("live_counted"))
                    .instance("c", treatment("collect"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .connect("tick.value", "stream.block")
                    .connect("stream.stream", "t.stream")
                    .connect("t.end", "l.trigger")
                    .connect("stream.stream", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    const auto between = as_u64s(sink().get("live_instances_between_tracks"));
    REQUIRE(between.size() == 20);
    for (std::uint64_t n : between)
        CHECK(n == 0);
    CHECK(LiveCounter::count() == 0);
    CHECK(o.stats_after.tracks_created == 20);
    CHECK(o.stats_after.live_tracks == 0);
}

TEST_CASE("a missing argument or a wrong-typed one fails genesis")
{
    auto main = Design("main").param("n", u64()).build();
    CHECK(run_program(main).code == 1);
    CHECK(run_program(main, {{"n", Value::string("x")}}).code == 1);
    CHECK(run_program(main, {{"n", Value::u64(1)}}).code == 0);
    CHECK(run_program(main, {{"n", Value::u64(1)}, {"m", Value::u64(1)}}).code == 1);
}

TEST_CASE("the world stops on request: sources stop, tracks end, code 128 + signal")
{
    sink().reset();
    auto main = Design("main").model("server", model("Server")).build();
    World world(test_options());
    REQUIRE(world.genesis(*main, {}));
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        world.request_stop(2);
    });
    const int code = world.live();
    stopper.join();
    CHECK(code == 130);
    CHECK(sink().counter("server_stopped") == 1);
}

TEST_CASE("work that ignores a stop request is cancelled after the grace period")
{
    auto main = Design("main").model("stubborn", model("Stubborn")).build();
    RunOptions options = test_options();
    options.stop_grace = std::chrono::milliseconds(100);
    World world(options);
    REQUIRE(world.genesis(*main, {}));
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        world.request_stop(15);
    });
    const auto start = std::chrono::steady_clock::now();
    const int code = world.live();
    stopper.join();
    CHECK(code == 143);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("a stop interrupts the registered commands, then kills those still running after kill_grace")
{
    auto main = Design("main").model("stubborn", model("Stubborn")).build();
    RunOptions options = test_options();
    options.stop_grace = std::chrono::milliseconds(400);
    options.kill_grace = std::chrono::milliseconds(100);
    std::vector<std::string> messages;
    std::mutex messages_mutex;
    options.log_observer = [&](const LogRecord& r) {
        std::lock_guard lock(messages_mutex);
        messages.push_back(r.message);
    };
    std::mutex calls_mutex;
    std::vector<std::pair<StopLevel, std::chrono::steady_clock::time_point>> calls;
    int signal_seen = -1;
    World world(options);
    REQUIRE(world.genesis(*main, {}));
    StopHook hook = world.on_stop("sleep 60", [&](StopLevel level, int signal) {
        std::lock_guard lock(calls_mutex);
        calls.emplace_back(level, std::chrono::steady_clock::now());
        if (level == StopLevel::Interrupt)
            signal_seen = signal;
    });
    std::chrono::steady_clock::time_point asked;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        asked = std::chrono::steady_clock::now();
        world.request_stop(2);
    });
    const int code = world.live();
    stopper.join();
    hook.reset();
    CHECK(code == 130);
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].first == StopLevel::Interrupt);
    CHECK(signal_seen == 2);
    CHECK(calls[0].second - asked < std::chrono::milliseconds(50));
    CHECK(calls[1].first == StopLevel::Kill);
    CHECK(calls[1].second - asked >= std::chrono::milliseconds(100));
    CHECK(std::find(messages.begin(), messages.end(), "stopping: waiting for 1 command (sleep 60) to end") !=
          messages.end());
    CHECK(std::find(messages.begin(), messages.end(),
                    "stopping: 1 command (sleep 60) still running 100 ms after the interrupt: killed") !=
          messages.end());
}

TEST_CASE("a second stop signal kills the registered commands and ends the run at once")
{
    auto main = Design("main").model("stubborn", model("Stubborn")).build();
    RunOptions options = test_options();
    options.stop_grace = std::chrono::seconds(20);
    options.kill_grace = std::chrono::seconds(10);
    std::atomic<bool> killed{false};
    World world(options);
    REQUIRE(world.genesis(*main, {}));
    StopHook hook = world.on_stop("stubborn", [&](StopLevel level, int) {
        if (level == StopLevel::Kill)
            killed = true;
    });
    std::chrono::steady_clock::time_point second;
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        world.request_stop(2);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        second = std::chrono::steady_clock::now();
        world.request_stop(2);
    });
    const int code = world.live();
    const auto ended = std::chrono::steady_clock::now();
    stopper.join();
    hook.reset();
    CHECK(code == 130);
    CHECK(killed);
    CHECK(ended - second < std::chrono::milliseconds(500));
}

TEST_CASE("a stop asked by the program (no signal) does not end at a second request")
{
    auto main = Design("main").model("stubborn", model("Stubborn")).build();
    RunOptions options = test_options();
    options.stop_grace = std::chrono::milliseconds(300);
    World world(options);
    REQUIRE(world.genesis(*main, {}));
    std::thread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        world.request_stop();
        world.request_stop();
    });
    const auto start = std::chrono::steady_clock::now();
    const int code = world.live();
    stopper.join();
    CHECK(code == 0);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
}
