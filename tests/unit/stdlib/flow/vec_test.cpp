// Bodies of std/flow/vec (std.md §2.2), run through the engine.

#include <doctest/doctest.h>

#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {

Value vec_u64(std::initializer_list<std::uint64_t> xs) { return Value::vec(u64s(xs)); }
Value voids(std::size_t n) { return Value::vec(std::vector<Value>(n)); }
Type vec_of(Type t) { return Type::vec(std::move(t)); }

} // namespace

TEST_CASE("flatten: every element in order, empty vectors give nothing")
{
    Program p;
    p.values("v", vec_of(t_u64()), {vec_u64({1, 2}), vec_u64({}), vec_u64({3}), vec_u64({4, 5, 6})}, 2, 1)
        .add("f", "std/flow/vec::flatten", {t_u64()})
        .connect("v.out", "f.vector")
        .collect("f.value", "out", t_u64());
    run_ok(p);
    CHECK(got("out") == u64s({1, 2, 3, 4, 5, 6}));
    CHECK(ends("out") == 1);
}

TEST_CASE("flatten: vectors of bytes become one byte stream")
{
    Program p;
    p.values("v", vec_of(t_byte()), {Value::vec(bytes_of("ab")), Value::vec(bytes_of("c"))})
        .add("f", "std/flow/vec::flatten", {t_byte()})
        .connect("v.out", "f.vector")
        .collect("f.value", "out", t_byte());
    run_ok(p);
    CHECK(got("out") == bytes_of("abc"));
}

TEST_CASE("pattern, fill and size")
{
    Program p;
    p.values("v", vec_of(t_u64()), {vec_u64({1, 2}), vec_u64({}), vec_u64({3, 4, 5})})
        .add("pat", "std/flow/vec::pattern", {t_u64()})
        .add("fill", "std/flow/vec::fill", {t_string()}, {{"value", lit(Value::string("x"))}})
        .add("size", "std/flow/vec::size", {t_u64()})
        .connect("v.out", "pat.stream")
        .connect("v.out", "size.vector")
        .connect("pat.pattern", "fill.pattern")
        .collect("pat.pattern", "pattern", vec_of(t_void()))
        .collect("fill.filled", "filled", vec_of(t_string()))
        .collect("size.size", "size", t_u64());
    run_ok(p);
    CHECK(got("pattern") == std::vector<Value>{voids(2), voids(0), voids(3)});
    CHECK(shown(got("filled")) == R"(["x", "x"] [] ["x", "x", "x"])");
    CHECK(got("size") == u64s({2, 0, 3}));
}

TEST_CASE("fit: vectors shaped by the pattern; an incomplete one is dropped")
{
    Program p;
    p.values("v", t_u64(), u64s({1, 2, 3, 4, 5}), 2)
        .values("pattern", vec_of(t_void()), {voids(2), voids(0), voids(2), voids(2)})
        .add("f", "std/flow/vec::fit", {t_u64()})
        .connect("v.out", "f.value")
        .connect("pattern.out", "f.pattern")
        .collect("f.fitted", "out", vec_of(t_u64()));
    run_ok(p);
    CHECK(got("out") == std::vector<Value>{vec_u64({1, 2}), vec_u64({}), vec_u64({3, 4})});
    CHECK(ends("out") == 1);
}

TEST_CASE("resize: cut or padded with the default; stops at the shorter input")
{
    Program p;
    p.values("v", vec_of(t_u64()), {vec_u64({1, 2}), vec_u64({3}), vec_u64({}), vec_u64({4, 5, 6})})
        .values("n", t_u64(), u64s({3, 1, 2}))
        .add("r", "std/flow/vec::resize", {t_u64()}, {{"default", lit(Value::u64(0))}})
        .connect("v.out", "r.vector")
        .connect("n.out", "r.size")
        .collect("r.resized", "out", vec_of(t_u64()));
    run_ok(p);
    CHECK(got("out") == std::vector<Value>{vec_u64({1, 2, 0}), vec_u64({3}), vec_u64({0, 0})});
}
