// Bodies of std/ops/option functions (std.md §2.9).

#include <doctest/doctest.h>

#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::testing::call;
using mel::stdlib::testing::call_ok;

TEST_CASE("|wrap always gives some")
{
    CHECK(call_ok("std/ops/option::|wrap", {Value::i32(4)}) == Value::some(Value::i32(4)));
    CHECK(call_ok("std/ops/option::|wrap", {Value()}) == Value::some(Value()));
    CHECK(call_ok("std/ops/option::|wrap", {Value::string("")}) == Value::some(Value::string("")));
    // Wrapping an option nests it.
    const Value nested = call_ok("std/ops/option::|wrap", {Value::none()});
    CHECK(nested.is_some());
    CHECK(nested.option_value().is_none());
    CHECK(call_ok("std/ops/option::|wrap", {Value::vec({})}) == Value::some(Value::vec({})));
}

TEST_CASE("|unwrap_or")
{
    CHECK(call_ok("std/ops/option::|unwrap_or", {Value::some(Value::u8(7)), Value::u8(9)}) == Value::u8(7));
    CHECK(call_ok("std/ops/option::|unwrap_or", {Value::none(), Value::u8(9)}) == Value::u8(9));
    CHECK(call_ok("std/ops/option::|unwrap_or", {Value::none(), Value::string("default")}) ==
          Value::string("default"));
    // Only the outer level is unwrapped.
    CHECK(call_ok("std/ops/option::|unwrap_or", {Value::some(Value::none()), Value::some(Value::i8(1))}) ==
          Value::none());
    CHECK(call_ok("std/ops/option::|unwrap_or", {Value::none(), Value::none()}) == Value::none());
    CHECK_FALSE(call("std/ops/option::|unwrap_or", {Value::u8(1), Value::u8(2)}).ok());
}
