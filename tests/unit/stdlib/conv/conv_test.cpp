// Body of std/conv::|to_string (std.md §0.5: the ToString forms).

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "runtime/model/int128.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::testing::call;
using mel::stdlib::testing::call_ok;

namespace {
std::string text(Value v)
{
    return call_ok("std/conv::|to_string", {std::move(v)}).as_string();
}
} // namespace

TEST_CASE("|to_string of integers, bool, void")
{
    CHECK(text(Value()) == "");
    CHECK(text(Value::i8(-128)) == "-128");
    CHECK(text(Value::u8(255)) == "255");
    CHECK(text(Value::i64(0)) == "0");
    CHECK(text(Value::u64(18446744073709551615ull)) == "18446744073709551615");
    CHECK(text(Value::i128(limits<i128>::min())) == "-170141183460469231731687303715884105728");
    CHECK(text(Value::u128(limits<u128>::max())) == "340282366920938463463374607431768211455");
    CHECK(text(Value::boolean(true)) == "true");
    CHECK(text(Value::boolean(false)) == "false");
}

TEST_CASE("|to_string of byte, char and string")
{
    CHECK(text(Value::byte(0x0a)) == "0a");
    CHECK(text(Value::byte(0xff)) == "ff");
    CHECK(text(Value::byte(0)) == "00");
    CHECK(text(Value::character(U'é')) == "é");
    CHECK(text(Value::character(U'\n')) == "\n");
    CHECK(text(Value::string("a \"b\"\n")) == "a \"b\"\n");
    CHECK(text(Value::string("")) == "");
}

TEST_CASE("|to_string of floats: shortest form, never an exponent")
{
    CHECK(text(Value::f64(1.0)) == "1");
    CHECK(text(Value::f64(0.1)) == "0.1");
    CHECK(text(Value::f64(-0.0)) == "-0");
    CHECK(text(Value::f64(1e21)) == "1000000000000000000000");
    CHECK(text(Value::f64(1e-7)) == "0.0000001");
    CHECK(text(Value::f64(std::numeric_limits<double>::quiet_NaN())) == "NaN");
    CHECK(text(Value::f64(std::numeric_limits<double>::infinity())) == "inf");
    CHECK(text(Value::f64(-std::numeric_limits<double>::infinity())) == "-inf");
    CHECK(text(Value::f32(16777217.0f)) == "16777216");
    CHECK(text(Value::f32(0.1f)) == "0.1");
}

TEST_CASE("|to_string refuses what does not implement ToString")
{
    CHECK_FALSE(call("std/conv::|to_string", {Value::vec({Value::i8(1)})}).ok());
    CHECK_FALSE(call("std/conv::|to_string", {Value::none()}).ok());
}
