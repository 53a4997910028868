#pragma once

// Integer helpers that also cover i128/u128. Under -std=c++20 `__int128` is not an integral type for the
// standard library (std::is_integral_v, std::numeric_limits, std::make_unsigned and std::to_chars ignore it),
// so code generic over Mélodium's integers uses these instead.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "runtime/model/core_type.h"

namespace mel {

namespace detail {
template<class T> struct IntegerInfo {
    static constexpr bool is_integer = false;
};
template<class U, bool Signed> struct IntegerInfoBase {
    static constexpr bool is_integer = true;
    static constexpr bool is_signed = Signed;
    using Unsigned = U;
};
// The standard integer types and the two 128-bit ones; bool and the character types are excluded.
// clang-format off
template<> struct IntegerInfo<signed char> : IntegerInfoBase<unsigned char, true> {};
template<> struct IntegerInfo<short> : IntegerInfoBase<unsigned short, true> {};
template<> struct IntegerInfo<int> : IntegerInfoBase<unsigned, true> {};
template<> struct IntegerInfo<long> : IntegerInfoBase<unsigned long, true> {};
template<> struct IntegerInfo<long long> : IntegerInfoBase<unsigned long long, true> {};
template<> struct IntegerInfo<i128> : IntegerInfoBase<u128, true> {};
template<> struct IntegerInfo<unsigned char> : IntegerInfoBase<unsigned char, false> {};
template<> struct IntegerInfo<unsigned short> : IntegerInfoBase<unsigned short, false> {};
template<> struct IntegerInfo<unsigned> : IntegerInfoBase<unsigned, false> {};
template<> struct IntegerInfo<unsigned long> : IntegerInfoBase<unsigned long, false> {};
template<> struct IntegerInfo<unsigned long long> : IntegerInfoBase<unsigned long long, false> {};
template<> struct IntegerInfo<u128> : IntegerInfoBase<u128, false> {};
// clang-format on
} // namespace detail

/// True for the signed and unsigned integer types, i128 and u128 included; false for bool and characters.
template<class T> inline constexpr bool is_integer_v = detail::IntegerInfo<std::remove_cv_t<T>>::is_integer;

template<class T>
inline constexpr bool is_signed_integer_v = [] {
    if constexpr (is_integer_v<T>)
        return detail::IntegerInfo<std::remove_cv_t<T>>::is_signed;
    else
        return false;
}();

template<class T> inline constexpr bool is_unsigned_integer_v = is_integer_v<T> && !is_signed_integer_v<T>;

/// The unsigned type of the same width (u128 for i128).
template<class T>
requires is_integer_v<T>
using make_unsigned_t = typename detail::IntegerInfo<std::remove_cv_t<T>>::Unsigned;

/// Bounds of an integer type, i128/u128 included (std::numeric_limits<__int128> is not usable here).
template<class T>
requires is_integer_v<T>
struct limits {
    static constexpr bool is_signed = is_signed_integer_v<T>;
    /// Number of bits, sign included.
    static constexpr int bits = static_cast<int>(sizeof(T) * 8);
    /// Number of value bits, sign excluded (as std::numeric_limits::digits).
    static constexpr int digits = is_signed ? bits - 1 : bits;

    static constexpr T max()
    {
        constexpr auto all_ones = static_cast<make_unsigned_t<T>>(~make_unsigned_t<T>(0));
        if constexpr (is_signed)
            return static_cast<T>(all_ones >> 1);
        else
            return static_cast<T>(all_ones);
    }
    static constexpr T min()
    {
        if constexpr (is_signed)
            return static_cast<T>(-max() - 1);
        else
            return T(0);
    }
};

/// Decimal text of a 128-bit integer (`-170141183460469231731687303715884105728`).
std::string to_decimal(i128 value);
std::string to_decimal(u128 value);

/// Decimal text of any other integer type.
template<class T>
requires(is_integer_v<T> && sizeof(T) <= 8) std::string to_decimal(T value)
{
    char buffer[24];
    auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return std::string(buffer, result.ptr);
}

/// Parses ASCII decimal digits with an optional leading '+' (a '-' is rejected, even for "-0").
/// No whitespace, no empty digit string; none when the value exceeds u128.
std::optional<u128> parse_u128(std::string_view text);
/// Parses ASCII decimal digits with an optional leading '-' or '+'; none when out of the i128 range.
std::optional<i128> parse_i128(std::string_view text);

/// Parses a decimal integer of type T with the rules above; none when out of T's range.
template<class T>
requires is_integer_v<T> std::optional<T> parse_integer(std::string_view text)
{
    if constexpr (is_signed_integer_v<T>) {
        auto parsed = parse_i128(text);
        if (!parsed || *parsed < static_cast<i128>(limits<T>::min()) ||
            *parsed > static_cast<i128>(limits<T>::max()))
            return std::nullopt;
        return static_cast<T>(*parsed);
    } else {
        auto parsed = parse_u128(text);
        if (!parsed || *parsed > static_cast<u128>(limits<T>::max()))
            return std::nullopt;
        return static_cast<T>(*parsed);
    }
}

} // namespace mel
