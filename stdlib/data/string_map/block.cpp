// std/data/string_map/block — reference: libs/std-mel/src/data/string_map/block.rs (std.md §2.18).
// The bodies are written once for Map and StringMap (stdlib/data/map_flows.cpp).

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/data/map.h"

namespace mel::stdlib {

using data::MapKind;

void register_data_string_map_block(Registry& registry)
{
    auto area = registry.area("std/data/string_map/block");

    area.treatment("merge")
        .input("base", "Block<StringMap>")
        .input("entries", "Block<StringMap>")
        .output("merged", "Block<StringMap>")
        .doc("Overlay `entries` on `base`.\n\n"
             "Waits for `base`; when `entries` arrives too, `merged` is `base` with every entry of `entries` "
             "added or replacing the existing one. When `entries` closes without a value, `base` is sent "
             "unchanged. Nothing is sent if `base` never arrives.")
        .implementation(data::merge_block_body(MapKind::StringMap));
    area.treatment("entry")
        .param("key", "string")
        .input("value", "Block<string>")
        .output("map", "Block<StringMap>")
        .doc("A map holding `value` under `key`, once `value` arrives.")
        .implementation(data::entry_block_body(MapKind::StringMap));
    area.treatment("get")
        .param("key", "string")
        .input("map", "Block<StringMap>")
        .output("value", "Block<Option<string>>")
        .doc("The value under `key` in `map` once it arrives, or none when the key is absent.")
        .implementation(data::get_block_body(MapKind::StringMap));
    area.treatment("insert")
        .param("key", "string")
        .input("base", "Block<StringMap>")
        .input("value", "Block<string>")
        .output("map", "Block<StringMap>")
        .doc("A copy of `base` where `key` is set to `value`, once both have arrived.")
        .implementation(data::insert_block_body(MapKind::StringMap));
}

} // namespace mel::stdlib
