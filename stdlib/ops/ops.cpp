// std/ops — reference: libs/std-mel/src/ops/mod.rs (std.md §2.5).
// Declared here: the elements real programs use (std.md §4). The block comparisons `std/ops/block::equal`/`equalTo` are written in Mélodium: stdlib/mel/ops/block.mel.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

Task<> equal_body(TreatmentContext& ctx)
{
    auto& a = ctx.input("a");
    auto& b = ctx.input("b");
    auto& result = ctx.output("result");
    PairReader pairs(a, b);
    while (auto chunk = co_await pairs.next()) {
        std::vector<bool> equal(chunk->first.size());
        for (std::size_t i = 0; i < equal.size(); ++i)
            equal[i] = chunk->first.value_at(i) == chunk->second.value_at(i); // IEEE for floats
        if (const auto outcome = co_await result.send_many(Batch::of(std::move(equal))); !outcome)
            break;
    }
}

} // namespace

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
             "(for floats, NaN is equal to nothing). Ends as soon as either stream is exhausted.")
        .implementation(native(equal_body));
}

} // namespace mel::stdlib
