// The Level data type and its constructors (std.md §2.21).

#include <doctest/doctest.h>

#include "stdlib/engine/log.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::engine::Level;
using mel::stdlib::engine::LogLevel;

TEST_CASE("level constructors give the five levels")
{
    const std::pair<const char*, LogLevel> cases[] = {
        {"std/engine/log::|error", LogLevel::Error}, {"std/engine/log::|warning", LogLevel::Warning},
        {"std/engine/log::|info", LogLevel::Info},   {"std/engine/log::|debug", LogLevel::Debug},
        {"std/engine/log::|trace", LogLevel::Trace},
    };
    for (const auto& test : cases) {
        const std::string id = test.first;
        const LogLevel level = test.second;
        CAPTURE(id);
        const Value v = mel::stdlib::testing::call_ok(id, {});
        const Level* l = Level::from(v);
        REQUIRE(l != nullptr);
        CHECK(l->level() == level);
        CHECK(v == Level::make(level));
        CHECK(std::string("std/engine/log::|") + std::string(mel::stdlib::engine::log_level_name(level)) ==
              id);
    }
    CHECK_FALSE(Level::make(LogLevel::Info) == Level::make(LogLevel::Debug));
    CHECK(Level::from(Value::string("info")) == nullptr);
    CHECK(Level::make(LogLevel::Error).as_data()->type_name() == "Level");
}
