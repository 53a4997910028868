// std/types, std/types/char, std/types/float (std.md §2.22).

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "runtime/model/int128.h"
#include "stdlib/engine/log.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::testing::call;
using mel::stdlib::testing::call_ok;

TEST_CASE("|min and |max: integers, floats (finite), byte, Level")
{
    const Type u8 = Type::core(CoreType::U8), i128t = Type::core(CoreType::I128), f32 = Type::core(CoreType::F32);
    CHECK(call_ok("std/types::|max", {}, {u8}) == Value::u8(255));
    CHECK(call_ok("std/types::|min", {}, {i128t}) == Value::i128(limits<i128>::min()));
    CHECK(call_ok("std/types::|max", {}, {f32}) == Value::f32(std::numeric_limits<float>::max()));
    CHECK(call_ok("std/types::|min", {}, {f32}) == Value::f32(-std::numeric_limits<float>::max()));
    CHECK(call_ok("std/types::|max", {}, {Type::core(CoreType::Byte)}) == Value::byte(255));
    const auto& level = *mel::stdlib::testing::element("std/engine/log::Level").data_type;
    const Value lowest = call_ok("std/types::|min", {}, {Type::data(level.ref())});
    REQUIRE(mel::stdlib::engine::Level::from(lowest));
    CHECK(mel::stdlib::engine::Level::from(lowest)->level() == mel::stdlib::engine::LogLevel::Trace);
    CHECK_FALSE(call("std/types::|max", {}, {Type::core(CoreType::String)}).ok());
}

TEST_CASE("special values")
{
    CHECK(call_ok("std/types/char::|replacement_character", {}) == Value::character(U'\uFFFD'));
    CHECK(call_ok("std/types/float::|infinity", {}, {Type::core(CoreType::F64)}) ==
          Value::f64(std::numeric_limits<double>::infinity()));
    CHECK(call_ok("std/types/float::|neg_infinity", {}, {Type::core(CoreType::F32)}) ==
          Value::f32(-std::numeric_limits<float>::infinity()));
    CHECK(std::isnan(call_ok("std/types/float::|nan", {}, {Type::core(CoreType::F64)}).as_f64()));
}
