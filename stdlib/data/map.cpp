// std/data/map — reference: libs/std-mel/src/data/map/mod.rs (std.md §2.17).
// Decision: entries are kept sorted by key (the reference's hash order is unspecified).

#include "stdlib/data/map.h"

#include <fmt/format.h>

#include "runtime/model/registry.h"
#include "runtime/model/wire.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"

namespace mel::stdlib {

namespace data {

Value Map::make(Entries entries)
{
    return Value::data(std::make_shared<const Map>(std::move(entries)));
}

const Map* Map::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data)
        return nullptr;
    const auto& object = value.as_data();
    return object->type_name() == k_type_name ? static_cast<const Map*>(object.get()) : nullptr;
}

const Value* Map::find(std::string_view key) const
{
    auto it = m_entries.find(key);
    return it == m_entries.end() ? nullptr : &it->second;
}

bool Map::equals(const DataObject& other) const
{
    return other.type_name() == k_type_name && static_cast<const Map&>(other).m_entries == m_entries;
}

} // namespace data

namespace {

using data::Map;

// |map(entries: Vec<Map>) -> Map: later maps overwrite the keys of earlier ones.
Result<Value> map_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    if (args[0].kind() != Value::Kind::Vec)
        return argument_error("|map", 0, args[0]);
    Map::Entries merged;
    for (const Value& element : args[0].as_vec()) {
        const Map* map = Map::from(element);
        if (!map)
            return argument_error("|map", 0, element);
        for (const auto& [key, value] : map->entries())
            merged.insert_or_assign(key, value);
    }
    return Map::make(std::move(merged));
}

// |entry<T>(key: string, value: T) -> Map
Result<Value> entry_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 2);
    if (args[0].kind() != Value::Kind::String)
        return argument_error("|entry", 0, args[0]);
    return Map::make({{args[0].as_string(), args[1]}});
}

// |insert<T>(map: Map, key: string, value: T) -> Map: a copy with `key` set.
Result<Value> insert_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 3);
    const Map* map = Map::from(args[0]);
    if (!map)
        return argument_error("|insert", 0, args[0]);
    if (args[1].kind() != Value::Kind::String)
        return argument_error("|insert", 1, args[1]);
    Map::Entries entries = map->entries();
    entries.insert_or_assign(args[1].as_string(), args[2]);
    return Map::make(std::move(entries));
}

/// A Map travels as its keys and values (runtime/model/wire.h); it cannot when one of its values cannot.
std::shared_ptr<const wire::DataCodec> map_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry& types) -> Status {
            const auto& entries = static_cast<const Map&>(o).entries();
            w.u32(static_cast<std::uint32_t>(entries.size()));
            for (const auto& [k, v] : entries) {
                w.string(k);
                if (auto s = wire::encode_value(v, w, &types); !s)
                    return Error{fmt::format("the Map entry `{}` cannot be sent: {}", k, s.error().message)};
            }
            return success();
        },
        [](wire::Reader& r, const Registry& types) -> Result<Value> {
            std::uint32_t count = 0;
            if (!r.u32(count))
                return wire::malformed("Map");
            Map::Entries entries;
            for (std::uint32_t i = 0; i < count; ++i) {
                std::string k;
                if (!r.string(k))
                    return wire::malformed("Map");
                auto v = wire::decode_value(r, &types);
                if (!v)
                    return v.error();
                entries.insert_or_assign(std::move(k), std::move(v).value());
            }
            return Map::make(std::move(entries));
        }});
}

} // namespace

void register_data_map(Registry& registry)
{
    auto area = registry.area("std/data/map");

    area.data_type("Map", {Trait::PartialEquality, Trait::Serialize, Trait::Display},
                   "A map from `string` keys to values of any type.\n\n"
                   "Values of different types can live in the same map. Two maps are equal when they hold "
                   "the same keys with equal values.",
                   map_codec());

    area.function("map")
        .param("entries", "Vec<Map>")
        .returns("Map")
        .doc("Merge the maps of `entries` into one map.\n\n"
             "Keys present in several maps take the value of the last one; `|map([])` is an empty map.")
        .body(map_body);

    area.function("entry")
        .generic("T")
        .param("key", "string")
        .param("value", "T")
        .returns("Map")
        .doc("A map holding the single entry `key` → `value`.")
        .body(entry_body);

    area.function("insert")
        .generic("T")
        .param("map", "Map")
        .param("key", "string")
        .param("value", "T")
        .returns("Map")
        .doc("A copy of `map` where `key` is set to `value` (added, or replaced when already present).")
        .body(insert_body);
}

} // namespace mel::stdlib
