// The stream and block treatments of std/data/map and std/data/string_map (+ their `block` areas), and
// `|get` of both (std.md §2.17, §2.18). Written once over the two map types through MapKind.
// Fix (std.md §3.6): the `get` treatments check the value's type as the function does — a value of another
// type gives none — where the reference sends it as it is, typed wrongly.

#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/data/map.h"
#include "stdlib/data/string_map.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

/// What differs between Map (values of any type) and StringMap (strings).
struct AnyMap {
    using M = data::Map;
    static constexpr const char* type = "Map";
    static Value entry(const std::string& key, const Value& v) { return M::make({{key, v}}); }
    static const M& of(const Value& v)
    {
        const M* m = M::from(v);
        if (!m)
            throw EngineError("a Map was expected");
        return *m;
    }
    static Value lookup(const Value& map, const std::string& key, const Type* type)
    {
        const Value* found = of(map).find(key);
        if (!found || (type && !value_has_type(*found, *type)))
            return Value::none();
        return Value::some(*found);
    }
    static Value inserted(const Value& map, const std::string& key, const Value& v)
    {
        M::Entries entries = of(map).entries();
        entries.insert_or_assign(key, v);
        return M::make(std::move(entries));
    }
    static Value merged(const Value& base, const Value& over)
    {
        M::Entries entries = of(base).entries();
        for (const auto& [k, v] : of(over).entries())
            entries.insert_or_assign(k, v);
        return M::make(std::move(entries));
    }
};

struct TextMap {
    using M = data::StringMap;
    static constexpr const char* type = "StringMap";
    static Value entry(const std::string& key, const Value& v) { return M::make({{key, v.as_string()}}); }
    static const M& of(const Value& v)
    {
        const M* m = M::from(v);
        if (!m)
            throw EngineError("a StringMap was expected");
        return *m;
    }
    static Value lookup(const Value& map, const std::string& key, const Type*)
    {
        const std::string* found = of(map).find(key);
        return found ? Value::some(Value::string(*found)) : Value::none();
    }
    static Value inserted(const Value& map, const std::string& key, const Value& v)
    {
        M::Entries entries = of(map).entries();
        entries.insert_or_assign(key, v.as_string());
        return M::make(std::move(entries));
    }
    static Value merged(const Value& base, const Value& over)
    {
        M::Entries entries = of(base).entries();
        for (const auto& [k, v] : of(over).entries())
            entries.insert_or_assign(k, v);
        return M::make(std::move(entries));
    }
};

/// The generic `T` of a Map treatment; nullptr for StringMap ones.
template<class K> const Type* value_type(const TreatmentContext& ctx)
{
    if constexpr (std::is_same_v<K, AnyMap>)
        return &ctx.generic(0);
    else
        return nullptr;
}

template<class K> Task<> insert_stream(TreatmentContext& ctx)
{
    auto& out = ctx.output("map");
    const std::string key = ctx.param("key").as_string();
    PairReader pairs(ctx.input("base"), ctx.input("value"));
    while (auto chunk = co_await pairs.next()) {
        std::vector<Value> maps;
        maps.reserve(chunk->first.size());
        for (std::size_t i = 0; i < chunk->first.size(); ++i)
            maps.push_back(K::inserted(chunk->first.value_at(i), key, chunk->second.value_at(i)));
        if (const auto sent = co_await send_values(out, std::move(maps)); !sent)
            break;
    }
}

template<class K> Task<> entry_block(TreatmentContext& ctx)
{
    const auto value = co_await ctx.input("value").recv_one();
    if (!value)
        co_return;
    co_await ctx.output("map").send_one(K::entry(ctx.param("key").as_string(), *value));
}

template<class K> Task<> get_block(TreatmentContext& ctx)
{
    const auto map = co_await ctx.input("map").recv_one();
    if (!map)
        co_return;
    co_await ctx.output("value").send_one(K::lookup(*map, ctx.param("key").as_string(), value_type<K>(ctx)));
}

template<class K> Task<> insert_block(TreatmentContext& ctx)
{
    const auto base = co_await ctx.input("base").recv_one();
    if (!base)
        co_return;
    const auto value = co_await ctx.input("value").recv_one();
    if (!value)
        co_return;
    co_await ctx.output("map").send_one(K::inserted(*base, ctx.param("key").as_string(), *value));
}

template<class K> Task<> merge_block(TreatmentContext& ctx)
{
    const auto base = co_await ctx.input("base").recv_one();
    if (!base)
        co_return;
    const auto entries = co_await ctx.input("entries").recv_one();
    if (!entries) { // `entries` closed without a value: `base` unchanged
        co_await ctx.output("merged").send_one(*base);
        co_return;
    }
    co_await ctx.output("merged").send_one(K::merged(*base, *entries));
}

/// Registers the block area's four treatments (`generic` empty for StringMap, "T" for Map).
template<class K> void register_block_area(Registry& registry, const std::string& area_path, const std::string& value)
{
    const std::string map = K::type;
    const bool generic = value == "T";
    auto area = registry.area(area_path);
    {
        auto t = area.treatment("entry");
        if (generic)
            t.generic("T");
        t.param("key", "string")
            .input("value", "Block<" + value + ">")
            .output("map", "Block<" + map + ">")
            .doc("A map holding `value` under `key`, once `value` arrives.")
            .implementation(native(entry_block<K>));
    }
    {
        auto t = area.treatment("get");
        if (generic)
            t.generic("T");
        t.param("key", "string")
            .input("map", "Block<" + map + ">")
            .output("value", "Block<Option<" + value + ">>")
            .doc("The value under `key` in `map` once it arrives, or none when the key is absent" +
                 std::string(generic ? " or its value is not a `T`." : "."))
            .implementation(native(get_block<K>));
    }
    {
        auto t = area.treatment("insert");
        if (generic)
            t.generic("T");
        t.param("key", "string")
            .input("base", "Block<" + map + ">")
            .input("value", "Block<" + value + ">")
            .output("map", "Block<" + map + ">")
            .doc("A copy of `base` where `key` is set to `value`, once both have arrived.")
            .implementation(native(insert_block<K>));
    }
    if (generic) // the StringMap block merge is declared in stdlib/data/string_map/block.cpp
        area.treatment("merge")
            .input("base", "Block<" + map + ">")
            .input("entries", "Block<" + map + ">")
            .output("merged", "Block<" + map + ">")
            .doc("Overlay `entries` on `base`.\n\nWaits for `base`; when `entries` arrives too, `merged` is `base` "
                 "with every entry of `entries` added or replacing the existing one. When `entries` closes "
                 "without a value, `base` is sent unchanged. Nothing is sent if `base` never arrives.")
            .implementation(native(merge_block<K>));
}

template<class K> Task<> entry_stream(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& out = ctx.output("map");
    const std::string key = ctx.param("key").as_string();
    while (auto batch = co_await value.recv_many()) {
        std::vector<Value> maps;
        maps.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i)
            maps.push_back(K::entry(key, batch->value_at(i)));
        if (const auto sent = co_await send_values(out, std::move(maps)); !sent)
            break;
    }
}

template<class K> Task<> get_stream(TreatmentContext& ctx)
{
    auto& map = ctx.input("map");
    auto& out = ctx.output("value");
    const std::string key = ctx.param("key").as_string();
    const Type* type = value_type<K>(ctx);
    while (auto batch = co_await map.recv_many()) {
        std::vector<Value> found;
        found.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i)
            found.push_back(K::lookup(batch->value_at(i), key, type));
        if (const auto sent = co_await send_values(out, std::move(found)); !sent)
            break;
    }
}

} // namespace

void register_data_map_flows(Registry& registry)
{
    // std/data/map: |get, and the entry/get/insert treatments.
    auto map = registry.area("std/data/map");
    map.function("get")
        .generic("T")
        .param("map", "Map")
        .param("key", "string")
        .returns("Option<T>")
        .doc("The value under `key` in `map`, or none when the key is absent or its value is not a `T`.")
        .body([](std::span<const Type> generics, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 2);
            if (!data::Map::from(args[0]))
                return argument_error("|get", 0, args[0]);
            if (args[1].kind() != Value::Kind::String || generics.size() != 1)
                return argument_error("|get", 1, args[1]);
            return AnyMap::lookup(args[0], args[1].as_string(), &generics[0]);
        });
    map.treatment("entry")
        .generic("T")
        .param("key", "string")
        .input("value", "Stream<T>")
        .output("map", "Stream<Map>")
        .doc("Turn each value of the stream into a map holding it under `key`.")
        .implementation(native(entry_stream<AnyMap>));
    map.treatment("get")
        .generic("T")
        .param("key", "string")
        .input("map", "Stream<Map>")
        .output("value", "Stream<Option<T>>")
        .doc("Look `key` up in each map of the stream: its value, or none when the key is absent or its value is "
             "not a `T`.")
        .implementation(native(get_stream<AnyMap>));
    map.treatment("insert")
        .generic("T")
        .param("key", "string")
        .input("base", "Stream<Map>")
        .input("value", "Stream<T>")
        .output("map", "Stream<Map>")
        .doc("Each map of `base` with `key` set to the value of `value` taken with it (pairwise).")
        .implementation(native(insert_stream<AnyMap>));
    register_block_area<AnyMap>(registry, "std/data/map/block", "T");

    // std/data/string_map: |get, the insert treatment; the block area's entry/get/insert.
    auto text = registry.area("std/data/string_map");
    text.function("get")
        .param("map", "StringMap")
        .param("key", "string")
        .returns("Option<string>")
        .doc("The string under `key` in `map`, or none when the key is absent.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 2);
            if (!data::StringMap::from(args[0]))
                return argument_error("|get", 0, args[0]);
            if (args[1].kind() != Value::Kind::String)
                return argument_error("|get", 1, args[1]);
            return TextMap::lookup(args[0], args[1].as_string(), nullptr);
        });
    text.treatment("insert")
        .param("key", "string")
        .input("base", "Stream<StringMap>")
        .input("value", "Stream<string>")
        .output("map", "Stream<StringMap>")
        .doc("Each map of `base` with `key` set to the string of `value` taken with it (pairwise).")
        .implementation(native(insert_stream<TextMap>));
    register_block_area<TextMap>(registry, "std/data/string_map/block", "string");
}

} // namespace mel::stdlib
