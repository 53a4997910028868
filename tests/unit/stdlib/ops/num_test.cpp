// Bodies of std/ops/num functions (std.md §0.4, §2.6): wrapping add, saturating add, division rules.

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "runtime/model/int128.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::testing::call;
using mel::stdlib::testing::call_ok;

TEST_CASE("|add wraps integers and follows IEEE for floats")
{
    CHECK(call_ok("std/ops/num::|add", {Value::i32(2), Value::i32(3)}) == Value::i32(5));
    CHECK(call_ok("std/ops/num::|add", {Value::i8(127), Value::i8(1)}) == Value::i8(-128));
    CHECK(call_ok("std/ops/num::|add", {Value::i8(-128), Value::i8(-1)}) == Value::i8(127));
    CHECK(call_ok("std/ops/num::|add", {Value::u8(255), Value::u8(1)}) == Value::u8(0));
    CHECK(call_ok("std/ops/num::|add", {Value::u16(65535), Value::u16(2)}) == Value::u16(1));
    CHECK(call_ok("std/ops/num::|add", {Value::i64(limits<std::int64_t>::max()), Value::i64(1)}) ==
          Value::i64(limits<std::int64_t>::min()));
    CHECK(call_ok("std/ops/num::|add", {Value::u64(limits<std::uint64_t>::max()), Value::u64(1)}) ==
          Value::u64(0));
    CHECK(call_ok("std/ops/num::|add", {Value::i128(limits<i128>::max()), Value::i128(1)}) ==
          Value::i128(limits<i128>::min()));
    CHECK(call_ok("std/ops/num::|add", {Value::u128(limits<u128>::max()), Value::u128(2)}) == Value::u128(1));
    CHECK(call_ok("std/ops/num::|add", {Value::f64(0.1), Value::f64(0.2)}) == Value::f64(0.1 + 0.2));
    CHECK(call_ok("std/ops/num::|add", {Value::f32(1.5f), Value::f32(2.25f)}) == Value::f32(3.75f));
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(std::isnan(call_ok("std/ops/num::|add", {Value::f64(inf), Value::f64(-inf)}).as_f64()));
    CHECK(call_ok("std/ops/num::|add", {Value::f32(3.4e38f), Value::f32(3.4e38f)}).as_f32() ==
          std::numeric_limits<float>::infinity());
}

TEST_CASE("|add rejects arguments of another kind")
{
    CHECK_FALSE(call("std/ops/num::|add", {Value::i32(1), Value::i64(1)}).ok());
    CHECK_FALSE(call("std/ops/num::|add", {Value::string("a"), Value::string("b")}).ok());
}

TEST_CASE("|saturating_add holds integers at their bounds")
{
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::i8(100), Value::i8(27)}) == Value::i8(127));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::i8(100), Value::i8(100)}) == Value::i8(127));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::i8(-100), Value::i8(-100)}) == Value::i8(-128));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::i8(-100), Value::i8(100)}) == Value::i8(0));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::u8(250), Value::u8(10)}) == Value::u8(255));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::u32(1), Value::u32(2)}) == Value::u32(3));
    CHECK(
        call_ok("std/ops/num::|saturating_add", {Value::i64(limits<std::int64_t>::min()), Value::i64(-1)}) ==
        Value::i64(limits<std::int64_t>::min()));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::i128(limits<i128>::max()), Value::i128(1)}) ==
          Value::i128(limits<i128>::max()));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::i128(limits<i128>::min()), Value::i128(-5)}) ==
          Value::i128(limits<i128>::min()));
    CHECK(call_ok("std/ops/num::|saturating_add", {Value::u128(limits<u128>::max()), Value::u128(1)}) ==
          Value::u128(limits<u128>::max()));
    // Floats do not implement SaturatingAdd: the checker prevents the call.
    CHECK_FALSE(call("std/ops/num::|saturating_add", {Value::f64(1), Value::f64(2)}).ok());
}

TEST_CASE("|div truncates, gives 0 for an integer divided by zero, fails on MIN / -1")
{
    CHECK(call_ok("std/ops/num::|div", {Value::i32(7), Value::i32(2)}) == Value::i32(3));
    CHECK(call_ok("std/ops/num::|div", {Value::i32(-7), Value::i32(2)}) == Value::i32(-3));
    CHECK(call_ok("std/ops/num::|div", {Value::i32(7), Value::i32(-2)}) == Value::i32(-3));
    CHECK(call_ok("std/ops/num::|div", {Value::u8(200), Value::u8(3)}) == Value::u8(66));
    CHECK(call_ok("std/ops/num::|div", {Value::i8(5), Value::i8(0)}) == Value::i8(0));
    CHECK(call_ok("std/ops/num::|div", {Value::u64(5), Value::u64(0)}) == Value::u64(0));
    CHECK(call_ok("std/ops/num::|div", {Value::i128(-5), Value::i128(0)}) == Value::i128(0));
    CHECK(call_ok("std/ops/num::|div", {Value::u128(limits<u128>::max()), Value::u128(0)}) == Value::u128(0));
    CHECK(call_ok("std/ops/num::|div", {Value::i8(-128), Value::i8(1)}) == Value::i8(-128));
    CHECK(call_ok("std/ops/num::|div", {Value::i8(-127), Value::i8(-1)}) == Value::i8(127));
    CHECK(call_ok("std/ops/num::|div",
                  {Value::u128(limits<u128>::max()), Value::u128(limits<u128>::max())}) == Value::u128(1));
    CHECK_FALSE(call("std/ops/num::|div", {Value::i8(-128), Value::i8(-1)}).ok());
    CHECK_FALSE(call("std/ops/num::|div", {Value::i64(limits<std::int64_t>::min()), Value::i64(-1)}).ok());
    CHECK_FALSE(call("std/ops/num::|div", {Value::i128(limits<i128>::min()), Value::i128(-1)}).ok());
}

TEST_CASE("|div on floats follows IEEE")
{
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(call_ok("std/ops/num::|div", {Value::f64(1), Value::f64(4)}) == Value::f64(0.25));
    CHECK(call_ok("std/ops/num::|div", {Value::f64(1), Value::f64(0)}) == Value::f64(inf));
    CHECK(call_ok("std/ops/num::|div", {Value::f64(-1), Value::f64(0)}) == Value::f64(-inf));
    CHECK(call_ok("std/ops/num::|div", {Value::f64(1), Value::f64(-0.0)}) == Value::f64(-inf));
    CHECK(std::isnan(call_ok("std/ops/num::|div", {Value::f64(0), Value::f64(0)}).as_f64()));
    CHECK(call_ok("std/ops/num::|div", {Value::f32(1), Value::f32(0)}) ==
          Value::f32(std::numeric_limits<float>::infinity()));
    CHECK(call_ok("std/ops/num::|div", {Value::f32(7), Value::f32(2)}) == Value::f32(3.5f));
}

namespace {
const char* const k_num = "std/ops/num::|";
Value num(std::string_view f, std::vector<Value> args) { return call_ok(std::string(k_num) + std::string(f), args); }
bool num_fails(std::string_view f, std::vector<Value> args)
{
    return !call(std::string(k_num) + std::string(f), args).ok();
}
Value some(Value v) { return Value::some(std::move(v)); }
} // namespace

TEST_CASE("|sub and |mul wrap integers; checked, saturating and wrapping variants")
{
    CHECK(num("sub", {Value::u8(0), Value::u8(1)}) == Value::u8(255));
    CHECK(num("sub", {Value::f64(0.5), Value::f64(1)}) == Value::f64(-0.5));
    CHECK(num("mul", {Value::i8(64), Value::i8(2)}) == Value::i8(-128));
    CHECK(num("mul", {Value::u128(limits<u128>::max()), Value::u128(2)}) == Value::u128(limits<u128>::max() - 1));

    CHECK(num("checked_add", {Value::u8(255), Value::u8(1)}) == Value::none());
    CHECK(num("checked_add", {Value::u8(254), Value::u8(1)}) == some(Value::u8(255)));
    CHECK(num("checked_sub", {Value::u32(1), Value::u32(2)}) == Value::none());
    CHECK(num("checked_sub", {Value::i32(1), Value::i32(2)}) == some(Value::i32(-1)));
    CHECK(num("checked_mul", {Value::i128(limits<i128>::max()), Value::i128(2)}) == Value::none());
    CHECK(num("checked_mul", {Value::i16(-300), Value::i16(100)}) == some(Value::i16(-30000)));

    CHECK(num("saturating_sub", {Value::u16(1), Value::u16(9)}) == Value::u16(0));
    CHECK(num("saturating_sub", {Value::i8(-100), Value::i8(100)}) == Value::i8(-128));
    CHECK(num("saturating_sub", {Value::i8(100), Value::i8(-100)}) == Value::i8(127));
    CHECK(num("saturating_mul", {Value::i8(-100), Value::i8(2)}) == Value::i8(-128));
    CHECK(num("saturating_mul", {Value::i8(-100), Value::i8(-2)}) == Value::i8(127));
    CHECK(num("saturating_mul", {Value::u64(1ull << 40), Value::u64(1ull << 40)}) ==
          Value::u64(limits<std::uint64_t>::max()));

    CHECK(num("wrapping_add", {Value::i8(127), Value::i8(1)}) == Value::i8(-128));
    CHECK(num("wrapping_sub", {Value::i8(-128), Value::i8(1)}) == Value::i8(127));
    CHECK(num("wrapping_mul", {Value::u8(16), Value::u8(17)}) == Value::u8(16));
    // Integer-only operations given floats (the checker prevents it) fail instead of guessing.
    CHECK(num_fails("checked_add", {Value::f32(1), Value::f32(1)}));
    CHECK(num_fails("wrapping_mul", {Value::f64(1), Value::f64(1)}));
}

TEST_CASE("|rem, |checked_div, |checked_rem")
{
    CHECK(num("rem", {Value::i32(-7), Value::i32(2)}) == Value::i32(-1));
    CHECK(num("rem", {Value::i32(7), Value::i32(-2)}) == Value::i32(1));
    CHECK(num("rem", {Value::u8(7), Value::u8(0)}) == Value::u8(0));
    CHECK(num_fails("rem", {Value::i16(-32768), Value::i16(-1)}));
    CHECK(num("rem", {Value::f64(7.5), Value::f64(2)}) == Value::f64(1.5));
    CHECK(std::isnan(num("rem", {Value::f64(1), Value::f64(0)}).as_f64()));
    CHECK(num("checked_div", {Value::i8(-128), Value::i8(-1)}) == Value::none());
    CHECK(num("checked_div", {Value::i8(9), Value::i8(0)}) == Value::none());
    CHECK(num("checked_div", {Value::i8(9), Value::i8(-2)}) == some(Value::i8(-4)));
    CHECK(num("checked_rem", {Value::u32(9), Value::u32(0)}) == Value::none());
    CHECK(num("checked_rem", {Value::i64(limits<std::int64_t>::min()), Value::i64(-1)}) == Value::none());
    CHECK(num("checked_rem", {Value::i64(-9), Value::i64(4)}) == some(Value::i64(-1)));
}

TEST_CASE("Euclidean division: the remainder is never negative")
{
    CHECK(num("euclid_div", {Value::i32(-7), Value::i32(2)}) == Value::i32(-4));
    CHECK(num("euclid_rem", {Value::i32(-7), Value::i32(2)}) == Value::i32(1));
    CHECK(num("euclid_div", {Value::i32(-7), Value::i32(-2)}) == Value::i32(4));
    CHECK(num("euclid_rem", {Value::i32(-7), Value::i32(-2)}) == Value::i32(1));
    CHECK(num("euclid_div", {Value::i32(7), Value::i32(-2)}) == Value::i32(-3));
    CHECK(num("euclid_rem", {Value::i32(7), Value::i32(-2)}) == Value::i32(1));
    CHECK(num("euclid_div", {Value::u8(7), Value::u8(0)}) == Value::u8(0));
    CHECK(num("euclid_rem", {Value::u8(7), Value::u8(0)}) == Value::u8(0));
    CHECK(num("euclid_div", {Value::i8(-128), Value::i8(-1)}) == Value::i8(-128));
    CHECK(num("euclid_rem", {Value::i8(-128), Value::i8(-1)}) == Value::i8(0));
    CHECK(num("euclid_rem", {Value::i8(-128), Value::i8(127)}) == Value::i8(126));
    CHECK(num("checked_euclid_div", {Value::i8(-128), Value::i8(-1)}) == Value::none());
    CHECK(num("checked_euclid_rem", {Value::i8(1), Value::i8(0)}) == Value::none());
    CHECK(num("checked_euclid_div", {Value::i8(-7), Value::i8(2)}) == some(Value::i8(-4)));
    CHECK(num("euclid_div", {Value::f64(-7), Value::f64(2)}) == Value::f64(-4));
    CHECK(num("euclid_rem", {Value::f64(-7), Value::f64(2)}) == Value::f64(1));
    CHECK(num("euclid_rem", {Value::f64(-7), Value::f64(-2)}) == Value::f64(1));
    CHECK(num("euclid_div", {Value::f64(-7), Value::f64(-2)}) == Value::f64(4));
}

TEST_CASE("unary: abs, signum, is_positive, is_negative, neg and its variants")
{
    CHECK(num("abs", {Value::i8(-128)}) == Value::none());
    CHECK(num("abs", {Value::i8(-127)}) == some(Value::i8(127)));
    CHECK(num("abs", {Value::f32(-2.5f)}) == some(Value::f32(2.5f)));
    CHECK(num("signum", {Value::i64(-9)}) == Value::i64(-1));
    CHECK(num("signum", {Value::i64(0)}) == Value::i64(0));
    CHECK(num("signum", {Value::f64(0.0)}) == Value::f64(1));
    CHECK(num("signum", {Value::f64(-0.0)}) == Value::f64(-1));
    CHECK(std::isnan(num("signum", {Value::f64(std::nan(""))}).as_f64()));
    CHECK(num("is_positive", {Value::f64(0.0)}) == Value::boolean(true));
    CHECK(num("is_negative", {Value::f64(-0.0)}) == Value::boolean(true));
    CHECK(num("is_negative", {Value::i32(0)}) == Value::boolean(false));
    CHECK(num("neg", {Value::i8(-128)}) == Value::i8(-128));
    CHECK(num("neg", {Value::f64(1)}) == Value::f64(-1));
    CHECK(num("checked_neg", {Value::i8(-128)}) == Value::none());
    CHECK(num("checked_neg", {Value::i8(5)}) == some(Value::i8(-5)));
    CHECK(num("wrapping_neg", {Value::i32(limits<std::int32_t>::min())}) == Value::i32(limits<std::int32_t>::min()));
}

TEST_CASE("|pow wraps, |checked_pow gives none on overflow, 0^0 is 1")
{
    CHECK(num("pow", {Value::u32(3), Value::u32(4)}) == Value::u32(81));
    CHECK(num("pow", {Value::u8(0), Value::u32(0)}) == Value::u8(1));
    CHECK(num("pow", {Value::u8(2), Value::u32(8)}) == Value::u8(0));
    CHECK(num("pow", {Value::i8(-2), Value::u32(7)}) == Value::i8(-128));
    CHECK(num("checked_pow", {Value::i8(-2), Value::u32(7)}) == some(Value::i8(-128)));
    CHECK(num("checked_pow", {Value::i8(2), Value::u32(7)}) == Value::none());
    CHECK(num("checked_pow", {Value::u128(10), Value::u32(38)}) ==
          some(Value::u128(*parse_integer<u128>("100000000000000000000000000000000000000"))));
    CHECK(num("checked_pow", {Value::u128(10), Value::u32(39)}) == Value::none());
    CHECK(num_fails("pow", {Value::u8(2), Value::u8(3)}));
}
