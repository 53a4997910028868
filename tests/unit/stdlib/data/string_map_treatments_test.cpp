// Treatments of std/data/string_map and std/data/string_map/block (std.md §2.18), run through the engine.

#include <doctest/doctest.h>

#include "stdlib/data/string_map.h"
#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;
using mel::stdlib::data::StringMap;

namespace {

Type map_type() { return t_data("std/data/string_map::StringMap"); }

} // namespace

TEST_CASE("entry: one single-entry map per value; get: the value under the key or none")
{
    Program p;
    p.values("v", t_string(), strings({"a", "b"}))
        .add("e", "std/data/string_map::entry", {}, {{"key", lit(Value::string("k"))}})
        .add("g", "std/data/string_map::get", {}, {{"key", lit(Value::string("k"))}})
        .add("missing", "std/data/string_map::get", {}, {{"key", lit(Value::string("other"))}})
        .connect("v.out", "e.value")
        .connect("e.map", "g.map")
        .connect("e.map", "missing.map")
        .collect("e.map", "maps", map_type())
        .collect("g.value", "found", Type::option(t_string()))
        .collect("missing.value", "missing", Type::option(t_string()));
    run_ok(p);
    CHECK(got("maps") == std::vector<Value>{StringMap::make({{"k", "a"}}), StringMap::make({{"k", "b"}})});
    CHECK(got("found") == std::vector<Value>{Value::some(Value::string("a")), Value::some(Value::string("b"))});
    CHECK(got("missing") == std::vector<Value>{Value::none(), Value::none()});
}

TEST_CASE("block merge: entries win; base alone when entries close empty; nothing without base")
{
    Program p;
    p.block("base", map_type(), StringMap::make({{"a", "1"}, {"b", "2"}}))
        .block("entries", map_type(), StringMap::make({{"b", "3"}, {"c", "4"}}))
        .empty_block("none", map_type())
        .add("m1", "std/data/string_map/block::merge")
        .add("m2", "std/data/string_map/block::merge")
        .add("m3", "std/data/string_map/block::merge")
        .connect("base.emit", "m1.base")
        .connect("entries.emit", "m1.entries")
        .connect("base.emit", "m2.base")
        .connect("none.closed", "m2.entries")
        .connect("none.closed", "m3.base")
        .connect("entries.emit", "m3.entries")
        .collect_block("m1.merged", "m1", map_type())
        .collect_block("m2.merged", "m2", map_type())
        .collect_block("m3.merged", "m3", map_type());
    run_ok(p);
    CHECK(got("m1") == std::vector<Value>{StringMap::make({{"a", "1"}, {"b", "3"}, {"c", "4"}})});
    CHECK(got("m2") == std::vector<Value>{StringMap::make({{"a", "1"}, {"b", "2"}})});
    CHECK(got("m3").empty());
    CHECK(ends("m3") == 1);
}
