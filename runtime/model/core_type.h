#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mel {

using i128 = __int128;
using u128 = unsigned __int128;

/// The core data types of Mélodium (language.md §4.4). `byte` and `u8` are distinct types.
enum class CoreType : std::uint8_t {
    Void,
    I8, I16, I32, I64, I128,
    U8, U16, U32, U64, U128,
    F32, F64,
    Bool, Byte, Char, String,
};

inline constexpr int k_core_type_count = 17;

/// The name as written in Mélodium (`u128`, `string`…).
std::string_view core_type_name(CoreType);
/// The core type named `name`, if it is one.
std::optional<CoreType> core_type_from_name(std::string_view name);

constexpr bool is_signed_integer(CoreType t) { return t >= CoreType::I8 && t <= CoreType::I128; }
constexpr bool is_unsigned_integer(CoreType t) { return t >= CoreType::U8 && t <= CoreType::U128; }
constexpr bool is_integer(CoreType t) { return is_signed_integer(t) || is_unsigned_integer(t); }
constexpr bool is_float(CoreType t) { return t == CoreType::F32 || t == CoreType::F64; }
constexpr bool is_number(CoreType t) { return is_integer(t) || is_float(t); }

} // namespace mel
