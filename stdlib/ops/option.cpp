// std/ops/option — reference: libs/std-mel/src/ops/option/mod.rs (std.md §2.9).

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"

namespace mel::stdlib {

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
             "Nones are dropped, so `value` may be shorter than `option`.");

    area.treatment("unwrapOr")
        .generic("T")
        .param("default", "T")
        .input("option", "Stream<Option<T>>")
        .output("value", "Stream<T>")
        .doc("Forward the values held by the options of the stream, with `default` in place of each none.\n\n"
             "`value` has as many elements as `option`.");
}

} // namespace mel::stdlib
