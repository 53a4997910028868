// std/conv's conversion families (std.md §1 "Conversion rules", §2.4): `toX`/`|to_x` (infallible, the trait
// admits only lossless sources, floats aside), `tryToX`/`|try_to_x` (none when the value is not
// representable) and `saturatingToX`/`|saturating_to_x` (held at the bounds), for every target type but
// string (stdlib/conv/conv.cpp). Each target's rules are written once, on typed values, and registered for
// both forms. Quirk kept (std.md §3.10): from a float, the bounds are compared as floats, so when the target's
// MAX rounds up to a power of two in the float type, exactly that power passes and gives Some(MAX).

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/numeric.h"

namespace mel::stdlib {

namespace {

/// A byte, distinct from u8 in these templates.
struct Byte {
    std::uint8_t v;
};

/// Calls `f(typed source)` for a number, bool, byte (as Byte) or char; throws for another kind (the traits
/// keep them out).
template<class F> auto with_source(const Value& v, F&& f)
{
    using Kind = Value::Kind;
    switch (v.kind()) {
    case Kind::I8: return f(v.as_i8());
    case Kind::I16: return f(v.as_i16());
    case Kind::I32: return f(v.as_i32());
    case Kind::I64: return f(v.as_i64());
    case Kind::I128: return f(v.as_i128());
    case Kind::U8: return f(v.as_u8());
    case Kind::U16: return f(v.as_u16());
    case Kind::U32: return f(v.as_u32());
    case Kind::U64: return f(v.as_u64());
    case Kind::U128: return f(v.as_u128());
    case Kind::F32: return f(v.as_f32());
    case Kind::F64: return f(v.as_f64());
    case Kind::Bool: return f(v.as_bool());
    case Kind::Byte: return f(Byte{v.as_byte()});
    case Kind::Char: return f(v.as_char());
    default: throw EngineError("std/conv: a " + std::string(kind_name(v.kind())) + " cannot be converted");
    }
}

template<class T> constexpr bool is_float_v = std::is_floating_point_v<T>;
template<class T> constexpr bool is_int_v = is_integer_v<T>;

/// Whether integer `s` is within the bounds of integer type T.
template<class T, class S> bool fits(S s)
{
    if constexpr (is_signed_integer_v<S>) {
        if (s < S(0)) {
            if constexpr (is_unsigned_integer_v<T>)
                return false;
            else
                return static_cast<i128>(s) >= static_cast<i128>(limits<T>::min());
        }
    }
    return static_cast<u128>(s) <= static_cast<u128>(limits<T>::max());
}

[[noreturn]] void not_convertible(const char* target)
{
    throw EngineError(std::string("std/conv: no conversion of this value to ") + target);
}

/// Conversions to one integer type T.
template<class T> struct ToInteger {
    template<class S> static std::optional<T> try_to(S s)
    {
        if constexpr (is_int_v<S>) {
            if (!fits<T>(s))
                return std::nullopt;
            return static_cast<T>(s);
        } else if constexpr (is_float_v<S>) {
            if (!std::isfinite(s))
                return std::nullopt;
            const S low = static_cast<S>(limits<T>::min());
            const S high = static_cast<S>(limits<T>::max()); // may have rounded up (the quirk)
            if (s < low || s > high)
                return std::nullopt;
            if (s >= high)
                return limits<T>::max();
            return static_cast<T>(s); // truncation toward zero
        } else if constexpr (std::is_same_v<S, Byte>) {
            return static_cast<T>(s.v);
        } else {
            not_convertible("an integer");
        }
    }
    template<class S> static T saturating(S s)
    {
        if constexpr (is_int_v<S>) {
            if (fits<T>(s))
                return static_cast<T>(s);
            return s < S(0) ? limits<T>::min() : limits<T>::max();
        } else if constexpr (is_float_v<S>) {
            if (std::isnan(s))
                return T(0);
            if (s <= static_cast<S>(limits<T>::min()))
                return limits<T>::min();
            if (s >= static_cast<S>(limits<T>::max()))
                return limits<T>::max();
            return static_cast<T>(s);
        } else {
            not_convertible("an integer");
        }
    }
    template<class S> static T to(S s)
    {
        if constexpr (is_float_v<S>)
            return saturating(s); // not admitted by the traits; defined anyway
        else if (auto r = try_to(s))
            return *r;
        not_convertible("an integer (out of range)");
    }
};

/// Conversions to a float type T: a plain cast (rounding; an f64 too large for f32 becomes ±inf).
template<class T> struct ToFloat {
    template<class S> static T to(S s)
    {
        if constexpr (is_int_v<S> || is_float_v<S>)
            return static_cast<T>(s);
        else
            not_convertible("a float");
    }
    template<class S> static std::optional<T> try_to(S s) { return to(s); }
    template<class S> static T saturating(S s) { return to(s); }
};

struct ToBool {
    template<class S> static bool to(S s)
    {
        if constexpr (std::is_same_v<S, bool>)
            return s;
        else if constexpr (std::is_same_v<S, Byte>)
            return s.v != 0;
        else if constexpr (is_int_v<S>)
            return s != S(0);
        else
            not_convertible("bool");
    }
    template<class S> static std::optional<bool> try_to(S s) { return to(s); }
};

struct ToByte {
    template<class S> static Byte to(S s)
    {
        if constexpr (std::is_same_v<S, Byte>)
            return s;
        else if constexpr (std::is_same_v<S, bool>)
            return Byte{static_cast<std::uint8_t>(s ? 1 : 0)};
        else if constexpr (std::is_same_v<S, std::uint8_t>)
            return Byte{s};
        else
            not_convertible("byte");
    }
    template<class S> static std::optional<Byte> try_to(S s) { return to(s); }
};

struct ToChar {
    template<class S> static char32_t to(S s)
    {
        if constexpr (std::is_same_v<S, char32_t>)
            return s;
        else
            not_convertible("char");
    }
    template<class S> static std::optional<char32_t> try_to(S s) { return to(s); }
};

template<class T> Value value_of(T v)
{
    if constexpr (std::is_same_v<T, bool>)
        return Value::boolean(v);
    else if constexpr (std::is_same_v<T, Byte>)
        return Value::byte(v.v);
    else if constexpr (std::is_same_v<T, char32_t>)
        return Value::character(v);
    else
        return number_value(v);
}

template<class T> Value value_of(std::optional<T> v) { return v ? Value::some(value_of(*v)) : Value::none(); }

/// The batch of a target's values (typed; a byte batch for Byte).
template<class T> Batch batch_of(std::vector<T> values)
{
    if constexpr (std::is_same_v<T, Byte>) {
        std::vector<std::byte> bytes;
        bytes.reserve(values.size());
        for (const Byte b : values)
            bytes.push_back(static_cast<std::byte>(b.v));
        return Batch::of_bytes(std::move(bytes));
    } else {
        return Batch::of(std::move(values));
    }
}

template<class T> Batch batch_of(std::vector<std::optional<T>> values)
{
    std::vector<Value> out;
    out.reserve(values.size());
    for (const auto& v : values)
        out.push_back(value_of(v));
    return Batch::of(std::move(out));
}

/// `convert(value)` for each value of `value`, sent on `into`.
template<class Convert> Task<> conversion_body(TreatmentContext& ctx, Convert convert)
{
    auto& value = ctx.input("value");
    auto& into = ctx.output("into");
    while (auto batch = co_await value.recv_many()) {
        const Batch source = *std::move(batch);
        Batch converted = batch_of(generated(source.size(), [&](std::size_t i) { return convert(source.value_at(i)); }));
        if (const auto sent = co_await into.send_many(std::move(converted)); !sent)
            break;
    }
}

enum class Mode { To, TryTo, Saturating };

template<class Rules, Mode M> auto converter()
{
    return [](const Value& v) {
        return with_source(v, [](auto s) {
            if constexpr (M == Mode::To)
                return Rules::to(s);
            else if constexpr (M == Mode::TryTo)
                return Rules::try_to(s);
            else
                return Rules::saturating(s);
        });
    };
}

struct Target {
    const char* camel;  // I8: toI8, tryToI8, saturatingToI8
    const char* snake;  // i8: |to_i8, |try_to_i8, |saturating_to_i8
    const char* type;   // Mélodium type
    Trait to, try_to;
    std::optional<Trait> saturating;
};

bool is_float_target(const Target& t) { return t.snake[0] == 'f'; }

template<class Rules, Mode M> void member(AreaBuilder& area, const Target& t, Trait trait, const char* prefix_camel,
                                          const char* prefix_snake, std::string result, std::string doc)
{
    const auto convert = converter<Rules, M>();
    area.function(std::string(prefix_snake) + t.snake)
        .generic("T", {trait})
        .param("value", "T")
        .returns(result)
        .doc(doc)
        .body([convert](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 1);
            try {
                return value_of(convert(args[0]));
            } catch (const EngineError& e) {
                return Error{e.what()};
            }
        });
    area.treatment(std::string(prefix_camel) + t.camel)
        .generic("T", {trait})
        .input("value", "Stream<T>")
        .output("into", "Stream<" + result + ">")
        .doc(doc + "\n\nApplied to each value of the stream, in order.")
        .implementation(native([convert](TreatmentContext& ctx) { return conversion_body(ctx, convert); }));
}

template<class Rules> void target(AreaBuilder& area, const Target& t, std::string to_doc)
{
    const std::string type = t.type;
    member<Rules, Mode::To>(area, t, t.to, "to", "to_", type, "Convert to `" + type + "`.\n\n" + to_doc);
    member<Rules, Mode::TryTo>(area, t, t.try_to, "tryTo", "try_to_", "Option<" + type + ">",
                               "Convert to `" + type + "` when the value is representable as one; none otherwise.");
    if constexpr (requires { Rules::saturating(0); })
        if (t.saturating)
            member<Rules, Mode::Saturating>(
                area, t, *t.saturating, "saturatingTo", "saturating_to_", type,
                "Convert to `" + type + "`, held at the bounds of `" + type + "` when out of range.\n\n" +
                    (is_float_target(t) ? std::string("A plain conversion: it rounds, and gives ±∞ beyond the range.")
                                        : std::string("Floats are truncated toward zero; NaN gives 0.")));
}

} // namespace

void register_conv_families(Registry& registry)
{
    auto area = registry.area("std/conv");
    using Tr = Trait;
    const std::string widening = "Only types whose every value fits convert this way (a narrower integer of the "
                                 "right signedness, or a smaller unsigned one into a signed type).";
    target<ToInteger<std::int8_t>>(area, {"I8", "i8", "i8", Tr::ToI8, Tr::TryToI8, Tr::SaturatingToI8}, widening);
    target<ToInteger<std::int16_t>>(area, {"I16", "i16", "i16", Tr::ToI16, Tr::TryToI16, Tr::SaturatingToI16}, widening);
    target<ToInteger<std::int32_t>>(area, {"I32", "i32", "i32", Tr::ToI32, Tr::TryToI32, Tr::SaturatingToI32}, widening);
    target<ToInteger<std::int64_t>>(area, {"I64", "i64", "i64", Tr::ToI64, Tr::TryToI64, Tr::SaturatingToI64}, widening);
    target<ToInteger<i128>>(area, {"I128", "i128", "i128", Tr::ToI128, Tr::TryToI128, Tr::SaturatingToI128}, widening);
    target<ToInteger<std::uint8_t>>(area, {"U8", "u8", "u8", Tr::ToU8, Tr::TryToU8, Tr::SaturatingToU8},
                                    widening + " A `byte` gives its value.");
    target<ToInteger<std::uint16_t>>(area, {"U16", "u16", "u16", Tr::ToU16, Tr::TryToU16, Tr::SaturatingToU16}, widening);
    target<ToInteger<std::uint32_t>>(area, {"U32", "u32", "u32", Tr::ToU32, Tr::TryToU32, Tr::SaturatingToU32}, widening);
    target<ToInteger<std::uint64_t>>(area, {"U64", "u64", "u64", Tr::ToU64, Tr::TryToU64, Tr::SaturatingToU64}, widening);
    target<ToInteger<u128>>(area, {"U128", "u128", "u128", Tr::ToU128, Tr::TryToU128, Tr::SaturatingToU128}, widening);
    const std::string to_float = "Any number converts; the result is rounded to the nearest representable value.";
    target<ToFloat<float>>(area, {"F32", "f32", "f32", Tr::ToF32, Tr::TryToF32, Tr::SaturatingToF32}, to_float);
    target<ToFloat<double>>(area, {"F64", "f64", "f64", Tr::ToF64, Tr::TryToF64, Tr::SaturatingToF64}, to_float);
    target<ToBool>(area, {"Bool", "bool", "bool", Tr::ToBool, Tr::TryToBool, std::nullopt},
                   "Integers and bytes are true when not zero.");
    target<ToByte>(area, {"Byte", "byte", "byte", Tr::ToByte, Tr::TryToByte, std::nullopt},
                   "A `u8` gives the byte of the same value, `bool` gives 1 or 0.");
    target<ToChar>(area, {"Char", "char", "char", Tr::ToChar, Tr::TryToChar, std::nullopt}, "A `char` gives itself.");
}

} // namespace mel::stdlib
