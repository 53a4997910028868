// std/flow/vec — reference: libs/std-mel/src/flow/vec.rs (std.md §2.2).
// Declared here: the elements real programs use (std.md §4); bodies come with the engine.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"

namespace mel::stdlib {

void register_flow_vec(Registry& registry)
{
    auto area = registry.area("std/flow/vec");

    area.treatment("flatten")
        .generic("T")
        .input("vector", "Stream<Vec<T>>")
        .output("value", "Stream<T>")
        .doc("Send the elements of every incoming vector, one by one.\n\n"
             "Order is kept; empty vectors contribute nothing.");
}

} // namespace mel::stdlib
