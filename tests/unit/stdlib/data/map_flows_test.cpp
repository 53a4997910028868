// The stream and block treatments of std/data/map and string_map, and their |get (std.md §2.17, §2.18).

#include <doctest/doctest.h>

#include "stdlib/data/map.h"
#include "stdlib/data/string_map.h"
#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;
using mel::stdlib::data::Map;
using mel::stdlib::data::StringMap;

TEST_CASE("|get: the value when present and of the asked type")
{
    const Value m = Map::make({{"n", Value::u64(3)}, {"s", Value::string("x")}, {"v", Value::vec({})}});
    const Type u64t = t_u64();
    CHECK(call_ok("std/data/map::|get", {m, Value::string("n")}, {u64t}) == Value::some(Value::u64(3)));
    CHECK(call_ok("std/data/map::|get", {m, Value::string("s")}, {u64t}) == Value::none());
    CHECK(call_ok("std/data/map::|get", {m, Value::string("missing")}, {u64t}) == Value::none());
    CHECK(call_ok("std/data/map::|get", {m, Value::string("v")}, {Type::vec(t_string())}) ==
          Value::some(Value::vec({})));
    const Value sm = StringMap::make({{"HOME", "/root"}});
    CHECK(call_ok("std/data/string_map::|get", {sm, Value::string("HOME")}) == Value::some(Value::string("/root")));
    CHECK(call_ok("std/data/string_map::|get", {sm, Value::string("PATH")}) == Value::none());
}

TEST_CASE("map treatments: entry, get (type-checked), insert pairwise")
{
    Program p;
    const Type map = t_data("std/data/map::Map");
    p.values("v", t_u64(), u64s({1, 2}))
        .add("e", "std/data/map::entry", {t_u64()}, {{"key", lit(Value::string("k"))}})
        .add("g", "std/data/map::get", {t_u64()}, {{"key", lit(Value::string("k"))}})
        .add("gs", "std/data/map::get", {t_string()}, {{"key", lit(Value::string("k"))}})
        .add("i", "std/data/map::insert", {t_u64()}, {{"key", lit(Value::string("j"))}})
        .connect("v.out", "e.value")
        .connect("e.map", "g.map")
        .connect("e.map", "gs.map")
        .connect("e.map", "i.base")
        .connect("v.out", "i.value")
        .collect("g.value", "got", Type::option(t_u64()))
        .collect("gs.value", "wrong", Type::option(t_string()))
        .collect("i.map", "inserted", map);
    run_ok(p);
    CHECK(got("got") == std::vector<Value>{Value::some(Value::u64(1)), Value::some(Value::u64(2))});
    CHECK(got("wrong") == std::vector<Value>{Value::none(), Value::none()});
    REQUIRE(got("inserted").size() == 2);
    CHECK(got("inserted")[1] == Map::make({{"k", Value::u64(2)}, {"j", Value::u64(2)}}));
}

TEST_CASE("block treatments: map merge, string_map entry/get/insert")
{
    Program p;
    const Type smt = t_data("std/data/string_map::StringMap");
    const Type mt = t_data("std/data/map::Map");
    p.block("s", t_string(), Value::string("v"))
        .block("base", mt, Map::make({{"a", Value::u64(1)}, {"b", Value::u64(2)}}))
        .block("over", mt, Map::make({{"b", Value::u64(9)}}))
        .add("e", "std/data/string_map/block::entry", {}, {{"key", lit(Value::string("K"))}})
        .add("g", "std/data/string_map/block::get", {}, {{"key", lit(Value::string("K"))}})
        .add("i", "std/data/string_map/block::insert", {}, {{"key", lit(Value::string("L"))}})
        .add("m", "std/data/map/block::merge", {})
        .connect("s.emit", "e.value")
        .connect("e.map", "g.map")
        .connect("e.map", "i.base")
        .connect("s.emit", "i.value")
        .connect("base.emit", "m.base")
        .connect("over.emit", "m.entries")
        .collect_block("g.value", "got", Type::option(t_string()))
        .collect_block("i.map", "inserted", smt)
        .collect_block("m.merged", "merged", mt);
    run_ok(p);
    CHECK(got("got") == std::vector<Value>{Value::some(Value::string("v"))});
    CHECK(got("inserted") == std::vector<Value>{StringMap::make({{"K", "v"}, {"L", "v"}})});
    CHECK(got("merged") == std::vector<Value>{Map::make({{"a", Value::u64(1)}, {"b", Value::u64(9)}})});
}
