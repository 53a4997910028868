// std/ops/bin — reference: libs/std-mel/src/ops/bin.rs (std.md §2.8).
// `Binary` types are bool (logical operations) and byte (bitwise operations).

#include <cstdint>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"

namespace mel::stdlib {

namespace {

// |and<B: Binary>(a: B, b: B) -> B
Result<Value> and_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 2);
    if (args[0].kind() != args[1].kind())
        return argument_error("|and", 1, args[1]);
    switch (args[0].kind()) {
    case Value::Kind::Bool:
        return Value::boolean(args[0].as_bool() && args[1].as_bool());
    case Value::Kind::Byte:
        return Value::byte(static_cast<std::uint8_t>(args[0].as_byte() & args[1].as_byte()));
    default:
        return argument_error("|and", 0, args[0]);
    }
}

// |not<B: Binary>(value: B) -> B
Result<Value> not_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    switch (args[0].kind()) {
    case Value::Kind::Bool:
        return Value::boolean(!args[0].as_bool());
    case Value::Kind::Byte:
        return Value::byte(static_cast<std::uint8_t>(~args[0].as_byte()));
    default:
        return argument_error("|not", 0, args[0]);
    }
}

} // namespace

void register_ops_bin(Registry& registry)
{
    auto area = registry.area("std/ops/bin");

    area.function("and")
        .generic("B", {Trait::Binary})
        .param("a", "B")
        .param("b", "B")
        .returns("B")
        .doc("`a` and `b`: logical conjunction of two `bool`, bitwise AND of two `byte`.")
        .body(and_body);

    area.function("not")
        .generic("B", {Trait::Binary})
        .param("value", "B")
        .returns("B")
        .doc("The negation of `value`: logical for a `bool`, bitwise for a `byte`.")
        .body(not_body);
}

} // namespace mel::stdlib
