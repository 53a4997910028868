// Treatments of std/conv (std.md §2.4), run through the engine.

#include <doctest/doctest.h>

#include <limits>

#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {

std::string hex(const Value& bytes)
{
    std::string out;
    for (const Value& b : bytes.as_vec()) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x", b.as_byte());
        out += buf;
    }
    return out;
}

/// toBytes of one value of `type`: its bytes in hex.
std::string to_bytes(Type type, Value v)
{
    Program p;
    p.values("v", type, {std::move(v)})
        .add("c", "std/conv::toBytes", {type})
        .connect("v.out", "c.value")
        .collect("c.data", "out", Type::vec(t_byte()));
    run_ok(p);
    const auto out = got("out");
    REQUIRE(out.size() == 1);
    return hex(out[0]);
}

} // namespace

TEST_CASE("toBytes: u128 875 is 16 big-endian bytes")
{
    CHECK(to_bytes(t_u128(), Value::u128(875)) == "0000000000000000000000000000036b");
}

TEST_CASE("toBytes: every type at its width")
{
    CHECK(to_bytes(core(CoreType::I8), Value::i8(-2)) == "fe");
    CHECK(to_bytes(core(CoreType::I16), Value::i16(-2)) == "fffe");
    CHECK(to_bytes(t_i32(), Value::i32(0x01020304)) == "01020304");
    CHECK(to_bytes(core(CoreType::I64), Value::i64(-1)) == "ffffffffffffffff");
    CHECK(to_bytes(core(CoreType::I128), Value::i128(-1)) == "ffffffffffffffffffffffffffffffff");
    CHECK(to_bytes(core(CoreType::U8), Value::u8(7)) == "07");
    CHECK(to_bytes(core(CoreType::U16), Value::u16(258)) == "0102");
    CHECK(to_bytes(core(CoreType::U32), Value::u32(1)) == "00000001");
    CHECK(to_bytes(t_u64(), Value::u64(256)) == "0000000000000100");
    CHECK(to_bytes(core(CoreType::F32), Value::f32(1.0f)) == "3f800000");
    CHECK(to_bytes(core(CoreType::F64), Value::f64(-2.0)) == "c000000000000000");
    CHECK(to_bytes(t_bool(), Value::boolean(true)) == "01");
    CHECK(to_bytes(t_bool(), Value::boolean(false)) == "00");
    CHECK(to_bytes(t_byte(), Value::byte(0xab)) == "ab");
    CHECK(to_bytes(core(CoreType::Char), Value::character(U'é')) == "c3a9");
    CHECK(to_bytes(t_string(), Value::string("hé")) == "68c3a9");
    CHECK(to_bytes(t_void(), Value()) == "");
    CHECK(to_bytes(Type::option(t_u64()), Value::some(Value::u64(1))) == "0000000000000001");
    CHECK(to_bytes(Type::option(t_u64()), Value::none()) == "");
}

TEST_CASE("toBytes: a vector gives its elements' bytes one after the other (fix of std.md §3.5)")
{
    CHECK(to_bytes(Type::vec(core(CoreType::U16)), Value::vec({Value::u16(1), Value::u16(2)})) == "00010002");
    CHECK(to_bytes(Type::vec(t_u64()), Value::vec({})) == "");
}

TEST_CASE("toString and tryToString: the ToString form of each value")
{
    Program p;
    p.values("n", core(CoreType::F64), {Value::f64(1.0), Value::f64(0.1), Value::f64(1e21), Value::f64(-0.0)})
        .values("b", t_byte(), {Value::byte(0x0a)})
        .add("s", "std/conv::toString", {core(CoreType::F64)})
        .add("sb", "std/conv::toString", {t_byte()})
        .add("t", "std/conv::tryToString", {core(CoreType::F64)})
        .connect("n.out", "s.value")
        .connect("n.out", "t.value")
        .connect("b.out", "sb.value")
        .collect("s.into", "s", t_string())
        .collect("sb.into", "sb", t_string())
        .collect("t.into", "t", Type::option(t_string()));
    run_ok(p);
    CHECK(got("s") == strings({"1", "0.1", "1000000000000000000000", "-0"}));
    CHECK(got("sb") == strings({"0a"}));
    CHECK(got("t") == std::vector<Value>{Value::some(Value::string("1")), Value::some(Value::string("0.1")),
                                         Value::some(Value::string("1000000000000000000000")),
                                         Value::some(Value::string("-0"))});
}

TEST_CASE("saturatingToI64: clamps to the bounds, truncates floats, NaN gives 0")
{
    const auto max = std::numeric_limits<std::int64_t>::max();
    const auto min = std::numeric_limits<std::int64_t>::min();
    auto run_one = [](Type type, std::vector<Value> values) {
        Program p;
        p.values("v", type, std::move(values))
            .add("c", "std/conv::saturatingToI64", {type})
            .connect("v.out", "c.value")
            .collect("c.into", "out", core(CoreType::I64));
        run_ok(p);
        std::vector<std::int64_t> out;
        for (const Value& v : got("out"))
            out.push_back(v.as_i64());
        return out;
    };
    CHECK(run_one(core(CoreType::F64), {Value::f64(1e300), Value::f64(-1e300), Value::f64(-2.9), Value::f64(2.9),
                                        Value::f64(std::numeric_limits<double>::quiet_NaN())}) ==
          std::vector<std::int64_t>{max, min, -2, 2, 0});
    CHECK(run_one(core(CoreType::F32), {Value::f32(std::numeric_limits<float>::infinity())}) ==
          std::vector<std::int64_t>{max});
    CHECK(run_one(t_u64(), {Value::u64(std::numeric_limits<std::uint64_t>::max()), Value::u64(5)}) ==
          std::vector<std::int64_t>{max, 5});
    CHECK(run_one(core(CoreType::I128), {Value::i128(-(i128(1) << 100)), Value::i128(-7)}) ==
          std::vector<std::int64_t>{min, -7});
    CHECK(run_one(t_u128(), {Value::u128(u128(1) << 64)}) == std::vector<std::int64_t>{max});
    CHECK(run_one(core(CoreType::I8), {Value::i8(-128)}) == std::vector<std::int64_t>{-128});
}
