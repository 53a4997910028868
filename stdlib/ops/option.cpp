// std/ops/option — reference: libs/std-mel/src/ops/option/mod.rs (std.md §2.9).

#include "stdlib/ops/option.h"

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

const Value& option(const Value& v)
{
    if (v.kind() != Value::Kind::Option)
        throw EngineError("an option was expected");
    return v;
}

std::function<Value(const Value&)> held_or_default(const TreatmentContext& ctx)
{
    return [fallback = ctx.param("default")](const Value& o) {
        return option(o).is_some() ? o.option_value() : fallback;
    };
}

namespace {

// |wrap<T>(value: T) -> Option<T>
Result<Value> wrap_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    return Value::some(args[0]);
}

// |unwrap_or<T>(option: Option<T>, default: T) -> T
Result<Value> unwrap_or_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 2);
    if (args[0].kind() != Value::Kind::Option)
        return argument_error("|unwrap_or", 0, args[0]);
    return args[0].is_some() ? args[0].option_value() : args[1];
}

Task<> unwrap_treatment(TreatmentContext& ctx)
{
    auto& options = ctx.input("option");
    auto& value = ctx.output("value");
    while (auto batch = co_await options.recv_many()) {
        std::vector<Value> held; // nones are dropped
        held.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i)
            if (const Value o = batch->value_at(i); option(o).is_some())
                held.push_back(o.option_value());
        if (const auto outcome = co_await send_values(value, std::move(held)); !outcome)
            break;
    }
}

Task<> fuse_treatment(TreatmentContext& ctx)
{
    auto& options = ctx.input("option");
    auto& value = ctx.output("value");
    while (auto batch = co_await options.recv_many()) {
        std::vector<Value> held;
        held.reserve(batch->size());
        bool fused = false;
        for (std::size_t i = 0; i < batch->size() && !fused; ++i) {
            const Value o = batch->value_at(i);
            if (option(o).is_some())
                held.push_back(o.option_value());
            else
                fused = true;
        }
        const auto outcome = co_await send_values(value, std::move(held));
        if (!outcome || fused)
            break;
    }
}

} // namespace

void register_ops_option(Registry& registry)
{
    auto area = registry.area("std/ops/option");

    area.function("wrap")
        .generic("T")
        .param("value", "T")
        .returns("Option<T>")
        .doc("`value` as an option that holds it.\n\n"
             "Typically used to give a value to an optional parameter.")
        .body(wrap_body);

    area.function("unwrap_or")
        .generic("T")
        .param("option", "Option<T>")
        .param("default", "T")
        .returns("T")
        .doc("The value held by `option`, or `default` when `option` is none.")
        .body(unwrap_or_body);

    area.treatment("unwrap")
        .generic("T")
        .input("option", "Stream<Option<T>>")
        .output("value", "Stream<T>")
        .doc("Forward the values held by the options of the stream.\n\n"
             "Nones are dropped, so `value` may be shorter than `option`.")
        .implementation(native(unwrap_treatment));

    area.treatment("unwrapOr")
        .generic("T")
        .param("default", "T")
        .input("option", "Stream<Option<T>>")
        .output("value", "Stream<T>")
        .doc("Forward the values held by the options of the stream, with `default` in place of each none.\n\n"
             "`value` has as many elements as `option`.")
        .implementation(native(map_treatment<Value>("option", "value", held_or_default)));

    area.treatment("fuse")
        .generic("T")
        .input("option", "Stream<Option<T>>")
        .output("value", "Stream<T>")
        .doc("Forward the values held by the options of the stream, until the first none: `value` ends there.")
        .implementation(native(fuse_treatment));

    area.treatment("wrap")
        .generic("T")
        .input("value", "Stream<T>")
        .output("option", "Stream<Option<T>>")
        .doc("Each value of the stream as an option that holds it.")
        .implementation(native(map_treatment<Value>("value", "option", without_params(Value::some))));
}

} // namespace mel::stdlib
