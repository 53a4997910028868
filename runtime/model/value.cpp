#include "runtime/model/value.h"

#include <array>

namespace mel {

namespace {

constexpr std::array<std::string_view, std::variant_size_v<detail::ValueStorage>> k_kind_names = {
    "void", "i8",  "i16", "i32",  "i64",  "i128", "u8",     "u16", "u32",    "u64",
    "u128", "f32", "f64", "bool", "byte", "char", "string", "Vec", "Option", "Data",
};

bool is_unicode_scalar(char32_t c)
{
    return c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
}

// Payload comparisons, one overload per payload type of detail::ValueStorage.
template<class T> bool payload_equal(const T& a, const T& b)
{
    return a == b;
}

bool payload_equal(const std::shared_ptr<const std::string>& a, const std::shared_ptr<const std::string>& b)
{
    return a == b || *a == *b;
}

bool payload_equal(const std::shared_ptr<const std::vector<Value>>& a,
                   const std::shared_ptr<const std::vector<Value>>& b)
{
    // Not short-cut on a == b: a shared vector holding NaN is still not equal to itself.
    return *a == *b;
}

bool payload_equal(const std::shared_ptr<const Value>& a, const std::shared_ptr<const Value>& b)
{
    if (!a || !b)
        return !a && !b;
    return *a == *b;
}

bool payload_equal(const std::shared_ptr<const DataObject>& a, const std::shared_ptr<const DataObject>& b)
{
    return a->type_name() == b->type_name() && a->comparable() && b->comparable() && a->equals(*b);
}

template<std::size_t I> bool equal_at(const detail::ValueStorage& a, const detail::ValueStorage& b)
{
    return payload_equal(std::get<I>(a), std::get<I>(b));
}

// Compares two storages holding the same alternative: one comparison function per index.
template<std::size_t... I>
bool storage_equal(const detail::ValueStorage& a, const detail::ValueStorage& b, std::index_sequence<I...>)
{
    using Compare = bool (*)(const detail::ValueStorage&, const detail::ValueStorage&);
    static constexpr Compare k_compare[] = {&equal_at<I>...};
    return k_compare[a.index()](a, b);
}

} // namespace

Value Value::character(char32_t c)
{
    MEL_ASSERT(is_unicode_scalar(c), "Value::character needs a Unicode scalar value");
    return make<Kind::Char>(c);
}

Value Value::string(std::string s)
{
    return make<Kind::String>(std::make_shared<const std::string>(std::move(s)));
}

Value Value::vec(std::vector<Value> elements)
{
    return make<Kind::Vec>(std::make_shared<const std::vector<Value>>(std::move(elements)));
}

Value Value::some(Value inner)
{
    return make<Kind::Option>(std::make_shared<const Value>(std::move(inner)));
}

Value Value::data(std::shared_ptr<const DataObject> object)
{
    MEL_ASSERT(object != nullptr, "Value::data needs an object");
    return make<Kind::Data>(std::move(object));
}

Value Value::zero_of(CoreType type)
{
    switch (type) {
    case CoreType::Void:
        return Value();
    case CoreType::I8:
        return i8(0);
    case CoreType::I16:
        return i16(0);
    case CoreType::I32:
        return i32(0);
    case CoreType::I64:
        return i64(0);
    case CoreType::I128:
        return i128(0);
    case CoreType::U8:
        return u8(0);
    case CoreType::U16:
        return u16(0);
    case CoreType::U32:
        return u32(0);
    case CoreType::U64:
        return u64(0);
    case CoreType::U128:
        return u128(0);
    case CoreType::F32:
        return f32(0.0f);
    case CoreType::F64:
        return f64(0.0);
    case CoreType::Bool:
        return boolean(false);
    case CoreType::Byte:
        return byte(0);
    case CoreType::Char:
        return character(U'\0');
    case CoreType::String:
        return string(std::string());
    }
    MEL_UNREACHABLE("Value::zero_of: unknown core type");
    return Value();
}

CoreType Value::core_type() const
{
    MEL_ASSERT(is_core(), "Value::core_type on a Vec, Option or Data value");
    return static_cast<CoreType>(kind());
}

const Value& Value::option_value() const
{
    const auto& inner = alternative<Kind::Option>();
    MEL_ASSERT(inner != nullptr, "Value::option_value on none");
    return *inner;
}

bool operator==(const Value& a, const Value& b)
{
    if (a.kind() != b.kind())
        return false;
    return storage_equal(a.m_storage, b.m_storage,
                         std::make_index_sequence<std::variant_size_v<detail::ValueStorage>>());
}

std::string_view kind_name(Value::Kind kind)
{
    return k_kind_names[static_cast<std::size_t>(kind)];
}

} // namespace mel
