#pragma once

// The runtime value (engine.md §5.1). Scalars live inline (a one-byte tag plus up to 16 bytes, so i128/u128
// need no allocation); string, Vec, Option payload and Data are shared immutable heap objects, so copying a
// Value only bumps a reference count and never copies deeply.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "runtime/model/assert.h"
#include "runtime/model/core_type.h"

namespace mel {

/// A native object carried by a Data value (StringMap, Map, Command…). Immutable once shared: "mutation"
/// builds a new object (engine.md §5.5).
class DataObject {
public:
    virtual ~DataObject() = default;
    /// The Mélodium data type name: "StringMap", "Map", "Command"…
    virtual std::string_view type_name() const = 0;
    /// The ToString trait form, for types that implement it.
    virtual std::string to_text() const { return std::string("/* ") + std::string(type_name()) + " */"; }
    /// The Display trait form (what log treatments print), for types that implement it.
    virtual std::string display() const { return std::string("/* ") + std::string(type_name()) + " */"; }
    /// Whether the type implements PartialEquality.
    virtual bool comparable() const { return false; }
    /// Only called with an object of the same type_name(), when comparable().
    virtual bool equals(const DataObject&) const { return false; }
};

class Value;

/// The kinds of Value, spelled `Value::Kind` (declared outside the class so that constant expressions inside
/// it can use them).
// clang-format off
enum class ValueKind : std::uint8_t {
    Void,
    I8, I16, I32, I64, I128,
    U8, U16, U32, U64, U128,
    F32, F64,
    Bool, Byte, Char, String,
    Vec, Option, Data,
};
// clang-format on

namespace detail {
// One alternative per Value::Kind, in the same order (U8 and Byte share a payload type, hence index access).
// Option: a null pointer is none.
// clang-format off
using ValueStorage = std::variant<
    std::monostate,
    std::int8_t, std::int16_t, std::int32_t, std::int64_t, i128,
    std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, u128,
    float, double,
    bool, std::uint8_t, char32_t,
    std::shared_ptr<const std::string>,
    std::shared_ptr<const std::vector<Value>>,
    std::shared_ptr<const Value>,
    std::shared_ptr<const DataObject>>;
// clang-format on
template<class> inline constexpr bool k_dependent_false = false;
constexpr std::size_t kind_index(ValueKind k)
{
    return static_cast<std::size_t>(k);
}
template<ValueKind K> using KindPayload = std::variant_alternative_t<kind_index(K), ValueStorage>;
} // namespace detail

class Value {
public:
    /// Void..String number like CoreType, so `static_cast<CoreType>(kind)` is valid for them.
    using Kind = ValueKind;

    /// The void value `_`.
    Value() = default;
    Value(const Value&) = default;
    Value& operator=(const Value&) = default;
    /// A moved-from Value is void.
    Value(Value&& other) noexcept : m_storage(std::move(other.m_storage)) { other.m_storage.emplace<0>(); }
    Value& operator=(Value&& other) noexcept
    {
        if (this != &other) {
            m_storage = std::move(other.m_storage);
            other.m_storage.emplace<0>();
        }
        return *this;
    }
    ~Value() = default;

    static Value i8(std::int8_t v) { return make<Kind::I8>(v); }
    static Value i16(std::int16_t v) { return make<Kind::I16>(v); }
    static Value i32(std::int32_t v) { return make<Kind::I32>(v); }
    static Value i64(std::int64_t v) { return make<Kind::I64>(v); }
    static Value i128(mel::i128 v) { return make<Kind::I128>(v); }
    static Value u8(std::uint8_t v) { return make<Kind::U8>(v); }
    static Value u16(std::uint16_t v) { return make<Kind::U16>(v); }
    static Value u32(std::uint32_t v) { return make<Kind::U32>(v); }
    static Value u64(std::uint64_t v) { return make<Kind::U64>(v); }
    static Value u128(mel::u128 v) { return make<Kind::U128>(v); }
    static Value f32(float v) { return make<Kind::F32>(v); }
    static Value f64(double v) { return make<Kind::F64>(v); }
    static Value boolean(bool v) { return make<Kind::Bool>(v); }
    static Value byte(std::uint8_t v) { return make<Kind::Byte>(v); }
    /// `c` must be a Unicode scalar value (asserted).
    static Value character(char32_t c);
    static Value string(std::string s);
    static Value vec(std::vector<Value> elements);
    static Value none() { return make<Kind::Option>(std::shared_ptr<const Value>()); }
    static Value some(Value inner);
    /// `object` must not be null (asserted).
    static Value data(std::shared_ptr<const DataObject> object);
    /// The zero of a core type: void, 0, 0.0, false, byte 0x00, char '\0', empty string.
    static Value zero_of(CoreType type);

    Kind kind() const { return static_cast<Kind>(m_storage.index()); }
    /// Void..String: the kinds that are also CoreTypes.
    bool is_core() const { return kind() <= Kind::String; }
    /// The core type of a core kind (asserted).
    CoreType core_type() const;

    // Typed access: MEL_ASSERT on the wrong kind.
    std::int8_t as_i8() const { return alternative<Kind::I8>(); }
    std::int16_t as_i16() const { return alternative<Kind::I16>(); }
    std::int32_t as_i32() const { return alternative<Kind::I32>(); }
    std::int64_t as_i64() const { return alternative<Kind::I64>(); }
    mel::i128 as_i128() const { return alternative<Kind::I128>(); }
    std::uint8_t as_u8() const { return alternative<Kind::U8>(); }
    std::uint16_t as_u16() const { return alternative<Kind::U16>(); }
    std::uint32_t as_u32() const { return alternative<Kind::U32>(); }
    std::uint64_t as_u64() const { return alternative<Kind::U64>(); }
    mel::u128 as_u128() const { return alternative<Kind::U128>(); }
    float as_f32() const { return alternative<Kind::F32>(); }
    double as_f64() const { return alternative<Kind::F64>(); }
    bool as_bool() const { return alternative<Kind::Bool>(); }
    std::uint8_t as_byte() const { return alternative<Kind::Byte>(); }
    char32_t as_char() const { return alternative<Kind::Char>(); }
    const std::string& as_string() const { return *alternative<Kind::String>(); }
    const std::vector<Value>& as_vec() const { return *alternative<Kind::Vec>(); }
    /// Predicates: false (no assertion) when the value is not an Option at all.
    bool is_none() const
    {
        return kind() == Kind::Option && !std::get<detail::kind_index(Kind::Option)>(m_storage);
    }
    bool is_some() const
    {
        return kind() == Kind::Option && std::get<detail::kind_index(Kind::Option)>(m_storage);
    }
    /// The payload of `some` (asserted).
    const Value& option_value() const;
    const std::shared_ptr<const DataObject>& as_data() const { return alternative<Kind::Data>(); }

    /// Typed access by C++ type: std::int8_t…std::int64_t, std::uint8_t…std::uint64_t, mel::i128, mel::u128,
    /// float, double, bool, char32_t, std::string. std::uint8_t reads U8 or Byte. Asserts on the wrong kind.
    template<class T> T get() const;

    /// Structural equality: same kind and equal payload; floats compare as IEEE (NaN != NaN, -0 == 0);
    /// Vec element-wise, Option by payload; Data only when both objects have the same type_name(), that type
    /// is comparable() and equals() says so (false otherwise, even for the same object).
    friend bool operator==(const Value& a, const Value& b);

private:
    template<Kind K, class Arg> static Value make(Arg&& arg)
    {
        Value v;
        v.m_storage.template emplace<detail::kind_index(K)>(std::forward<Arg>(arg));
        return v;
    }

    template<Kind K> const detail::KindPayload<K>& alternative() const
    {
        MEL_ASSERT(kind() == K, "Value accessed as the wrong kind");
        return std::get<detail::kind_index(K)>(m_storage);
    }

    detail::ValueStorage m_storage;
};

/// The name of a kind as in Mélodium ("i8", "string") or "Vec", "Option", "Data".
std::string_view kind_name(Value::Kind kind);

static_assert(sizeof(Value) <= 32, "a Value must stay small: tag plus 16 bytes");
static_assert(std::variant_size_v<detail::ValueStorage> == static_cast<std::size_t>(Value::Kind::Data) + 1);
static_assert(std::is_nothrow_move_constructible_v<Value>);
namespace detail {
constexpr bool kinds_number_like_core_types()
{
    using K = ValueKind;
    using C = CoreType;
    constexpr std::pair<K, C> pairs[] = {
        {K::Void, C::Void}, {K::I8, C::I8},         {K::I16, C::I16}, {K::I32, C::I32},   {K::I64, C::I64},
        {K::I128, C::I128}, {K::U8, C::U8},         {K::U16, C::U16}, {K::U32, C::U32},   {K::U64, C::U64},
        {K::U128, C::U128}, {K::F32, C::F32},       {K::F64, C::F64}, {K::Bool, C::Bool}, {K::Byte, C::Byte},
        {K::Char, C::Char}, {K::String, C::String},
    };
    for (auto [kind, core] : pairs)
        if (static_cast<int>(kind) != static_cast<int>(core))
            return false;
    return std::size(pairs) == static_cast<std::size_t>(k_core_type_count);
}
} // namespace detail
static_assert(detail::kinds_number_like_core_types(), "Value::Kind Void..String must number like CoreType");

template<class T> T Value::get() const
{
    if constexpr (std::is_same_v<T, std::int8_t>)
        return as_i8();
    else if constexpr (std::is_same_v<T, std::int16_t>)
        return as_i16();
    else if constexpr (std::is_same_v<T, std::int32_t>)
        return as_i32();
    else if constexpr (std::is_same_v<T, std::int64_t>)
        return as_i64();
    else if constexpr (std::is_same_v<T, mel::i128>)
        return as_i128();
    else if constexpr (std::is_same_v<T, std::uint8_t>)
        return kind() == Kind::Byte ? as_byte() : as_u8();
    else if constexpr (std::is_same_v<T, std::uint16_t>)
        return as_u16();
    else if constexpr (std::is_same_v<T, std::uint32_t>)
        return as_u32();
    else if constexpr (std::is_same_v<T, std::uint64_t>)
        return as_u64();
    else if constexpr (std::is_same_v<T, mel::u128>)
        return as_u128();
    else if constexpr (std::is_same_v<T, float>)
        return as_f32();
    else if constexpr (std::is_same_v<T, double>)
        return as_f64();
    else if constexpr (std::is_same_v<T, bool>)
        return as_bool();
    else if constexpr (std::is_same_v<T, char32_t>)
        return as_char();
    else if constexpr (std::is_same_v<T, std::string>)
        return as_string();
    else
        static_assert(detail::k_dependent_false<T>, "Value::get<T>: T is not a core payload type");
}

} // namespace mel
