// Bodies of std/ops/bin functions (std.md §2.8): logical on bool, bitwise on byte.

#include <doctest/doctest.h>

#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::testing::call;
using mel::stdlib::testing::call_ok;

TEST_CASE("|and")
{
    CHECK(call_ok("std/ops/bin::|and", {Value::boolean(true), Value::boolean(true)}) == Value::boolean(true));
    CHECK(call_ok("std/ops/bin::|and", {Value::boolean(true), Value::boolean(false)}) ==
          Value::boolean(false));
    CHECK(call_ok("std/ops/bin::|and", {Value::boolean(false), Value::boolean(true)}) ==
          Value::boolean(false));
    CHECK(call_ok("std/ops/bin::|and", {Value::boolean(false), Value::boolean(false)}) ==
          Value::boolean(false));
    CHECK(call_ok("std/ops/bin::|and", {Value::byte(0xF0), Value::byte(0x3C)}) == Value::byte(0x30));
    CHECK(call_ok("std/ops/bin::|and", {Value::byte(0xFF), Value::byte(0x00)}) == Value::byte(0x00));
    // A byte is not a u8, and the two sides must agree.
    CHECK_FALSE(call("std/ops/bin::|and", {Value::u8(1), Value::u8(1)}).ok());
    CHECK_FALSE(call("std/ops/bin::|and", {Value::byte(1), Value::boolean(true)}).ok());
}

TEST_CASE("|not")
{
    CHECK(call_ok("std/ops/bin::|not", {Value::boolean(true)}) == Value::boolean(false));
    CHECK(call_ok("std/ops/bin::|not", {Value::boolean(false)}) == Value::boolean(true));
    CHECK(call_ok("std/ops/bin::|not", {Value::byte(0x0F)}) == Value::byte(0xF0));
    CHECK(call_ok("std/ops/bin::|not", {Value::byte(0x00)}) == Value::byte(0xFF));
    CHECK(call_ok("std/ops/bin::|not", {Value::byte(0xFF)}) == Value::byte(0x00));
    CHECK_FALSE(call("std/ops/bin::|not", {Value::i8(0)}).ok());
}

TEST_CASE("|or and |xor: logical on bool, bitwise on byte")
{
    CHECK(call_ok("std/ops/bin::|or", {Value::boolean(false), Value::boolean(true)}) == Value::boolean(true));
    CHECK(call_ok("std/ops/bin::|xor", {Value::boolean(true), Value::boolean(true)}) == Value::boolean(false));
    CHECK(call_ok("std/ops/bin::|or", {Value::byte(0x0f), Value::byte(0x30)}) == Value::byte(0x3f));
    CHECK(call_ok("std/ops/bin::|xor", {Value::byte(0xff), Value::byte(0x0f)}) == Value::byte(0xf0));
    CHECK_FALSE(call("std/ops/bin::|or", {Value::byte(1), Value::boolean(true)}).ok());
}
