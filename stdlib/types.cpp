// std/types, std/types/char, std/types/float — reference: libs/std-mel/src/types/ (std.md §2.22): type bounds
// and special values, as functions of their generic type.

#include <limits>
#include <string>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/engine/log.h"
#include "stdlib/function_args.h"
#include "stdlib/ops/numeric.h"

namespace mel::stdlib {

namespace {

/// The lowest (`highest` false) or highest value of a Bounded type: numbers (floats: the finite extremes),
/// byte, and log Level (the reference orders trace lowest, error highest).
Result<Value> bound(std::span<const Type> generics, bool highest)
{
    const char* name = highest ? "|max" : "|min";
    if (generics.size() != 1)
        return Error{std::string(name) + ": one generic type expected"};
    const Type& type = generics[0];
    if (type.is_data() && type.data_type().id.to_string() == "std/engine/log::Level")
        return engine::Level::make(highest ? engine::LogLevel::Error : engine::LogLevel::Trace);
    if (!type.is_core())
        return Error{std::string(name) + ": " + type.to_string() + " is not Bounded"};
    if (type.core_type() == CoreType::Byte)
        return Value::byte(highest ? 0xFF : 0);
    const auto kind = ::mel::engine::batch_kind_of(type);
    return visit_number_kind(
        kind,
        [&]<class T>(type_tag<T>) -> Result<Value> {
            if constexpr (std::is_floating_point_v<T>)
                return number_value(highest ? std::numeric_limits<T>::max() : std::numeric_limits<T>::lowest());
            else
                return number_value(highest ? limits<T>::max() : limits<T>::min());
        },
        [&]() -> Result<Value> { return Error{std::string(name) + ": " + type.to_string() + " is not Bounded"}; });
}

/// A special float value of the generic float type.
template<class Make> FunctionBody float_value(const char* name, Make make)
{
    return [name, make](std::span<const Type> generics, std::span<const Value> args) -> Result<Value> {
        expect_arity(args, 0);
        if (generics.size() != 1 || !generics[0].is_core())
            return Error{std::string(name) + ": a float type expected"};
        switch (generics[0].core_type()) {
        case CoreType::F32: return Value::f32(make.template operator()<float>());
        case CoreType::F64: return Value::f64(make.template operator()<double>());
        default: return Error{std::string(name) + ": " + generics[0].to_string() + " is not a float"};
        }
    };
}

} // namespace

void register_types(Registry& registry)
{
    auto types = registry.area("std/types");
    types.function("min")
        .generic("B", {Trait::Bounded})
        .returns("B")
        .doc("The lowest value of type `B` (for floats, the lowest finite value; for `Level`, `trace`).")
        .body([](std::span<const Type> generics, std::span<const Value> args) {
            expect_arity(args, 0);
            return bound(generics, false);
        });
    types.function("max")
        .generic("B", {Trait::Bounded})
        .returns("B")
        .doc("The highest value of type `B` (for floats, the highest finite value; for `Level`, `error`).")
        .body([](std::span<const Type> generics, std::span<const Value> args) {
            expect_arity(args, 0);
            return bound(generics, true);
        });

    registry.area("std/types/char")
        .function("replacement_character")
        .returns("char")
        .doc("The replacement character U+FFFD, which stands for undecodable text.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 0);
            return Value::character(U'\uFFFD');
        });

    auto floats = registry.area("std/types/float");
    floats.function("infinity")
        .generic("F", {Trait::Float})
        .returns("F")
        .doc("Positive infinity of the float type `F`.")
        .body(float_value("|infinity", []<class T>() { return std::numeric_limits<T>::infinity(); }));
    floats.function("neg_infinity")
        .generic("F", {Trait::Float})
        .returns("F")
        .doc("Negative infinity of the float type `F`.")
        .body(float_value("|neg_infinity", []<class T>() { return -std::numeric_limits<T>::infinity(); }));
    floats.function("nan")
        .generic("F", {Trait::Float})
        .returns("F")
        .doc("A NaN (not a number) of the float type `F`.")
        .body(float_value("|nan", []<class T>() { return std::numeric_limits<T>::quiet_NaN(); }));
}

} // namespace mel::stdlib
