// Map and the bodies of std/data/map functions (std.md §2.17).

#include <doctest/doctest.h>

#include <limits>

#include "stdlib/data/map.h"
#include "stdlib/data/string_map.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::data::Map;
using mel::stdlib::testing::call;
using mel::stdlib::testing::call_ok;

namespace {
Map::Entries entries_of(const Value& v)
{
    const Map* map = Map::from(v);
    REQUIRE(map != nullptr);
    return map->entries();
}
} // namespace

TEST_CASE("Map holds values of any type and compares them")
{
    const Value a = Map::make({{"n", Value::i64(1)}, {"s", Value::string("x")}, {"o", Value::none()}});
    CHECK(a.as_data()->type_name() == "Map");
    CHECK(a == Map::make({{"n", Value::i64(1)}, {"s", Value::string("x")}, {"o", Value::none()}}));
    CHECK_FALSE(a == Map::make({{"n", Value::i32(1)}, {"s", Value::string("x")}, {"o", Value::none()}}));
    CHECK_FALSE(a == mel::stdlib::data::StringMap::make({}));
    // Floats compare as IEEE: a map holding NaN is not equal to itself.
    const Value nan = Map::make({{"f", Value::f64(std::numeric_limits<double>::quiet_NaN())}});
    CHECK_FALSE(nan == nan);
    CHECK(*Map::from(a)->find("n") == Value::i64(1));
}

TEST_CASE("|map, |entry and |insert")
{
    CHECK(entries_of(call_ok("std/data/map::|map", {Value::vec({})})).empty());
    const Value merged =
        call_ok("std/data/map::|map", {Value::vec({Map::make({{"a", Value::u8(1)}, {"b", Value::u8(2)}}),
                                                   Map::make({{"b", Value::string("z")}})})});
    CHECK(entries_of(merged) == Map::Entries{{"a", Value::u8(1)}, {"b", Value::string("z")}});

    CHECK(entries_of(call_ok("std/data/map::|entry", {Value::string("k"), Value::vec({Value::i8(1)})},
                             {Type::vec(Type::core(CoreType::I8))})) ==
          Map::Entries{{"k", Value::vec({Value::i8(1)})}});

    const Value base = Map::make({{"a", Value::u8(1)}});
    CHECK(entries_of(call_ok("std/data/map::|insert", {base, Value::string("a"), Value::boolean(true)},
                             {Type::core(CoreType::Bool)})) == Map::Entries{{"a", Value::boolean(true)}});
    CHECK(entries_of(base) == Map::Entries{{"a", Value::u8(1)}});
    CHECK_FALSE(
        call("std/data/map::|insert", {Value::string("not a map"), Value::string("a"), Value()}).ok());
}
