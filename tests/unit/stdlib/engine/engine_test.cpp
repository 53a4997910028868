// Body of std/engine::|version (std.md §2.19).

#include <doctest/doctest.h>

#include "tests/unit/stdlib/testing.h"

using namespace mel;

TEST_CASE("|version is the reference's engine version")
{
    CHECK(mel::stdlib::testing::call_ok("std/engine::|version", {}) == Value::string("0.10.2"));
}
