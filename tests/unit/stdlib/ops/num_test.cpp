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
