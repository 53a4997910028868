// StringMap and the bodies of std/data/string_map functions (std.md §2.18).

#include <doctest/doctest.h>

#include "stdlib/data/map.h"
#include "stdlib/data/string_map.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using mel::stdlib::data::StringMap;
using mel::stdlib::testing::call;
using mel::stdlib::testing::call_ok;

namespace {
StringMap::Entries entries_of(const Value& v)
{
    const StringMap* map = StringMap::from(v);
    REQUIRE(map != nullptr);
    return map->entries();
}
} // namespace

TEST_CASE("StringMap is a comparable data object")
{
    const Value a = StringMap::make({{"k", "v"}});
    CHECK(a.kind() == Value::Kind::Data);
    CHECK(a.as_data()->type_name() == "StringMap");
    CHECK(a == StringMap::make({{"k", "v"}}));
    CHECK_FALSE(a == StringMap::make({{"k", "w"}}));
    CHECK_FALSE(a == StringMap::make({}));
    CHECK(StringMap::from(Value::string("k")) == nullptr);
    CHECK(StringMap::from(mel::stdlib::data::Map::make({})) == nullptr);
    CHECK(*StringMap::from(a)->find("k") == "v");
    CHECK(StringMap::from(a)->find("missing") == nullptr);
}

TEST_CASE("|map merges, later maps win")
{
    CHECK(entries_of(call_ok("std/data/string_map::|map", {Value::vec({})})).empty());
    const Value merged = call_ok(
        "std/data/string_map::|map",
        {Value::vec({StringMap::make({{"a", "1"}, {"b", "2"}}), StringMap::make({{"b", "3"}, {"c", ""}})})});
    CHECK(entries_of(merged) == StringMap::Entries{{"a", "1"}, {"b", "3"}, {"c", ""}});
    CHECK_FALSE(call("std/data/string_map::|map", {Value::vec({Value::string("a")})}).ok());
}

TEST_CASE("|entry and |insert")
{
    CHECK(entries_of(call_ok("std/data/string_map::|entry", {Value::string("K"), Value::string("v")})) ==
          StringMap::Entries{{"K", "v"}});
    CHECK(entries_of(call_ok("std/data/string_map::|entry", {Value::string(""), Value::string("")})) ==
          StringMap::Entries{{"", ""}});
    const Value base = StringMap::make({{"a", "1"}});
    CHECK(
        entries_of(call_ok("std/data/string_map::|insert", {base, Value::string("b"), Value::string("2")})) ==
        StringMap::Entries{{"a", "1"}, {"b", "2"}});
    CHECK(
        entries_of(call_ok("std/data/string_map::|insert", {base, Value::string("a"), Value::string("x")})) ==
        StringMap::Entries{{"a", "x"}});
    CHECK(entries_of(base) == StringMap::Entries{{"a", "1"}}); // the original is untouched
    CHECK_FALSE(call("std/data/string_map::|entry", {Value::string("K"), Value::i32(1)}).ok());
}
