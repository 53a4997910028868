// std/data/string_map/block — reference: libs/std-mel/src/data/string_map/block.rs (std.md §2.18).

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/data/string_map.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

using data::StringMap;

const StringMap& string_map(const Value& v)
{
    const StringMap* m = StringMap::from(v);
    if (!m)
        throw EngineError("merge: a StringMap was expected");
    return *m;
}

Task<> merge_body(TreatmentContext& ctx)
{
    auto& base = ctx.input("base");
    auto& entries = ctx.input("entries");
    auto& merged = ctx.output("merged");
    auto b = co_await base.recv_one();
    if (!b)
        co_return;
    auto e = co_await entries.recv_one();
    if (!e) { // `entries` closed without a value: `base` unchanged
        co_await merged.send_one(std::move(*b));
        co_return;
    }
    StringMap::Entries result = string_map(*b).entries();
    for (const auto& [key, value] : string_map(*e).entries())
        result.insert_or_assign(key, value);
    co_await merged.send_one(StringMap::make(std::move(result)));
}

} // namespace

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
        .implementation(native(merge_body));
}

} // namespace mel::stdlib
