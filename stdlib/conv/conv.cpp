// std/conv — reference: libs/std-mel/src/conv.rs, conversion rules in
// melodium-common/src/executive/value/traits.rs (std.md §0.5, §1, §2.4).
// Here: toString/tryToString, toBytes, toVoid; the numeric, bool, byte and char families are in families.cpp.
// Fix (std.md §3.5): `toBytes` on a vector gives the concatenation of its elements' binary forms, a
// `Vec<byte>` as declared, where the reference's treatment builds a nested vector of another type.

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

/// Appends the big-endian bytes of an integer of `width` bytes.
template<class U> void append_big_endian(std::vector<std::uint8_t>& out, U bits, std::size_t width)
{
    for (std::size_t i = width; i-- > 0;)
        out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}

void append_binary(std::vector<std::uint8_t>& out, const Value& value)
{
    using Kind = Value::Kind;
    switch (value.kind()) {
    case Kind::Void: return;
    case Kind::I8: append_big_endian(out, static_cast<std::uint8_t>(value.as_i8()), 1); return;
    case Kind::I16: append_big_endian(out, static_cast<std::uint16_t>(value.as_i16()), 2); return;
    case Kind::I32: append_big_endian(out, static_cast<std::uint32_t>(value.as_i32()), 4); return;
    case Kind::I64: append_big_endian(out, static_cast<std::uint64_t>(value.as_i64()), 8); return;
    case Kind::I128: append_big_endian(out, static_cast<u128>(value.as_i128()), 16); return;
    case Kind::U8: append_big_endian(out, value.as_u8(), 1); return;
    case Kind::U16: append_big_endian(out, value.as_u16(), 2); return;
    case Kind::U32: append_big_endian(out, value.as_u32(), 4); return;
    case Kind::U64: append_big_endian(out, value.as_u64(), 8); return;
    case Kind::U128: append_big_endian(out, value.as_u128(), 16); return;
    case Kind::F32: append_big_endian(out, std::bit_cast<std::uint32_t>(value.as_f32()), 4); return;
    case Kind::F64: append_big_endian(out, std::bit_cast<std::uint64_t>(value.as_f64()), 8); return;
    case Kind::Bool: out.push_back(value.as_bool() ? 1 : 0); return;
    case Kind::Byte: out.push_back(value.as_byte()); return;
    case Kind::Char: {
        std::string utf8;
        append_utf8(utf8, value.as_char());
        out.insert(out.end(), utf8.begin(), utf8.end());
        return;
    }
    case Kind::String: out.insert(out.end(), value.as_string().begin(), value.as_string().end()); return;
    case Kind::Vec:
        for (const Value& element : value.as_vec())
            append_binary(out, element);
        return;
    case Kind::Option:
        if (value.is_some())
            append_binary(out, value.option_value());
        return;
    case Kind::Data: return;
    }
}

std::vector<std::uint8_t> binary_form(const Value& value)
{
    std::vector<std::uint8_t> out;
    append_binary(out, value);
    return out;
}

/// The ToString form of a value that implements ToString (the checker guarantees it).
/// Core values and data types (whose ToString trait the checker verified) have a text form.
bool has_text(const Value& value)
{
    return value.is_core() || value.kind() == Value::Kind::Data;
}

std::string text_of(const Value& value)
{
    if (!has_text(value))
        throw EngineError(std::string("a ") + std::string(kind_name(value.kind())) + " has no ToString form");
    return to_text(value);
}

/// The binary form of `value` as a `Vec<byte>` value.
Value binary_value(const Value& value)
{
    std::vector<Value> bytes;
    for (const std::uint8_t b : binary_form(value))
        bytes.push_back(Value::byte(b));
    return Value::vec(std::move(bytes));
}

/// Every type implementing TryToString converts: never none.
Value try_text_of(const Value& value)
{
    return Value::some(Value::string(text_of(value)));
}

Task<> to_void_treatment(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& iter = ctx.output("iter");
    while (auto batch = co_await value.recv_many()) {
        if (const auto sent = co_await iter.send_many(Batch::voids(batch->size())); !sent)
            break;
    }
}

// |try_to_string<T: TryToString>(value: T) -> Option<string>
Result<Value> try_to_string_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    if (!has_text(args[0]))
        return argument_error("|try_to_string", 0, args[0]);
    return Value::some(Value::string(to_text(args[0])));
}

// |to_string<T: ToString>(value: T) -> string
Result<Value> to_string_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 1);
    if (!has_text(args[0]))
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
        .doc(std::string("Convert each value of the stream to its text.\n\n") + k_text_forms)
        .implementation(native(map_treatment<Value>("value", "into", without_params(text_of))));

    area.treatment("tryToString")
        .generic("T", {Trait::TryToString})
        .input("value", "Stream<T>")
        .output("into", "Stream<Option<string>>")
        .doc("Convert each value of the stream to its text, as an option.\n\n"
             "Every type that can be converted gives an option holding the same text as `toString`.")
        .implementation(native(map_treatment<Value>("value", "into", without_params(try_text_of))));

    area.treatment("toBytes")
        .generic("T")
        .input("value", "Stream<T>")
        .output("data", "Stream<Vec<byte>>")
        .doc("Convert each value of the stream to its binary form.\n\n"
             "Numbers give their big-endian bytes at the type's width (16 for `u128`, 8 for `f64`), `bool` "
             "gives 1 or 0, `byte` itself, `char` and `string` their UTF-8 encoding, `void` and none no "
             "byte, an option the bytes of the value it holds, a vector the bytes of its elements one after the "
             "other.")
        .implementation(native(map_treatment<Value>("value", "data", without_params(binary_value))));

    area.function("try_to_string")
        .generic("T", {Trait::TryToString})
        .param("value", "T")
        .returns("Option<string>")
        .doc("The text of `value`, as an option.\n\nEvery type that can be converted gives an option holding the "
             "same text as `|to_string`.")
        .body(try_to_string_body);

    area.function("to_void")
        .generic("T")
        .param("value", "T")
        .returns("void")
        .doc("Nothing: the value is dropped.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 1);
            return Value();
        });

    area.treatment("toVoid")
        .generic("T")
        .input("value", "Stream<T>")
        .output("iter", "Stream<void>")
        .doc("One `void` per value of the stream: the values are dropped, their count is kept.")
        .implementation(native(to_void_treatment));

    area.function("to_bytes")
        .generic("T")
        .param("value", "T")
        .returns("Vec<byte>")
        .doc("The binary form of `value` (as the treatment `toBytes`).\n\nDecision: a vector gives the bytes of its "
             "elements one after the other, where the reference gives an empty vector.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 1);
            return binary_value(args[0]);
        });

    register_conv_families(registry);
}

} // namespace mel::stdlib
