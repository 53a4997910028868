#pragma once

// Dispatch over the numeric kinds of a Value for std function bodies: the operation is written once as a
// generic lambda and instantiated per type (STYLE §2.3); this is the one switch over kinds it needs.

#include <cstdint>
#include <type_traits>

#include "runtime/engine/batch.h"
#include "runtime/model/int128.h"
#include "runtime/model/result.h"
#include "runtime/model/value.h"

namespace mel::stdlib {

/// The Value of a typed number: std::int8_t → i8 … mel::u128 → u128, float → f32, double → f64.
template<class T> Value number_value(T v)
{
    if constexpr (std::is_same_v<T, std::int8_t>)
        return Value::i8(v);
    else if constexpr (std::is_same_v<T, std::int16_t>)
        return Value::i16(v);
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return Value::i32(v);
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return Value::i64(v);
    else if constexpr (std::is_same_v<T, i128>)
        return Value::i128(v);
    else if constexpr (std::is_same_v<T, std::uint8_t>)
        return Value::u8(v);
    else if constexpr (std::is_same_v<T, std::uint16_t>)
        return Value::u16(v);
    else if constexpr (std::is_same_v<T, std::uint32_t>)
        return Value::u32(v);
    else if constexpr (std::is_same_v<T, std::uint64_t>)
        return Value::u64(v);
    else if constexpr (std::is_same_v<T, u128>)
        return Value::u128(v);
    else if constexpr (std::is_same_v<T, float>)
        return Value::f32(v);
    else if constexpr (std::is_same_v<T, double>)
        return Value::f64(v);
    else
        static_assert(::mel::detail::k_dependent_false<T>, "number_value: not a Mélodium number type");
}

/// Calls `f(x)` with the typed payload of a number (i8…u128, f32, f64) and returns its Result<Value>;
/// returns `otherwise` for any other kind.
template<class F> Result<Value> visit_number(const Value& v, F&& f, Error otherwise)
{
    using Kind = Value::Kind;
    switch (v.kind()) {
    case Kind::I8:
        return f(v.as_i8());
    case Kind::I16:
        return f(v.as_i16());
    case Kind::I32:
        return f(v.as_i32());
    case Kind::I64:
        return f(v.as_i64());
    case Kind::I128:
        return f(v.as_i128());
    case Kind::U8:
        return f(v.as_u8());
    case Kind::U16:
        return f(v.as_u16());
    case Kind::U32:
        return f(v.as_u32());
    case Kind::U64:
        return f(v.as_u64());
    case Kind::U128:
        return f(v.as_u128());
    case Kind::F32:
        return f(v.as_f32());
    case Kind::F64:
        return f(v.as_f64());
    default:
        return otherwise;
    }
}

/// A type tag, to pass a type to a generic lambda: `f(type_tag<T>{})`.
template<class T> struct type_tag {
    using type = T;
};

/// Calls `f(type_tag<T>{})` for the number type of a batch kind (i8…u128, f32, f64); `otherwise()` for any
/// other kind. Both must return the same type.
template<class F, class G> decltype(auto) visit_number_kind(::mel::engine::BatchKind kind, F&& f, G&& otherwise)
{
    using K = ::mel::engine::BatchKind;
    switch (kind) {
    case K::I8:
        return f(type_tag<std::int8_t>{});
    case K::I16:
        return f(type_tag<std::int16_t>{});
    case K::I32:
        return f(type_tag<std::int32_t>{});
    case K::I64:
        return f(type_tag<std::int64_t>{});
    case K::I128:
        return f(type_tag<i128>{});
    case K::U8:
        return f(type_tag<std::uint8_t>{});
    case K::U16:
        return f(type_tag<std::uint16_t>{});
    case K::U32:
        return f(type_tag<std::uint32_t>{});
    case K::U64:
        return f(type_tag<std::uint64_t>{});
    case K::U128:
        return f(type_tag<u128>{});
    case K::F32:
        return f(type_tag<float>{});
    case K::F64:
        return f(type_tag<double>{});
    default:
        return otherwise();
    }
}

} // namespace mel::stdlib
