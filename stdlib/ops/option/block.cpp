// std/ops/option/block — reference: libs/std-mel/src/ops/option/block.rs (std.md §2.10).
// Bodies come with the engine.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"

namespace mel::stdlib {

void register_ops_option_block(Registry& registry)
{
    auto area = registry.area("std/ops/option/block");

    area.treatment("unwrap")
        .generic("T")
        .input("option", "Block<Option<T>>")
        .output("value", "Block<T>")
        .doc("Send the value held by `option`.\n\n"
             "When `option` is none, `value` closes without a value.");

    area.treatment("unwrapOr")
        .generic("T")
        .param("default", "T")
        .input("option", "Block<Option<T>>")
        .output("value", "Block<T>")
        .doc("Send the value held by `option`, or `default` when `option` is none.");

    area.treatment("wrap")
        .generic("T")
        .input("value", "Block<T>")
        .output("option", "Block<Option<T>>")
        .doc("Send `value` as an option that holds it.");

    area.treatment("map")
        .generic("T")
        .input("option", "Block<Option<T>>")
        .output("none", "Block<void>")
        .output("value", "Block<T>")
        .doc("Split an option in two branches.\n\n"
             "The held value is sent on `value`; a none sends `none` instead. With `reduce`, this allows "
             "processing only the present case and merging back.");

    area.treatment("reduce")
        .generic("T")
        .input("value", "Block<T>")
        .input("none", "Block<void>")
        .output("option", "Block<Option<T>>")
        .doc("Join two branches into an option.\n\n"
             "Whichever of `value` and `none` arrives first decides: an option holding the value, or none. "
             "Nothing is sent if both close without a value.");
}

} // namespace mel::stdlib
