// std/ops/bin — reference: libs/std-mel/src/ops/bin.rs (std.md §2.8).
// `Binary` types are bool (logical operations) and byte (bitwise operations). Quirk kept (std.md §3.7): the
// output port of the `xor` treatment is named `or`.

#include <cstdint>
#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/pairwise.h"

namespace mel::stdlib {

namespace {

/// `logical(a, b)` on two bools, `bitwise(a, b)` on two bytes.
template<class Logical, class Bitwise> Pairwise binary(Logical logical, Bitwise bitwise)
{
    return [logical, bitwise](const Value& a, const Value& b) {
        if (a.kind() == Value::Kind::Bool && b.kind() == Value::Kind::Bool)
            return Value::boolean(logical(a.as_bool(), b.as_bool()));
        if (a.kind() == Value::Kind::Byte && b.kind() == Value::Kind::Byte)
            return Value::byte(static_cast<std::uint8_t>(bitwise(a.as_byte(), b.as_byte())));
        throw EngineError("std/ops/bin: " + std::string(kind_name(a.kind())) + " and " +
                          std::string(kind_name(b.kind())) + " are not two bools or two bytes");
    };
}

Value negation(const Value& v)
{
    switch (v.kind()) {
    case Value::Kind::Bool: return Value::boolean(!v.as_bool());
    case Value::Kind::Byte: return Value::byte(static_cast<std::uint8_t>(~v.as_byte()));
    default: throw EngineError("std/ops/bin: a " + std::string(kind_name(v.kind())) + " is not a bool or a byte");
    }
}

// |not<B: Binary>(value: B) -> B
Result<Value> not_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    if (args[0].kind() != Value::Kind::Bool && args[0].kind() != Value::Kind::Byte)
        return argument_error("|not", 0, args[0]);
    return negation(args[0]);
}

} // namespace

void register_ops_bin(Registry& registry)
{
    auto area = registry.area("std/ops/bin");

    pairwise(area, "and", "and", Trait::Binary, "and", "B",
             "`a` and `b`: logical conjunction of two `bool`, bitwise AND of two `byte`.",
             binary([](bool a, bool b) { return a && b; }, [](std::uint8_t a, std::uint8_t b) { return a & b; }), "B");
    pairwise(area, "or", "or", Trait::Binary, "or", "B",
             "`a` or `b`: logical disjunction of two `bool`, bitwise OR of two `byte`.",
             binary([](bool a, bool b) { return a || b; }, [](std::uint8_t a, std::uint8_t b) { return a | b; }), "B");
    pairwise(area, "xor", "xor", Trait::Binary, "or", "B",
             "`a` xor `b`: exclusive disjunction of two `bool`, bitwise XOR of two `byte`.\n\n"
             "The treatment's output is named `or`, as in the reference.",
             binary([](bool a, bool b) { return a != b; }, [](std::uint8_t a, std::uint8_t b) { return a ^ b; }), "B");

    area.function("not")
        .generic("B", {Trait::Binary})
        .param("value", "B")
        .returns("B")
        .doc("The negation of `value`: logical for a `bool`, bitwise for a `byte`.")
        .body(not_body);
    area.treatment("not")
        .generic("B", {Trait::Binary})
        .input("value", "Stream<B>")
        .output("not", "Stream<B>")
        .doc("The negation of each value: logical for a `bool`, bitwise for a `byte`.")
        .implementation(native(map_treatment<Value>("value", "not", without_params(negation))));
}

} // namespace mel::stdlib
