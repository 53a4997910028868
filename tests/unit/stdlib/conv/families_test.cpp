// std/conv's to/tryTo/saturatingTo families (std.md §1 conversion rules, §2.4, quirk §3.10).

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "runtime/model/int128.h"
#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {
Value conv(std::string_view f, Value v) { return call_ok(std::string("std/conv::|") + std::string(f), {std::move(v)}); }
Value some(Value v) { return Value::some(std::move(v)); }
const double inf = std::numeric_limits<double>::infinity();
} // namespace

TEST_CASE("infallible: widening integers, floats by a plain cast, bool, byte, char")
{
    CHECK(conv("to_i64", Value::i8(-5)) == Value::i64(-5));
    CHECK(conv("to_i16", Value::u8(200)) == Value::i16(200));
    CHECK(conv("to_u128", Value::u64(~0ull)) == Value::u128(~0ull));
    CHECK(conv("to_u8", Value::byte(0xfe)) == Value::u8(254));
    CHECK(conv("to_f32", Value::u64(16777217)) == Value::f32(16777216.0f));
    CHECK(conv("to_f64", Value::i128(limits<i128>::min())) == Value::f64(-std::ldexp(1.0, 127)));
    CHECK(conv("to_bool", Value::i32(-3)) == Value::boolean(true));
    CHECK(conv("to_bool", Value::byte(0)) == Value::boolean(false));
    CHECK(conv("to_byte", Value::boolean(true)) == Value::byte(1));
    CHECK(conv("to_byte", Value::u8(7)) == Value::byte(7));
    CHECK(conv("to_char", Value::character(U'é')) == Value::character(U'é'));
}

TEST_CASE("fallible from integers: exact range checks")
{
    CHECK(conv("try_to_i8", Value::i32(127)) == some(Value::i8(127)));
    CHECK(conv("try_to_i8", Value::i32(128)) == Value::none());
    CHECK(conv("try_to_i8", Value::i32(-129)) == Value::none());
    CHECK(conv("try_to_u8", Value::i8(-1)) == Value::none());
    CHECK(conv("try_to_u64", Value::i128(-1)) == Value::none());
    CHECK(conv("try_to_i128", Value::u128(limits<u128>::max())) == Value::none());
    CHECK(conv("try_to_u128", Value::i128(limits<i128>::max())) == some(Value::u128(static_cast<u128>(limits<i128>::max()))));
    CHECK(conv("try_to_f32", Value::f64(1e300)) == some(Value::f32(std::numeric_limits<float>::infinity())));
    CHECK(conv("try_to_bool", Value::u16(0)) == some(Value::boolean(false)));
}

TEST_CASE("fallible from floats: NaN, infinities, truncation, and the power-of-two quirk")
{
    CHECK(conv("try_to_i8", Value::f64(126.9)) == some(Value::i8(126)));
    CHECK(conv("try_to_i8", Value::f64(-128.9)) == Value::none()); // below -128 as a float
    CHECK(conv("try_to_i8", Value::f64(127.5)) == Value::none());
    CHECK(conv("try_to_u8", Value::f64(-0.5)) == Value::none());
    CHECK(conv("try_to_i32", Value::f64(std::nan(""))) == Value::none());
    CHECK(conv("try_to_i32", Value::f64(-inf)) == Value::none());
    // i64::MAX as an f64 is 2^63: exactly 2^63 passes the float comparison and gives Some(MAX).
    CHECK(conv("try_to_i64", Value::f64(std::ldexp(1.0, 63))) == some(Value::i64(limits<std::int64_t>::max())));
    CHECK(conv("try_to_i64", Value::f64(std::ldexp(1.0, 64))) == Value::none());
    CHECK(conv("try_to_i32", Value::f32(std::ldexp(1.0f, 31))) == some(Value::i32(limits<std::int32_t>::max())));
    CHECK(conv("try_to_u128", Value::f32(std::numeric_limits<float>::max())) ==
          some(Value::u128(static_cast<u128>(std::numeric_limits<float>::max()))));
}

TEST_CASE("saturating: clamp, NaN gives 0, floats by a plain cast")
{
    CHECK(conv("saturating_to_i8", Value::i32(1000)) == Value::i8(127));
    CHECK(conv("saturating_to_i8", Value::i32(-1000)) == Value::i8(-128));
    CHECK(conv("saturating_to_u8", Value::i64(-1)) == Value::u8(0));
    CHECK(conv("saturating_to_u32", Value::f64(inf)) == Value::u32(limits<std::uint32_t>::max()));
    CHECK(conv("saturating_to_i64", Value::f64(-inf)) == Value::i64(limits<std::int64_t>::min()));
    CHECK(conv("saturating_to_i16", Value::f64(std::nan(""))) == Value::i16(0));
    CHECK(conv("saturating_to_i16", Value::f64(-12.7)) == Value::i16(-12));
    CHECK(conv("saturating_to_u128", Value::i8(-3)) == Value::u128(0));
    CHECK(conv("saturating_to_f32", Value::f64(1e300)) == Value::f32(std::numeric_limits<float>::infinity()));
}

TEST_CASE("to_void, to_bytes, try_to_string")
{
    CHECK(conv("to_void", Value::u8(3)) == Value());
    CHECK(conv("to_bytes", Value::u16(0x1234)) == Value::vec({Value::byte(0x12), Value::byte(0x34)}));
    CHECK(conv("try_to_string", Value::f64(0.1)) == some(Value::string("0.1")));
}

TEST_CASE("conversion treatments: typed outputs, options, voids")
{
    Program p;
    p.values("x", core(CoreType::F64), {Value::f64(1.9), Value::f64(300), Value::f64(std::nan(""))}, 2, 1)
        .add("t", "std/conv::tryToU8", {core(CoreType::F64)})
        .add("s", "std/conv::saturatingToU8", {core(CoreType::F64)})
        .add("v", "std/conv::toVoid", {core(CoreType::F64)})
        .connect("x.out", "t.value")
        .connect("x.out", "s.value")
        .connect("x.out", "v.value")
        .collect("t.into", "try", Type::option(core(CoreType::U8)))
        .collect("s.into", "sat", core(CoreType::U8))
        .collect("v.iter", "void", t_void());
    run_ok(p);
    CHECK(got("try") == std::vector<Value>{some(Value::u8(1)), Value::none(), Value::none()});
    CHECK(got("sat") == std::vector<Value>{Value::u8(1), Value::u8(255), Value::u8(0)});
    CHECK(got("void").size() == 3);
    CHECK(ends("sat") == 1);
}
