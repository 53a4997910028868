// std/data/string_map — reference: libs/std-mel/src/data/string_map/mod.rs (std.md §2.18).
// Decision: entries are kept sorted by key (the reference's hash order is unspecified).

#include "stdlib/data/string_map.h"

#include "runtime/model/registry.h"
#include "runtime/model/wire.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace data {

Value StringMap::make(Entries entries)
{
    return Value::data(std::make_shared<const StringMap>(std::move(entries)));
}

const StringMap* StringMap::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data)
        return nullptr;
    const auto& object = value.as_data();
    return object->type_name() == k_type_name ? static_cast<const StringMap*>(object.get()) : nullptr;
}

const std::string* StringMap::find(std::string_view key) const
{
    auto it = m_entries.find(key);
    return it == m_entries.end() ? nullptr : &it->second;
}

bool StringMap::equals(const DataObject& other) const
{
    return other.type_name() == k_type_name && static_cast<const StringMap&>(other).m_entries == m_entries;
}

} // namespace data

namespace {

using data::StringMap;

// |map(entries: Vec<StringMap>) -> StringMap: later maps overwrite the keys of earlier ones.
Result<Value> map_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    if (args[0].kind() != Value::Kind::Vec)
        return argument_error("|map", 0, args[0]);
    StringMap::Entries merged;
    for (const Value& element : args[0].as_vec()) {
        const StringMap* map = StringMap::from(element);
        if (!map)
            return argument_error("|map", 0, element);
        for (const auto& [key, value] : map->entries())
            merged.insert_or_assign(key, value);
    }
    return StringMap::make(std::move(merged));
}

// |entry(key: string, value: string) -> StringMap
Result<Value> entry_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 2);
    for (std::size_t i = 0; i < 2; ++i)
        if (args[i].kind() != Value::Kind::String)
            return argument_error("|entry", i, args[i]);
    return StringMap::make({{args[0].as_string(), args[1].as_string()}});
}

// |insert(map: StringMap, key: string, value: string) -> StringMap: a copy with `key` set.
Result<Value> insert_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 3);
    const StringMap* map = StringMap::from(args[0]);
    if (!map)
        return argument_error("|insert", 0, args[0]);
    for (std::size_t i = 1; i < 3; ++i)
        if (args[i].kind() != Value::Kind::String)
            return argument_error("|insert", i, args[i]);
    StringMap::Entries entries = map->entries();
    entries.insert_or_assign(args[1].as_string(), args[2].as_string());
    return StringMap::make(std::move(entries));
}

/// For entry: each string as a map holding it under the track's `key`.
auto entry_under_key(const TreatmentContext& ctx)
{
    return [key = ctx.param("key").as_string()](const std::string& v) { return StringMap::make({{key, v}}); };
}

/// For get: the string under the track's `key` in each map, or none.
auto lookup_key(const TreatmentContext& ctx)
{
    return [key = ctx.param("key").as_string()](const Value& v) {
        const StringMap* m = StringMap::from(v);
        if (!m)
            throw EngineError("get: a StringMap was expected");
        const std::string* s = m->find(key);
        return s ? Value::some(Value::string(*s)) : Value::none();
    };
}

/// A StringMap travels as its entries (runtime/model/wire.h).
std::shared_ptr<const wire::DataCodec> string_map_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry&) -> Status {
            w.string_map(static_cast<const StringMap&>(o).entries());
            return success();
        },
        [](wire::Reader& r, const Registry&) -> Result<Value> {
            StringMap::Entries entries;
            if (!r.string_map(entries))
                return wire::malformed("StringMap");
            return StringMap::make(std::move(entries));
        }});
}

} // namespace

void register_data_string_map(Registry& registry)
{
    auto area = registry.area("std/data/string_map");

    area.data_type("StringMap",
                   {Trait::Serialize, Trait::Deserialize, Trait::PartialEquality, Trait::Equality},
                   "A map from `string` keys to `string` values.\n\n"
                   "Used for environment variables, HTTP headers, template entries and every other "
                   "textual key/value set. Two maps are equal when they hold the same keys with the same "
                   "values.",
                   string_map_codec());

    area.function("map")
        .param("entries", "Vec<StringMap>")
        .returns("StringMap")
        .doc("Merge the maps of `entries` into one map.\n\n"
             "Keys present in several maps take the value of the last one; `|map([])` is an empty map.")
        .body(map_body);

    area.function("entry")
        .param("key", "string")
        .param("value", "string")
        .returns("StringMap")
        .doc("A map holding the single entry `key` → `value`.")
        .body(entry_body);

    area.treatment("entry")
        .param("key", "string")
        .input("value", "Stream<string>")
        .output("map", "Stream<StringMap>")
        .doc("Turn each string of `value` into a map holding it under `key`.\n\n"
             "One map is sent on `map` per incoming value, in order.")
        .implementation(native(map_treatment<std::string>("value", "map", entry_under_key)));

    area.function("insert")
        .param("map", "StringMap")
        .param("key", "string")
        .param("value", "string")
        .returns("StringMap")
        .doc("A copy of `map` where `key` is set to `value` (added, or replaced when already present).")
        .body(insert_body);

    area.treatment("get")
        .param("key", "string")
        .input("map", "Stream<StringMap>")
        .output("value", "Stream<Option<string>>")
        .doc("Look `key` up in each map of the stream.\n\n"
             "Sends, per incoming map, the value stored under `key`, or none when the key is absent.")
        .implementation(native(map_treatment<Value>("map", "value", lookup_key)));
}

} // namespace mel::stdlib
