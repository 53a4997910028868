// Treatments of std/ops, std/ops/num, std/ops/option and std/ops/option/block (std.md §2.5, §2.6, §2.9,
// §2.10), run through the engine.

#include <doctest/doctest.h>

#include <limits>

#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {

std::vector<Value> bools(std::initializer_list<bool> xs)
{
    std::vector<Value> out;
    for (bool b : xs)
        out.push_back(Value::boolean(b));
    return out;
}

} // namespace

TEST_CASE("equal: pairwise, stops at the shorter stream")
{
    Program p;
    p.values("a", t_u64(), u64s({1, 2, 3, 4}), 3, 1)
        .values("b", t_u64(), u64s({1, 5, 3}), 1, 1)
        .add("e", "std/ops::equal", {t_u64()})
        .connect("a.out", "e.a")
        .connect("b.out", "e.b")
        .collect("e.result", "out", t_bool());
    run_ok(p);
    CHECK(got("out") == bools({true, false, true}));
}

TEST_CASE("equal: floats compare as IEEE (NaN is equal to nothing)")
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Program p;
    p.values("a", core(CoreType::F64), {Value::f64(nan), Value::f64(0.0)})
        .values("b", core(CoreType::F64), {Value::f64(nan), Value::f64(-0.0)})
        .add("e", "std/ops::equal", {core(CoreType::F64)})
        .connect("a.out", "e.a")
        .connect("b.out", "e.b")
        .collect("e.result", "out", t_bool());
    run_ok(p);
    CHECK(got("out") == bools({false, true}));
}

TEST_CASE("isPositive: integers > 0, floats by their sign bit")
{
    Program p;
    p.values("i", t_i32(), {Value::i32(-1), Value::i32(0), Value::i32(3)})
        .values("f", core(CoreType::F64),
                {Value::f64(0.0), Value::f64(-0.0), Value::f64(-std::numeric_limits<double>::infinity()),
                 Value::f64(std::numeric_limits<double>::quiet_NaN())})
        .add("pi", "std/ops/num::isPositive", {t_i32()})
        .add("pf", "std/ops/num::isPositive", {core(CoreType::F64)})
        .connect("i.out", "pi.value")
        .connect("f.out", "pf.value")
        .collect("pi.positive", "ints", t_bool())
        .collect("pf.positive", "floats", t_bool());
    run_ok(p);
    CHECK(got("ints") == bools({false, false, true}));
    CHECK(got("floats") == bools({true, false, false, true}));
}

TEST_CASE("option streams: unwrap drops nones, unwrapOr replaces them")
{
    Program p;
    p.values("o", Type::option(t_u64()), {Value::some(Value::u64(1)), Value::none(), Value::some(Value::u64(3))})
        .add("u", "std/ops/option::unwrap", {t_u64()})
        .add("uo", "std/ops/option::unwrapOr", {t_u64()}, {{"default", lit(Value::u64(0))}})
        .connect("o.out", "u.option")
        .connect("o.out", "uo.option")
        .collect("u.value", "unwrap", t_u64())
        .collect("uo.value", "unwrapOr", t_u64());
    run_ok(p);
    CHECK(got("unwrap") == u64s({1, 3}));
    CHECK(got("unwrapOr") == u64s({1, 0, 3}));
}

TEST_CASE("option streams: fuse stops at the first none, wrap wraps every value")
{
    Program p;
    p.values("o", Type::option(t_u64()),
             {Value::some(Value::u64(1)), Value::some(Value::u64(2)), Value::none(), Value::some(Value::u64(4))}, 1, 1)
        .values("v", t_u64(), {Value::u64(7), Value::u64(8)})
        .add("f", "std/ops/option::fuse", {t_u64()})
        .add("w", "std/ops/option::wrap", {t_u64()})
        .connect("o.out", "f.option")
        .connect("v.out", "w.value")
        .collect("f.value", "fuse", t_u64())
        .collect("w.option", "wrap", Type::option(t_u64()));
    run_ok(p);
    CHECK(got("fuse") == u64s({1, 2}));
    CHECK(got("wrap") == std::vector<Value>{Value::some(Value::u64(7)), Value::some(Value::u64(8))});
}

TEST_CASE("option blocks: unwrap, unwrapOr, wrap")
{
    Program p;
    p.block("some", Type::option(t_string()), Value::some(Value::string("x")))
        .block("none", Type::option(t_string()), Value::none())
        .block("plain", t_string(), Value::string("y"))
        .add("u1", "std/ops/option/block::unwrap", {t_string()})
        .add("u2", "std/ops/option/block::unwrap", {t_string()})
        .add("o1", "std/ops/option/block::unwrapOr", {t_string()}, {{"default", lit(Value::string("d"))}})
        .add("o2", "std/ops/option/block::unwrapOr", {t_string()}, {{"default", lit(Value::string("d"))}})
        .add("w", "std/ops/option/block::wrap", {t_string()})
        .connect("some.emit", "u1.option")
        .connect("none.emit", "u2.option")
        .connect("some.emit", "o1.option")
        .connect("none.emit", "o2.option")
        .connect("plain.emit", "w.value")
        .collect_block("u1.value", "u1", t_string())
        .collect_block("u2.value", "u2", t_string())
        .collect_block("o1.value", "o1", t_string())
        .collect_block("o2.value", "o2", t_string())
        .collect_block("w.option", "w", Type::option(t_string()));
    run_ok(p);
    CHECK(got("u1") == strings({"x"}));
    CHECK(got("u2").empty());
    CHECK(ends("u2") == 1);
    CHECK(got("o1") == strings({"x"}));
    CHECK(got("o2") == strings({"d"}));
    CHECK(got("w") == std::vector<Value>{Value::some(Value::string("y"))});
}

TEST_CASE("option blocks: map splits, reduce joins back (the optional-map idiom)")
{
    Program p;
    p.block("some", Type::option(t_u64()), Value::some(Value::u64(4)))
        .block("none", Type::option(t_u64()), Value::none())
        .add("m1", "std/ops/option/block::map", {t_u64()})
        .add("m2", "std/ops/option/block::map", {t_u64()})
        .add("r1", "std/ops/option/block::reduce", {t_u64()})
        .add("r2", "std/ops/option/block::reduce", {t_u64()})
        .connect("some.emit", "m1.option")
        .connect("none.emit", "m2.option")
        .connect("m1.value", "r1.value")
        .connect("m1.none", "r1.none")
        .connect("m2.value", "r2.value")
        .connect("m2.none", "r2.none")
        .collect_block("m1.value", "m1_value", t_u64())
        .collect_block("m1.none", "m1_none", t_void())
        .collect_block("m2.value", "m2_value", t_u64())
        .collect_block("m2.none", "m2_none", t_void())
        .collect_block("r1.option", "r1", Type::option(t_u64()))
        .collect_block("r2.option", "r2", Type::option(t_u64()));
    run_ok(p);
    CHECK(got("m1_value") == u64s({4}));
    CHECK(got("m1_none").empty());
    CHECK(got("m2_value").empty());
    CHECK(got("m2_none") == std::vector<Value>{Value()});
    CHECK(got("r1") == std::vector<Value>{Value::some(Value::u64(4))});
    CHECK(got("r2") == std::vector<Value>{Value::none()});
}

TEST_CASE("option blocks: reduce sends nothing when both close empty")
{
    Program p;
    p.empty_block("v", t_u64())
        .empty_block("n", t_void())
        .add("r", "std/ops/option/block::reduce", {t_u64()})
        .connect("v.closed", "r.value")
        .connect("n.closed", "r.none")
        .collect_block("r.option", "r", Type::option(t_u64()));
    run_ok(p);
    CHECK(got("r").empty());
    CHECK(ends("r") == 1);
}

TEST_CASE("add: pairwise over typed batches, ends with the shorter stream")
{
    Program p;
    p.values("a", t_u64(), u64s({1, 2, 3, 4, 5}), 2, 1)
        .values("b", t_u64(), u64s({10, 20, 30, ~0ull}), 3, 1)
        .add("s", "std/ops/num::add", {t_u64()})
        .connect("a.out", "s.a")
        .connect("b.out", "s.b")
        .collect("s.sum", "out", t_u64());
    run_ok(p);
    CHECK(got("out") == u64s({11, 22, 33, 3}));
    CHECK(ends("out") == 1);
}

TEST_CASE("add: the same stream fanned out to both inputs doubles it")
{
    Program p;
    p.values("a", t_u64(), u64s({0, 1, 2, 3}), 3, 1)
        .add("s", "std/ops/num::add", {t_u64()})
        .connect("a.out", "s.a")
        .connect("a.out", "s.b")
        .collect("s.sum", "out", t_u64());
    run_ok(p);
    CHECK(got("out") == u64s({0, 2, 4, 6}));
}

TEST_CASE("checkedSub, euclidRem, pow and abs streams")
{
    Program p;
    p.values("a", t_i32(), {Value::i32(-7), Value::i32(5), Value::i32(std::numeric_limits<std::int32_t>::min())})
        .values("b", t_i32(), {Value::i32(2), Value::i32(0), Value::i32(1)})
        .add("cs", "std/ops/num::checkedSub", {t_i32()})
        .add("er", "std/ops/num::euclidRem", {t_i32()})
        .add("pw", "std/ops/num::pow", {t_i32()}, {{"exp", lit(Value::u32(2))}})
        .add("ab", "std/ops/num::abs", {t_i32()})
        .connect("a.out", "cs.a")
        .connect("b.out", "cs.b")
        .connect("a.out", "er.a")
        .connect("b.out", "er.b")
        .connect("a.out", "pw.value")
        .connect("a.out", "ab.value")
        .collect("cs.diff", "diff", Type::option(t_i32()))
        .collect("er.rem", "rem", t_i32())
        .collect("pw.pow", "pow", t_i32())
        .collect("ab.abs", "abs", Type::option(t_i32()));
    run_ok(p);
    CHECK(got("diff") == std::vector<Value>{Value::some(Value::i32(-9)), Value::some(Value::i32(5)), Value::none()});
    CHECK(got("rem") == std::vector<Value>{Value::i32(1), Value::i32(0), Value::i32(0)});
    CHECK(got("pow") == std::vector<Value>{Value::i32(49), Value::i32(25), Value::i32(0)});
    CHECK(got("abs") == std::vector<Value>{Value::some(Value::i32(7)), Value::some(Value::i32(5)), Value::none()});
}

TEST_CASE("add: empty inputs give an empty, closed output")
{
    Program p;
    p.values("a", t_u64(), {})
        .values("b", t_u64(), u64s({1}))
        .add("s", "std/ops/num::add", {t_u64()})
        .connect("a.out", "s.a")
        .connect("b.out", "s.b")
        .collect("s.sum", "out", t_u64());
    run_ok(p);
    CHECK(got("out").empty());
    CHECK(ends("out") == 1);
}

TEST_CASE("div: MIN / -1 fails the treatment (the reference panics)")
{
    Program p;
    p.values("a", core(CoreType::I8), {Value::i8(-128)})
        .values("b", core(CoreType::I8), {Value::i8(-1)})
        .add("d", "std/ops/num::div", {core(CoreType::I8)})
        .connect("a.out", "d.a")
        .connect("b.out", "d.b")
        .collect("d.quot", "out", core(CoreType::I8));
    const auto outcome = p.run();
    CHECK(outcome.code == 3);
    CHECK(got("out").empty());
}

TEST_CASE("comparison functions: numbers, floats with NaN, strings by bytes, bool, char")
{
    using mel::stdlib::testing::call;
    auto op = [](std::string_view f, Value a, Value b) {
        return mel::stdlib::testing::call_ok(std::string("std/ops::|") + std::string(f), {std::move(a), std::move(b)});
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(op("gt", Value::i128(-1), Value::i128(-2)) == Value::boolean(true));
    CHECK(op("lt", Value::u8(1), Value::u8(1)) == Value::boolean(false));
    CHECK(op("le", Value::u8(1), Value::u8(1)) == Value::boolean(true));
    CHECK(op("ge", Value::f64(nan), Value::f64(1)) == Value::boolean(false));
    CHECK(op("lt", Value::f64(nan), Value::f64(1)) == Value::boolean(false));
    CHECK(op("not_equal", Value::f64(nan), Value::f64(nan)) == Value::boolean(true));
    CHECK(op("equal", Value::f64(-0.0), Value::f64(0.0)) == Value::boolean(true));
    CHECK(op("lt", Value::string("B"), Value::string("a")) == Value::boolean(true));
    CHECK(op("lt", Value::string("a"), Value::string("é")) == Value::boolean(true));
    CHECK(op("gt", Value::boolean(true), Value::boolean(false)) == Value::boolean(true));
    CHECK(op("lt", Value::character(U'z'), Value::character(U'é')) == Value::boolean(true));
    CHECK(op("min", Value::f64(nan), Value::f64(2)) == Value::f64(2));
    CHECK(op("max", Value::f64(3), Value::f64(nan)) == Value::f64(3));
    CHECK(op("min", Value::i8(-3), Value::i8(2)) == Value::i8(-3));
    CHECK(op("max", Value::string("abc"), Value::string("abd")) == Value::string("abd"));
    CHECK(mel::stdlib::testing::call_ok("std/ops::|condition", {Value::boolean(false), Value::u8(1), Value::u8(2)}) ==
          Value::u8(2));
    CHECK(mel::stdlib::testing::call_ok("std/ops::|clamp", {Value::i32(9), Value::i32(0), Value::i32(5)}) ==
          Value::i32(5));
    CHECK_FALSE(call("std/ops::|clamp", {Value::i32(1), Value::i32(5), Value::i32(0)}).ok());
    CHECK_FALSE(call("std/ops::|clamp", {Value::f64(1), Value::f64(nan), Value::f64(2)}).ok());
}

TEST_CASE("comparison treatments: pairwise, typed outputs; clamp with its parameters")
{
    Program p;
    p.values("a", t_i32(), {Value::i32(1), Value::i32(5), Value::i32(-4)}, 2, 1)
        .values("b", t_i32(), {Value::i32(2), Value::i32(5)})
        .add("gt", "std/ops::greaterThan", {t_i32()})
        .add("mx", "std/ops::max", {t_i32()})
        .add("cl", "std/ops::clamp", {t_i32()}, {{"min", lit(Value::i32(0))}, {"max", lit(Value::i32(3))}})
        .connect("a.out", "gt.a")
        .connect("b.out", "gt.b")
        .connect("a.out", "mx.a")
        .connect("b.out", "mx.b")
        .connect("a.out", "cl.value")
        .collect("gt.is", "gt", t_bool())
        .collect("mx.max", "max", t_i32())
        .collect("cl.clamped", "clamped", t_i32());
    run_ok(p);
    CHECK(got("gt") == bools({false, false}));
    CHECK(got("max") == std::vector<Value>{Value::i32(2), Value::i32(5)});
    CHECK(got("clamped") == std::vector<Value>{Value::i32(1), Value::i32(3), Value::i32(0)});
}

TEST_CASE("bin treatments: and, xor (output named or), not")
{
    Program p;
    p.values("a", t_bool(), bools({true, true, false}))
        .values("b", t_bool(), bools({true, false, false}))
        .add("and", "std/ops/bin::and", {t_bool()})
        .add("xor", "std/ops/bin::xor", {t_bool()})
        .add("not", "std/ops/bin::not", {t_bool()})
        .connect("a.out", "and.a")
        .connect("b.out", "and.b")
        .connect("a.out", "xor.a")
        .connect("b.out", "xor.b")
        .connect("a.out", "not.value")
        .collect("and.and", "and", t_bool())
        .collect("xor.or", "xor", t_bool())
        .collect("not.not", "not", t_bool());
    run_ok(p);
    CHECK(got("and") == bools({true, false, false}));
    CHECK(got("xor") == bools({false, true, false}));
    CHECK(got("not") == bools({false, false, true}));
}

TEST_CASE("ops/vec: contains and concat, functions, streams and blocks")
{
    using mel::stdlib::testing::call_ok;
    const Value v12 = Value::vec({Value::u64(1), Value::u64(2)});
    CHECK(call_ok("std/ops/vec::|contains", {v12, Value::u64(2)}) == Value::boolean(true));
    CHECK(call_ok("std/ops/vec::|contains", {Value::vec({}), Value::u64(2)}) == Value::boolean(false));
    CHECK(call_ok("std/ops/vec::|concat", {v12, Value::vec({Value::u64(3)})}) ==
          Value::vec({Value::u64(1), Value::u64(2), Value::u64(3)}));

    Program p;
    const Type vu = Type::vec(t_u64());
    p.values("v", vu, {v12, Value::vec({})})
        .values("x", t_u64(), u64s({2, 2}))
        .block("bv", vu, v12)
        .block("bx", t_u64(), Value::u64(5))
        .add("c", "std/ops/vec::contains", {t_u64()})
        .add("cat", "std/ops/vec::concat", {t_u64()})
        .add("bc", "std/ops/vec/block::contains", {t_u64()})
        .connect("x.out", "c.value")
        .connect("v.out", "c.vec")
        .connect("v.out", "cat.first")
        .connect("v.out", "cat.second")
        .connect("bx.emit", "bc.value")
        .connect("bv.emit", "bc.vec")
        .collect("c.contains", "contains", t_bool())
        .collect("cat.concatened", "cat", vu)
        .collect_block("bc.contains", "block", t_bool());
    run_ok(p);
    CHECK(got("contains") == bools({true, false}));
    CHECK(got("cat") == std::vector<Value>{Value::vec({Value::u64(1), Value::u64(2), Value::u64(1), Value::u64(2)}),
                                           Value::vec({})});
    CHECK(got("block") == bools({false}));
}
