// std/conv — reference: libs/std-mel/src/conv.rs, conversion rules in
// melodium-common/src/executive/value/traits.rs (std.md §0.5, §1, §2.4).
// Declared here: the elements real programs use (std.md §4). |to_string has its body; the treatments get
// theirs with the engine.

#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"

namespace mel::stdlib {

namespace {

// |to_string<T: ToString>(value: T) -> string
Result<Value> to_string_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    if (!args[0].is_core())
        return argument_error("|to_string", 0, args[0]);
    return Value::string(to_text(args[0]));
}

constexpr const char* k_text_forms =
    "Integers are written in decimal, floats in their shortest exact form without exponent (`1`, `0.1`, "
    "`NaN`, `inf`), `bool` as `true`/`false`, a `byte` as two lowercase hex digits (`0a`), `char` and "
    "`string` as themselves, `void` as the empty string.";

} // namespace

void register_conv(Registry& registry)
{
    auto area = registry.area("std/conv");

    area.function("to_string")
        .generic("T", {Trait::ToString})
        .param("value", "T")
        .returns("string")
        .doc(std::string("The text of `value`.\n\n") + k_text_forms)
        .body(to_string_body);

    area.treatment("toString")
        .generic("T", {Trait::ToString})
        .input("value", "Stream<T>")
        .output("into", "Stream<string>")
        .doc(std::string("Convert each value of the stream to its text.\n\n") + k_text_forms);

    area.treatment("tryToString")
        .generic("T", {Trait::TryToString})
        .input("value", "Stream<T>")
        .output("into", "Stream<Option<string>>")
        .doc("Convert each value of the stream to its text, as an option.\n\n"
             "Every type that can be converted gives an option holding the same text as `toString`.");

    area.treatment("toBytes")
        .generic("T")
        .input("value", "Stream<T>")
        .output("data", "Stream<Vec<byte>>")
        .doc("Convert each value of the stream to its binary form.\n\n"
             "Numbers give their big-endian bytes at the type's width (16 for `u128`, 8 for `f64`), `bool` "
             "gives 1 or 0, `byte` itself, `char` and `string` their UTF-8 encoding, `void` and none no "
             "byte, an option the bytes of the value it holds.");

    area.treatment("saturatingToI64")
        .generic("T", {Trait::SaturatingToI64})
        .input("value", "Stream<T>")
        .output("into", "Stream<i64>")
        .doc("Convert each number of the stream to `i64`, held at the bounds of `i64` when out of range.\n\n"
             "Floats are truncated toward zero; NaN gives 0.");
}

} // namespace mel::stdlib
