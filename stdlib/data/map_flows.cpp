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

/// `base` with every entry of `over` added or replacing its own.
template<class K> Value merged(const Value& base, const Value& over)
{
    typename K::M::Entries entries = K::of(base).entries();
    for (const auto& [k, v] : K::of(over).entries())
        entries.insert_or_assign(k, v);
    return K::M::make(std::move(entries));
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
    co_await ctx.output("merged").send_one(merged<K>(*base, *entries));
}

/// For entry: each value as a map holding it under the track's `key`.
template<class K> auto entry_under_key(const TreatmentContext& ctx)
{
    return [key = ctx.param("key").as_string()](const Value& v) { return K::entry(key, v); };
}

/// For get: the value under the track's `key` in each map (none when absent or not of the generic type).
template<class K> auto lookup_key(const TreatmentContext& ctx)
{
    return [key = ctx.param("key").as_string(), type = value_type<K>(ctx)](const Value& map) {
        return K::lookup(map, key, type);
    };
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
        .implementation(native(map_treatment<Value>("value", "map", entry_under_key<AnyMap>)));
    map.treatment("get")
        .generic("T")
        .param("key", "string")
        .input("map", "Stream<Map>")
        .output("value", "Stream<Option<T>>")
        .doc("Look `key` up in each map of the stream: its value, or none when the key is absent or its value is "
             "not a `T`.")
        .implementation(native(map_treatment<Value>("map", "value", lookup_key<AnyMap>)));
    map.treatment("insert")
        .generic("T")
        .param("key", "string")
        .input("base", "Stream<Map>")
        .input("value", "Stream<T>")
        .output("map", "Stream<Map>")
        .doc("Each map of `base` with `key` set to the value of `value` taken with it (pairwise).")
        .implementation(native(insert_stream<AnyMap>));

    // std/data/string_map: |get, the insert treatment.
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
}

namespace data {

std::shared_ptr<const TreatmentImplementation> entry_block_body(MapKind kind)
{
    return kind == MapKind::Map ? native(map_block("value", "map", entry_under_key<AnyMap>))
                                : native(map_block("value", "map", entry_under_key<TextMap>));
}

std::shared_ptr<const TreatmentImplementation> get_block_body(MapKind kind)
{
    return kind == MapKind::Map ? native(map_block("map", "value", lookup_key<AnyMap>))
                                : native(map_block("map", "value", lookup_key<TextMap>));
}

std::shared_ptr<const TreatmentImplementation> insert_block_body(MapKind kind)
{
    return kind == MapKind::Map ? native(insert_block<AnyMap>) : native(insert_block<TextMap>);
}

std::shared_ptr<const TreatmentImplementation> merge_block_body(MapKind kind)
{
    return kind == MapKind::Map ? native(merge_block<AnyMap>) : native(merge_block<TextMap>);
}

} // namespace data

} // namespace mel::stdlib
