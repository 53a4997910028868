// std/ops/option/block — reference: libs/std-mel/src/ops/option/block.rs (std.md §2.10).
// Options as blocks: `map` splits one into two branches (a none or a value), `reduce` joins them back.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/native.h"
#include "stdlib/ops/option.h"

namespace mel::stdlib {

namespace {

using ::mel::engine::tasks;
using ::mel::engine::when_all;

Task<> unwrap_body(TreatmentContext& ctx)
{
    auto& input = ctx.input("option");
    auto& value = ctx.output("value");
    if (auto o = co_await input.recv_one(); o && option(*o).is_some())
        co_await value.send_one(o->option_value());
}

Task<> map_body(TreatmentContext& ctx)
{
    auto& input = ctx.input("option");
    auto& none = ctx.output("none");
    auto& value = ctx.output("value");
    auto o = co_await input.recv_one();
    if (!o)
        co_return;
    if (option(*o).is_some())
        co_await value.send_one(o->option_value());
    else
        co_await none.send_one(Value());
}

Task<> reduce_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& none = ctx.input("none");
    auto& output = ctx.output("option");
    // Whichever of `value` and `none` arrives first decides (native.h, race_side).
    Race race;
    co_await when_all(tasks(race_side(value, none, output, race, Value::some),
                            race_side(none, value, output, race, [](Value) { return Value::none(); })));
}

} // namespace

void register_ops_option_block(Registry& registry)
{
    auto area = registry.area("std/ops/option/block");

    area.treatment("unwrap")
        .generic("T")
        .input("option", "Block<Option<T>>")
        .output("value", "Block<T>")
        .doc("Send the value held by `option`.\n\n"
             "When `option` is none, `value` closes without a value.")
        .implementation(native(unwrap_body));

    area.treatment("unwrapOr")
        .generic("T")
        .param("default", "T")
        .input("option", "Block<Option<T>>")
        .output("value", "Block<T>")
        .doc("Send the value held by `option`, or `default` when `option` is none.")
        .implementation(native(map_block("option", "value", held_or_default)));

    area.treatment("wrap")
        .generic("T")
        .input("value", "Block<T>")
        .output("option", "Block<Option<T>>")
        .doc("Send `value` as an option that holds it.")
        .implementation(native(map_block("value", "option", without_params(Value::some))));

    area.treatment("map")
        .generic("T")
        .input("option", "Block<Option<T>>")
        .output("none", "Block<void>")
        .output("value", "Block<T>")
        .doc("Split an option in two branches.\n\n"
             "The held value is sent on `value`; a none sends `none` instead. With `reduce`, this allows "
             "processing only the present case and merging back.")
        .implementation(native(map_body));

    area.treatment("reduce")
        .generic("T")
        .input("value", "Block<T>")
        .input("none", "Block<void>")
        .output("option", "Block<Option<T>>")
        .doc("Join two branches into an option.\n\n"
             "Whichever of `value` and `none` arrives first decides: an option holding the value, or none. "
             "Nothing is sent if both close without a value.")
        .implementation(native(reduce_body));
}

} // namespace mel::stdlib
