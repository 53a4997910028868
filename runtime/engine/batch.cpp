#include "runtime/engine/batch.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace mel::engine {

namespace {

template<BatchKind K> using KindTag = std::integral_constant<BatchKind, K>;

/// The one switch over batch kinds: calls `f(KindTag<K>{})` for the kind `k`.
template<class F> decltype(auto) dispatch(BatchKind k, F&& f)
{
    switch (k) {
    case BatchKind::Void: return f(KindTag<BatchKind::Void>{});
    case BatchKind::I8: return f(KindTag<BatchKind::I8>{});
    case BatchKind::I16: return f(KindTag<BatchKind::I16>{});
    case BatchKind::I32: return f(KindTag<BatchKind::I32>{});
    case BatchKind::I64: return f(KindTag<BatchKind::I64>{});
    case BatchKind::I128: return f(KindTag<BatchKind::I128>{});
    case BatchKind::U8: return f(KindTag<BatchKind::U8>{});
    case BatchKind::U16: return f(KindTag<BatchKind::U16>{});
    case BatchKind::U32: return f(KindTag<BatchKind::U32>{});
    case BatchKind::U64: return f(KindTag<BatchKind::U64>{});
    case BatchKind::U128: return f(KindTag<BatchKind::U128>{});
    case BatchKind::F32: return f(KindTag<BatchKind::F32>{});
    case BatchKind::F64: return f(KindTag<BatchKind::F64>{});
    case BatchKind::Bool: return f(KindTag<BatchKind::Bool>{});
    case BatchKind::Byte: return f(KindTag<BatchKind::Byte>{});
    case BatchKind::Char: return f(KindTag<BatchKind::Char>{});
    case BatchKind::String: return f(KindTag<BatchKind::String>{});
    case BatchKind::Values: return f(KindTag<BatchKind::Values>{});
    }
    MEL_UNREACHABLE("unknown batch kind");
}

/// Element `i` of storage of kind K as a Value.
template<BatchKind K> Value element_value(const detail::StorageOf<K>& s, std::size_t i)
{
    if constexpr (K == BatchKind::Void)
        return Value();
    else if constexpr (K == BatchKind::String || K == BatchKind::Values)
        return s[i];
    else if constexpr (K == BatchKind::Bool)
        return Value::boolean(s.data()[i]);
    else if constexpr (K == BatchKind::Byte)
        return Value::byte(std::to_integer<std::uint8_t>(s[i]));
    else if constexpr (K == BatchKind::Char)
        return Value::character(s[i]);
    else if constexpr (K == BatchKind::I8)
        return Value::i8(s[i]);
    else if constexpr (K == BatchKind::I16)
        return Value::i16(s[i]);
    else if constexpr (K == BatchKind::I32)
        return Value::i32(s[i]);
    else if constexpr (K == BatchKind::I64)
        return Value::i64(s[i]);
    else if constexpr (K == BatchKind::I128)
        return Value::i128(s[i]);
    else if constexpr (K == BatchKind::U8)
        return Value::u8(s[i]);
    else if constexpr (K == BatchKind::U16)
        return Value::u16(s[i]);
    else if constexpr (K == BatchKind::U32)
        return Value::u32(s[i]);
    else if constexpr (K == BatchKind::U64)
        return Value::u64(s[i]);
    else if constexpr (K == BatchKind::U128)
        return Value::u128(s[i]);
    else if constexpr (K == BatchKind::F32)
        return Value::f32(s[i]);
    else
        return Value::f64(s[i]);
}

[[noreturn]] void throw_misfit(const Value& v, BatchKind kind)
{
    throw EngineError(fmt::format("a value of type {} cannot travel on a {} port", kind_name(v.kind()),
                                  batch_kind_name(kind)));
}

/// Appends `v` to storage of kind K, checking that it fits (u8 and byte are interchanged).
template<BatchKind K> void push_value(detail::StorageOf<K>& s, const Value& v)
{
    using Kind = Value::Kind;
    if constexpr (K == BatchKind::Values) {
        s.push_back(v);
    } else if constexpr (K == BatchKind::Void) {
        if (v.kind() != Kind::Void)
            throw_misfit(v, K);
    } else if constexpr (K == BatchKind::U8 || K == BatchKind::Byte) {
        if (v.kind() != Kind::U8 && v.kind() != Kind::Byte)
            throw_misfit(v, K);
        if constexpr (K == BatchKind::Byte)
            s.push_back(std::byte{v.get<std::uint8_t>()});
        else
            s.push_back(v.get<std::uint8_t>());
    } else {
        if (v.kind() != static_cast<Kind>(K))
            throw_misfit(v, K);
        if constexpr (K == BatchKind::String)
            s.push_back(v);
        else if constexpr (K == BatchKind::Bool)
            s.push_back(v.as_bool());
        else if constexpr (K == BatchKind::Char)
            s.push_back(v.as_char());
        else
            s.push_back(v.get<typename detail::StorageOf<K>::value_type>());
    }
}

template<BatchKind K> void reserve_storage(detail::StorageOf<K>& s, std::size_t n)
{
    if constexpr (K != BatchKind::Void)
        s.reserve(n);
}

constexpr std::array<std::string_view, 18> k_kind_names = {
    "void", "i8",  "i16", "i32",  "i64",  "i128", "u8",   "u16",    "u32",
    "u64",  "u128", "f32", "f64", "bool", "byte", "char", "string", "value",
};

} // namespace

BatchKind batch_kind_of(const Type& type)
{
    return type.is_core() ? static_cast<BatchKind>(type.core_type()) : BatchKind::Values;
}

std::string_view batch_kind_name(BatchKind kind) { return k_kind_names[detail::kind_index(kind)]; }

// ---- BoolVector ----------------------------------------------------------------------------------

BoolVector::BoolVector(const BoolVector& other) { append(other.data(), other.size()); }

BoolVector& BoolVector::operator=(const BoolVector& other)
{
    if (this != &other) {
        m_size = 0;
        append(other.data(), other.size());
    }
    return *this;
}

void BoolVector::reserve(std::size_t capacity)
{
    if (capacity <= m_capacity)
        return;
    auto data = std::make_unique<bool[]>(capacity);
    if (m_size)
        std::memcpy(data.get(), m_data.get(), m_size);
    m_data = std::move(data);
    m_capacity = capacity;
}

void BoolVector::push_back(bool v)
{
    if (m_size == m_capacity)
        reserve(std::max<std::size_t>(16, m_capacity * 2));
    m_data[m_size++] = v;
}

void BoolVector::append(const bool* data, std::size_t count)
{
    if (count == 0)
        return;
    reserve(std::max(m_size + count, m_capacity * 2));
    std::memcpy(m_data.get() + m_size, data, count);
    m_size += count;
}

// ---- Batch ---------------------------------------------------------------------------------------

void Batch::throw_wrong_kind(BatchKind wanted) const
{
    throw EngineError(fmt::format("a {} batch read as {} elements", batch_kind_name(m_kind), batch_kind_name(wanted)));
}

const std::vector<Value>& Batch::value_vector() const
{
    return m_kind == BatchKind::String ? std::get<detail::kind_index(BatchKind::String)>(*m_storage)
                                       : std::get<detail::kind_index(BatchKind::Values)>(*m_storage);
}

StringRange Batch::strings() const
{
    if (m_kind != BatchKind::String)
        throw_wrong_kind(BatchKind::String);
    return StringRange(std::span<const Value>(value_vector().data() + m_offset, m_size));
}

Value Batch::value_at(std::size_t i) const
{
    MEL_ASSERT(i < m_size, "batch element out of range");
    return dispatch(m_kind, [&]<BatchKind K>(KindTag<K>) -> Value {
        if constexpr (K == BatchKind::Void)
            return Value();
        else
            return element_value<K>(std::get<detail::kind_index(K)>(*m_storage), m_offset + i);
    });
}

std::vector<Value> Batch::to_values() const
{
    std::vector<Value> out;
    out.reserve(m_size);
    for (std::size_t i = 0; i < m_size; ++i)
        out.push_back(value_at(i));
    return out;
}

Batch Batch::slice(std::size_t offset, std::size_t count) const
{
    MEL_ASSERT(offset + count <= m_size, "batch slice out of range");
    Batch b = *this;
    b.m_offset += offset;
    b.m_size = count;
    return b;
}

Batch Batch::converted(BatchKind kind) const
{
    if (kind == m_kind)
        return *this;
    if (kind == BatchKind::Byte && m_kind == BatchKind::U8) {
        auto src = as_span<std::uint8_t>();
        return of_bytes(std::as_bytes(src));
    }
    if (kind == BatchKind::U8 && m_kind == BatchKind::Byte) {
        auto src = bytes();
        std::vector<std::uint8_t> out(src.size());
        if (!src.empty())
            std::memcpy(out.data(), src.data(), src.size());
        return of(std::move(out));
    }
    if (kind == BatchKind::Void && m_kind != BatchKind::Values)
        throw EngineError(fmt::format("a {} batch cannot travel on a void port", batch_kind_name(m_kind)));
    BatchBuilder builder(kind);
    builder.append(*this);
    return builder.seal();
}

Batch Batch::of_bytes(std::span<const std::byte> bytes)
{
    return of_bytes(std::vector<std::byte>(bytes.begin(), bytes.end()));
}

Batch Batch::voids(std::size_t count)
{
    Batch b;
    b.m_size = count;
    return b;
}

Batch Batch::of_values(BatchKind kind, std::vector<Value> values)
{
    if (kind == BatchKind::Values)
        return make<BatchKind::Values>(std::move(values));
    BatchBuilder builder(kind);
    for (const Value& v : values)
        builder.push(v);
    return builder.seal();
}

// ---- BatchBuilder --------------------------------------------------------------------------------

BatchBuilder::BatchBuilder(BatchKind kind) : m_kind(kind) { reset_storage(0); }

void BatchBuilder::reset_storage(std::size_t reserve)
{
    dispatch(m_kind, [&]<BatchKind K>(KindTag<K>) {
        m_storage.emplace<detail::kind_index(K)>();
        if (reserve)
            reserve_storage<K>(std::get<detail::kind_index(K)>(m_storage), reserve);
    });
}

void BatchBuilder::push(const Value& value)
{
    dispatch(m_kind, [&]<BatchKind K>(KindTag<K>) {
        push_value<K>(std::get<detail::kind_index(K)>(m_storage), value);
    });
    ++m_size;
}

void BatchBuilder::append(const Batch& batch)
{
    if (batch.empty())
        return;
    if (batch.kind() == m_kind) {
        dispatch(m_kind, [&]<BatchKind K>(KindTag<K>) {
            if constexpr (K != BatchKind::Void) {
                auto& dst = std::get<detail::kind_index(K)>(m_storage);
                const auto& src = std::get<detail::kind_index(K)>(*batch.m_storage);
                if constexpr (K == BatchKind::Bool)
                    dst.append(src.data() + batch.m_offset, batch.m_size);
                else
                    dst.insert(dst.end(), src.begin() + static_cast<std::ptrdiff_t>(batch.m_offset),
                               src.begin() + static_cast<std::ptrdiff_t>(batch.m_offset + batch.m_size));
            }
        });
        m_size += batch.size();
        return;
    }
    if (m_kind == BatchKind::Byte && batch.kind() == BatchKind::U8) {
        append_bytes(std::as_bytes(batch.as_span<std::uint8_t>()));
        return;
    }
    for (std::size_t i = 0; i < batch.size(); ++i)
        push(batch.value_at(i));
}

void BatchBuilder::append_bytes(std::span<const std::byte> bytes)
{
    if (m_kind != BatchKind::Byte) {
        for (std::byte b : bytes)
            push(Value::byte(std::to_integer<std::uint8_t>(b)));
        return;
    }
    auto& dst = std::get<detail::kind_index(BatchKind::Byte)>(m_storage);
    dst.insert(dst.end(), bytes.begin(), bytes.end());
    m_size += bytes.size();
}

Batch BatchBuilder::seal()
{
    Batch b;
    b.m_kind = m_kind;
    b.m_size = m_size;
    if (m_kind != BatchKind::Void)
        b.m_storage = std::make_shared<const detail::BatchStorage>(std::move(m_storage));
    // The next batch is likely as big as this one: reserve up to the flush threshold of outputs.
    reset_storage(std::min<std::size_t>(m_size, 1u << 16));
    m_size = 0;
    return b;
}

void BatchBuilder::clear()
{
    reset_storage(0);
    m_size = 0;
}

} // namespace mel::engine
