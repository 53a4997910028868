// Genesis and track plans: reachability, memoised instances, per-track parameters, script treatments.

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/unit/engine/fixtures.h"

using namespace fixtures;

namespace {

std::shared_ptr<const TreatmentDescriptor> ticker_main(std::shared_ptr<const TreatmentDescriptor> body,
                                                       std::uint64_t count = 3)
{
    return Design("main")
        .model("ticker", model("Ticker"), {{"count", lit(Value::u64(count))}})
        .instance("tick", treatment("tick"), {}, {}, {{"ticker", "ticker"}})
        .instance("body", std::move(body))
        .connect("tick.value", "body.value")
        .build();
}

std::vector<std::uint64_t> sorted(std::vector<std::uint64_t> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

} // namespace

TEST_CASE("a diamond is built once per track")
{
    sink().reset();
    // startup → a → (b, c) → d (two inputs): d exists once per track and sees both.
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("a", treatment("count_starts"), {{"name", lit(Value::string("a"))}})
                    .instance("b", treatment("count_starts"), {{"name", lit(Value::string("b"))}})
                    .instance("c", treatment("emit"), {{"value", lit(Value::u64(3))}}, {u64()})
                    .instance("d", treatment("pair"))
                    .connect("startup.trigger", "a.trigger")
                    .connect("a.out", "b.trigger")
                    .connect("a.out", "c.trigger")
                    .connect("b.out", "d.a")
                    .connect("c.emit", "d.b")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(sink().counter("a") == 1);
    CHECK(sink().counter("b") == 1);
    CHECK(sink().counter("pair_a") == 1);
    CHECK(sink().counter("pair_b") == 1);
}

TEST_CASE("only treatments reachable from the track's source exist in it")
{
    sink().reset();
    // `x` is fed from the entry's Self input, never fed from the command line: never instantiated.
    auto main = Design("main")
                    .input("go", Flow::Block)
                    .instance("startup", startup())
                    .instance("y", treatment("count_starts"), {{"name", lit(Value::string("y"))}})
                    .instance("x", treatment("count_starts"), {{"name", lit(Value::string("x"))}})
                    .connect("startup.trigger", "y.trigger")
                    .connect("Self.go", "x.trigger")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(sink().counter("y") == 1);
    CHECK(sink().counter("x") == 0);
}

TEST_CASE("an input with no upstream in the track is closed from the start, with a warning")
{
    sink().reset();
    // pair.a comes from startup's track, pair.b from the ticker's: in each track one side is absent.
    auto main = Design("main")
                    .instance("startup", startup())
                    .model("ticker", model("Ticker"), {{"count", lit(Value::u64(1))}})
                    .instance("tick", treatment("tick"), {}, {}, {{"ticker", "ticker"}})
                    .instance("p", treatment("pair"))
                    .connect("startup.trigger", "p.a")
                    .connect("tick.value", "p.b")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(sink().counter("pair_a") == 1);
    CHECK(sink().counter("pair_no_b") == 1);
    CHECK(sink().counter("pair_b") == 1);
    CHECK(sink().counter("pair_no_a") == 1);
    INFO(o.all_logs());
    CHECK(o.logged("input `b` of `main/p` (test/lib::pair) has no upstream in tracks started by "
                   "`main/startup/ready`: it is closed from the start of those tracks"));
}

TEST_CASE("parameters are evaluated per track, once per instance, and visible to every child")
{
    sink().reset();
    // inner(k2 = k): a (root child, from Self) emits k2; b (reached from a's output, not from Self) adds k2.
    // Reference bug §8.4.2: b could not see its host's per-track parameter.
    auto inner = Design("inner")
                     .param("k2", u64())
                     .input("trigger", Flow::Block)
                     .instance("a", treatment("emit"), {{"value", param_ref("k2")}}, {u64()})
                     .instance("s", treatment("stream"), {}, {u64()})
                     .instance("b", treatment("add"), {{"value", param_ref("k2")}})
                     .instance("c", treatment("collect"), {{"name", lit(Value::string("c"))}}, {u64()})
                     .connect("Self.trigger", "a.trigger")
                     .connect("a.emit", "s.block")
                     .connect("s.stream", "b.in")
                     .connect("b.out", "c.in")
                     .build();
    // outer(k = |mul(@Tick[n], 10)) → inner(k2 = k)
    auto outer = Design("outer")
                     .input("value", Flow::Block, u64())
                     .param("k", u64())
                     .instance("void", treatment("stream"), {}, {u64()})
                     .instance("t", treatment("trigger"), {}, {u64()})
                     .instance("inner", inner, {{"k2", param_ref("k")}})
                     .connect("Self.value", "void.block")
                     .connect("void.stream", "t.stream")
                     .connect("t.start", "inner.trigger")
                     .build();
    auto body = Design("body")
                    .input("value", Flow::Block, u64())
                    .instance("outer", outer,
                              {{"k", call(function("mul"), {context_ref(tick_context(), "n"), lit(Value::u64(10))})}})
                    .connect("Self.value", "outer.value")
                    .build();
    Outcome o = run_program(ticker_main(body));
    INFO(o.all_logs());
    CHECK(o.code == 0);
    // per track n: k = 10n; a emits k, b adds k: 20n.
    CHECK(sorted(as_u64s(sink().get("c"))) == std::vector<std::uint64_t>{0, 20, 40});
}

TEST_CASE("a failing function at track creation fails that track, not the program")
{
    sink().reset();
    auto body = Design("body")
                    .input("value", Flow::Block, u64())
                    .param("unused", u64(), Value::u64(0))
                    .instance("s", treatment("stream"), {}, {u64()})
                    .instance("b", treatment("add"), {{"value", call(function("fails"), {})}})
                    .connect("Self.value", "s.block")
                    .connect("s.stream", "b.in")
                    .build();
    Outcome o = run_program(ticker_main(body, 1));
    CHECK(o.code == 1); // constant: evaluated (and refused) at genesis
    CHECK(o.logged("function `test/lib::|fails` failed: no luck"));

    auto per_track = Design("body")
                         .input("value", Flow::Block, u64())
                         .instance("s", treatment("stream"), {}, {u64()})
                         .instance("b", treatment("add"),
                                   {{"value", call(function("mul"), {context_ref(*Identifier::parse("test/lib::@Nope"),
                                                                                 "x"),
                                                                     lit(Value::u64(1))})}})
                         .connect("Self.value", "s.block")
                         .connect("s.stream", "b.in")
                         .build();
    o = run_program(ticker_main(per_track, 2));
    CHECK(o.code == 3);
    INFO(o.all_logs());
    CHECK(o.logged("track 0 from `main/tick` cannot be built: `main/body/b`: parameter `value`: context "
                   "`test/lib::@Nope` is not available in this track"));
}

TEST_CASE("Self to Self passthrough inside nested script treatments")
{
    sink().reset();
    // pass: Self.in -> Self.out (input and output named differently: reference bug §8.4.1).
    auto pass = Design("pass").input("in", Flow::Block).output("out", Flow::Block).connect("Self.in", "Self.out").build();
    auto wrap = Design("wrap")
                    .input("x", Flow::Block)
                    .output("y", Flow::Block)
                    .instance("p", pass)
                    .connect("Self.x", "p.in")
                    .connect("p.out", "Self.y")
                    .build();
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("w", wrap)
                    .instance("emit", treatment("emit"), {{"value", lit(Value::u64(9))}}, {u64()})
                    .instance("c", treatment("collect_block"), {{"name", lit(Value::string("c"))}}, {u64()})
                    .connect("startup.trigger", "w.x")
                    .connect("w.y", "emit.trigger")
                    .connect("emit.emit", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(as_u64s(sink().get("c")) == std::vector<std::uint64_t>{9});
}

TEST_CASE("generics resolve through script treatments; models are passed to slots")
{
    sink().reset();
    // relay<T>(value: T): emit<T>(value) with the host's generic; the Engine model comes through a slot.
    Design relay_d("relay");
    relay_d.slot("engine", model("Engine"))
        .output("trigger", Flow::Block)
        .instance("ready", treatment("ready"), {}, {}, {{"engine", "engine"}})
        .connect("ready.trigger", "Self.trigger");
    auto relay = relay_d.build();
    auto main = Design("main")
                    .model("engine", model("Engine"))
                    .instance("r", relay, {}, {}, {{"engine", "engine"}})
                    .instance("emit", treatment("emit"), {{"value", lit(Value::string("hi"))}},
                              {Type::core(CoreType::String)})
                    .instance("c", treatment("collect_block"), {{"name", lit(Value::string("c"))}},
                              {Type::core(CoreType::String)})
                    .connect("r.trigger", "emit.trigger")
                    .connect("emit.emit", "c.in")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    const auto got = sink().get("c");
    REQUIRE(got.size() == 1);
    CHECK(got[0] == Value::string("hi"));
}

TEST_CASE("every Engine model instance makes its own ready track")
{
    sink().reset();
    auto main = Design("main")
                    .instance("s1", startup())
                    .instance("s2", startup())
                    .instance("a", treatment("count_starts"), {{"name", lit(Value::string("n"))}})
                    .instance("b", treatment("count_starts"), {{"name", lit(Value::string("n"))}})
                    .connect("s1.trigger", "a.trigger")
                    .connect("s2.trigger", "b.trigger")
                    .build();
    Outcome o = run_program(main);
    CHECK(o.code == 0);
    CHECK(sink().counter("n") == 2);
    CHECK(o.stats_after.tracks_created == 2);
}

TEST_CASE("missing implementations are found before running")
{
    auto main = Design("main")
                    .instance("startup", startup())
                    .instance("d", treatment("declared_only"))
                    .instance("e", treatment("add"), {{"value", call(function("missing"), {})}})
                    .model("u", model("Unimplemented"))
                    .instance("n", treatment("nothing"), {}, {}, {{"unimplemented", "u"}})
                    .connect("startup.trigger", "d.trigger")
                    .build();
    const auto missing = missing_implementations(*main);
    std::vector<std::string> names;
    for (const Identifier& id : missing)
        names.push_back(id.to_string());
    CHECK(names == std::vector<std::string>{"test/lib::Unimplemented", "test/lib::declared_only", "test/lib::|missing"});
    CHECK(missing_implementations(*startup()).empty());
}
