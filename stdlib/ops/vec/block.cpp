// std/ops/vec/block — reference: libs/std-mel/src/ops/vec/block.rs (std.md §2.11): membership and
// concatenation of two blocks. Quirk kept: the output of `concat` is named `concatened`.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/native.h"
#include "stdlib/ops/vec.h"

namespace mel::stdlib {

namespace {

/// Block treatment: `combine(x, y)` once both blocks have arrived; nothing if either never does.
template<class Combine> auto blocks_treatment(const char* x, const char* y, const char* port, Combine combine)
{
    return [x, y, port, combine](TreatmentContext& ctx) -> Task<> {
        auto& out = ctx.output(port);
        auto first = co_await ctx.input(x).recv_one();
        if (!first)
            co_return;
        auto second = co_await ctx.input(y).recv_one();
        if (!second)
            co_return;
        co_await out.send_one(combine(*first, *second));
    };
}

} // namespace

void register_ops_vec_block(Registry& registry)
{
    auto block = registry.area("std/ops/vec/block");
    block.treatment("contains")
        .generic("T", {Trait::PartialEquality})
        .input("value", "Block<T>")
        .input("vec", "Block<Vec<T>>")
        .output("contains", "Block<bool>")
        .doc("Whether `vec` holds `value`, once both have arrived.")
        .implementation(native(blocks_treatment("value", "vec", "contains", membership)));
    block.treatment("concat")
        .generic("T")
        .input("first", "Block<Vec<T>>")
        .input("second", "Block<Vec<T>>")
        .output("concatened", "Block<Vec<T>>")
        .doc("`first` followed by `second`, once both have arrived.")
        .implementation(native(blocks_treatment("first", "second", "concatened", concatenation)));
}

} // namespace mel::stdlib
