// std/data/map/block — reference: libs/std-mel/src/data/map/block.rs (std.md §2.17).
// The bodies are written once for Map and StringMap (stdlib/data/map_flows.cpp).

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/data/map.h"

namespace mel::stdlib {

using data::MapKind;

void register_data_map_block(Registry& registry)
{
    auto area = registry.area("std/data/map/block");

    area.treatment("entry")
        .generic("T")
        .param("key", "string")
        .input("value", "Block<T>")
        .output("map", "Block<Map>")
        .doc("A map holding `value` under `key`, once `value` arrives.")
        .implementation(data::entry_block_body(MapKind::Map));
    area.treatment("get")
        .generic("T")
        .param("key", "string")
        .input("map", "Block<Map>")
        .output("value", "Block<Option<T>>")
        .doc("The value under `key` in `map` once it arrives, or none when the key is absent or its value "
             "is not a `T`.")
        .implementation(data::get_block_body(MapKind::Map));
    area.treatment("insert")
        .generic("T")
        .param("key", "string")
        .input("base", "Block<Map>")
        .input("value", "Block<T>")
        .output("map", "Block<Map>")
        .doc("A copy of `base` where `key` is set to `value`, once both have arrived.")
        .implementation(data::insert_block_body(MapKind::Map));
    area.treatment("merge")
        .input("base", "Block<Map>")
        .input("entries", "Block<Map>")
        .output("merged", "Block<Map>")
        .doc("Overlay `entries` on `base`.\n\n"
             "Waits for `base`; when `entries` arrives too, `merged` is `base` with every entry of `entries` "
             "added or replacing the existing one. When `entries` closes without a value, `base` is sent "
             "unchanged. Nothing is sent if `base` never arrives.")
        .implementation(data::merge_block_body(MapKind::Map));
}

} // namespace mel::stdlib
