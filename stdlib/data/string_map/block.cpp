// std/data/string_map/block — reference: libs/std-mel/src/data/string_map/block.rs (std.md §2.18).

#include "runtime/model/registry.h"
#include "stdlib/areas.h"

namespace mel::stdlib {

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
             "unchanged. Nothing is sent if `base` never arrives.");
}

} // namespace mel::stdlib
