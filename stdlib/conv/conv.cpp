// std/conv — reference: libs/std-mel/src/conv.rs, conversion rules in
// melodium-common/src/executive/value/traits.rs (std.md §0.5, §1, §2.4).
// Declared here: the elements real programs use (std.md §4).
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

std::optional<std::int64_t> saturating_to_i64(const Value& value)
{
    using Limits = std::numeric_limits<std::int64_t>;
    const auto from_float = [](double f) -> std::int64_t {
        if (std::isnan(f))
            return 0;
        if (f >= 9223372036854775808.0) // 2^63
            return Limits::max();
        if (f < -9223372036854775808.0)
            return Limits::min();
        return static_cast<std::int64_t>(f); // truncation toward zero
    };
    switch (value.kind()) {
    case Value::Kind::I8: return value.as_i8();
    case Value::Kind::I16: return value.as_i16();
    case Value::Kind::I32: return value.as_i32();
    case Value::Kind::I64: return value.as_i64();
    case Value::Kind::I128: {
        const i128 v = value.as_i128();
        return v > Limits::max() ? Limits::max() : v < Limits::min() ? Limits::min() : static_cast<std::int64_t>(v);
    }
    case Value::Kind::U8: return value.as_u8();
    case Value::Kind::U16: return value.as_u16();
    case Value::Kind::U32: return value.as_u32();
    case Value::Kind::U64: {
        const std::uint64_t v = value.as_u64();
        return v > static_cast<std::uint64_t>(Limits::max()) ? Limits::max() : static_cast<std::int64_t>(v);
    }
    case Value::Kind::U128: {
        const u128 v = value.as_u128();
        return v > static_cast<u128>(Limits::max()) ? Limits::max() : static_cast<std::int64_t>(v);
    }
    case Value::Kind::F32: return from_float(value.as_f32());
    case Value::Kind::F64: return from_float(value.as_f64());
    default: return std::nullopt;
    }
}


/// The ToString form of a value that implements ToString (the checker guarantees it).
std::string text_of(const Value& value)
{
    if (!value.is_core())
        throw EngineError(std::string("a ") + std::string(kind_name(value.kind())) + " has no ToString form");
    return to_text(value);
}

Task<> to_string_treatment(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& into = ctx.output("into");
    while (auto batch = co_await value.recv_many()) {
        std::vector<std::string> texts;
        texts.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i)
            texts.push_back(text_of(batch->value_at(i)));
        if (const auto outcome = co_await into.send_many(Batch::of(std::move(texts))); !outcome)
            break;
    }
}

Task<> try_to_string_treatment(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& into = ctx.output("into");
    while (auto batch = co_await value.recv_many()) {
        // Every type implementing TryToString converts: never none.
        std::vector<Value> texts;
        texts.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i)
            texts.push_back(Value::some(Value::string(text_of(batch->value_at(i)))));
        if (const auto outcome = co_await send_values(into, std::move(texts)); !outcome)
            break;
    }
}

Task<> to_bytes_treatment(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& data = ctx.output("data");
    while (auto batch = co_await value.recv_many()) {
        std::vector<Value> forms;
        forms.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i) {
            const auto bytes = binary_form(batch->value_at(i));
            std::vector<Value> elements;
            elements.reserve(bytes.size());
            for (std::uint8_t b : bytes)
                elements.push_back(Value::byte(b));
            forms.push_back(Value::vec(std::move(elements)));
        }
        if (const auto outcome = co_await send_values(data, std::move(forms)); !outcome)
            break;
    }
}

Task<> saturating_to_i64_treatment(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& into = ctx.output("into");
    while (auto batch = co_await value.recv_many()) {
        std::vector<std::int64_t> numbers;
        numbers.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i) {
            const Value v = batch->value_at(i);
            auto n = saturating_to_i64(v);
            if (!n)
                throw EngineError(std::string("a ") + std::string(kind_name(v.kind())) + " is not a number");
            numbers.push_back(*n);
        }
        if (const auto outcome = co_await into.send_many(Batch::of(std::move(numbers))); !outcome)
            break;
    }
}

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
        .doc(std::string("Convert each value of the stream to its text.\n\n") + k_text_forms)
        .implementation(native(to_string_treatment));

    area.treatment("tryToString")
        .generic("T", {Trait::TryToString})
        .input("value", "Stream<T>")
        .output("into", "Stream<Option<string>>")
        .doc("Convert each value of the stream to its text, as an option.\n\n"
             "Every type that can be converted gives an option holding the same text as `toString`.")
        .implementation(native(try_to_string_treatment));

    area.treatment("toBytes")
        .generic("T")
        .input("value", "Stream<T>")
        .output("data", "Stream<Vec<byte>>")
        .doc("Convert each value of the stream to its binary form.\n\n"
             "Numbers give their big-endian bytes at the type's width (16 for `u128`, 8 for `f64`), `bool` "
             "gives 1 or 0, `byte` itself, `char` and `string` their UTF-8 encoding, `void` and none no "
             "byte, an option the bytes of the value it holds, a vector the bytes of its elements one after the "
             "other.")
        .implementation(native(to_bytes_treatment));

    area.treatment("saturatingToI64")
        .generic("T", {Trait::SaturatingToI64})
        .input("value", "Stream<T>")
        .output("into", "Stream<i64>")
        .doc("Convert each number of the stream to `i64`, held at the bounds of `i64` when out of range.\n\n"
             "Floats are truncated toward zero; NaN gives 0.")
        .implementation(native(saturating_to_i64_treatment));
}

} // namespace mel::stdlib
