#include "runtime/model/core_type.h"

#include <array>

namespace mel {

namespace {
constexpr std::array<std::string_view, k_core_type_count> k_names = {
    "void", "i8", "i16", "i32", "i64", "i128", "u8", "u16", "u32", "u64", "u128",
    "f32", "f64", "bool", "byte", "char", "string",
};
}

std::string_view core_type_name(CoreType t) { return k_names[static_cast<std::size_t>(t)]; }

std::optional<CoreType> core_type_from_name(std::string_view name)
{
    for (std::size_t i = 0; i < k_names.size(); ++i)
        if (k_names[i] == name)
            return static_cast<CoreType>(i);
    return std::nullopt;
}

} // namespace mel
