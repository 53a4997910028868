// std/ops — reference: libs/std-mel/src/ops/mod.rs (std.md §2.5).
// Declared here: the elements real programs use (std.md §4); bodies come with the engine. The block
// comparisons `std/ops/block::equal`/`equalTo` are written in Mélodium: stdlib/mel/ops/block.mel.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"

namespace mel::stdlib {

void register_ops(Registry& registry)
{
    auto area = registry.area("std/ops");

    area.treatment("equal")
        .generic("T", {Trait::PartialEquality})
        .input("a", "Stream<T>")
        .input("b", "Stream<T>")
        .output("result", "Stream<bool>")
        .doc("Compare two streams pairwise.\n\n"
             "One value is taken from `a` and one from `b`, and whether they are equal is sent on `result` "
             "(for floats, NaN is equal to nothing). Ends as soon as either stream is exhausted.");
}

} // namespace mel::stdlib
