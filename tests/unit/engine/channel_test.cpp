// Transmission details a native treatment relies on (engine.md §3, §9).

#include <doctest/doctest.h>

#include <numeric>

#include "tests/unit/engine/fixtures.h"

using namespace fixtures;

namespace {
std::shared_ptr<const TreatmentDescriptor> gen_into(std::shared_ptr<const TreatmentDescriptor> consumer,
                                                    std::uint64_t count, std::uint64_t batch,
                                                    std::map<std::string, ValueExpr> params = {})
{
    return Design("main")
        .instance("startup", startup())
        .instance("gen", treatment("generate"), {{"count", lit(Value::u64(count))}, {"batch", lit(Value::u64(batch))}})
        .instance("c", std::move(consumer), std::move(params))
        .connect("startup.trigger", "gen.trigger")
        .connect("gen.out", "c.in")
        .build();
}
} // namespace

TEST_CASE("mixing recv_one and recv_many keeps the order through a partly read batch")
{
    sink().reset();
    Outcome o = run_program(gen_into(treatment("mixed_reader"), 10, 10, {{"name", lit(Value::string("m"))}}));
    CHECK(o.code == 0);
    std::vector<std::uint64_t> expected(10);
    std::iota(expected.begin(), expected.end(), std::uint64_t{0});
    CHECK(as_u64s(sink().get("m")) == expected);
    CHECK(sink().counter("m.rest") == 8); // the one batch of 10, minus the two values read one by one
}

TEST_CASE("an input closed by its own treatment still delivers what was queued")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("gen", treatment("generate"), {{"count", lit(Value::u64(5))}, {"batch", lit(Value::u64(5))}})
                    .instance("t", treatment("trigger"), {}, {u64()})
                    .instance("c", treatment("close_then_read"))
                    .connect("startup.trigger", "gen.trigger")
                    .connect("gen.out", "t.stream")
                    .connect("gen.out", "c.in")
                    .connect("t.end", "c.go")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(as_u64s(sink().get("after_close")) == std::vector<std::uint64_t>{0, 1, 2, 3, 4});
}

TEST_CASE("a Block output may send several values; each arrives")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("e", treatment("emit_twice"))
                    .instance("c", treatment("collect_block"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .connect("startup.trigger", "e.trigger")
                    .connect("e.out", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(as_u64s(sink().get("c")) == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE("buffered stream values are flushed when their producer waits (engine.md §9.1)")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("p", treatment("slow_producer"))
                    .instance("a", treatment("arrival"))
                    .connect("startup.trigger", "p.trigger")
                    .connect("p.out", "a.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    const auto gap = sink().get("gap_ms");
    REQUIRE(gap.size() == 1);
    // The first value arrived when the producer started sleeping, not with the second one.
    CHECK(gap[0].as_u64() >= 200);
}

TEST_CASE("a sub-task's buffered values leave when it ends, not when its siblings do")
{
    sink().reset();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("s", treatment("split_slow"))
                    .instance("ta", treatment("stamp"), {{"name", lit(Value::string("a"))}})
                    .instance("tb", treatment("stamp"), {{"name", lit(Value::string("b"))}})
                    .connect("startup.trigger", "s.trigger")
                    .connect("s.a", "ta.in")
                    .connect("s.b", "tb.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    const auto a = sink().get("a");
    const auto b = sink().get("b");
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    CHECK(b[0].as_u64() >= a[0].as_u64() + 200);
}
