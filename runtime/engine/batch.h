#pragma once

// Batches: what travels on a connection (DESIGN §4 "Batches", engine.md §5.3).
//
// A batch is typed by the *port* it travels on (engine.md §9.18): one contiguous vector per core scalar type,
// `byte` as a contiguous `std::byte` buffer (never one Value per byte, and distinct from `u8`), strings as
// string Values (so that receiving one is a reference-count bump), and every other type (Vec, Option, Data)
// as a vector of Values. A sent batch is immutable and shared: fan-out hands the same storage to every
// consumer, and `slice` views part of it without copying.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "runtime/model/type.h"
#include "runtime/model/value.h"

namespace mel::engine {

/// A failure of native code that the engine turns into a treatment failure (exit code 3): a value of the
/// wrong type sent on a port, an unknown port name…
class EngineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Void..String number like CoreType; everything else travels as Values.
// clang-format off
enum class BatchKind : std::uint8_t {
    Void,
    I8, I16, I32, I64, I128,
    U8, U16, U32, U64, U128,
    F32, F64,
    Bool, Byte, Char, String,
    Values,
};
// clang-format on

/// The batch kind of a concrete port type: the core type itself, Values for Vec/Option/Data.
BatchKind batch_kind_of(const Type& type);
std::string_view batch_kind_name(BatchKind kind);

/// Contiguous bools (std::vector<bool> is a bitset, and a span of bool needs real bools).
class BoolVector {
public:
    BoolVector() = default;
    BoolVector(const BoolVector& other);
    BoolVector& operator=(const BoolVector& other);
    BoolVector(BoolVector&&) noexcept = default;
    BoolVector& operator=(BoolVector&&) noexcept = default;

    void push_back(bool v);
    void append(const bool* data, std::size_t count);
    void reserve(std::size_t capacity);
    std::size_t size() const { return m_size; }
    const bool* data() const { return m_data.get(); }

private:
    std::unique_ptr<bool[]> m_data;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
};

namespace detail {
// One alternative per BatchKind, in the same order (String and Values share a payload type, hence index
// access). Void batches keep no storage: the count is the batch's size.
// clang-format off
using BatchStorage = std::variant<
    std::monostate,
    std::vector<std::int8_t>, std::vector<std::int16_t>, std::vector<std::int32_t>, std::vector<std::int64_t>,
    std::vector<i128>,
    std::vector<std::uint8_t>, std::vector<std::uint16_t>, std::vector<std::uint32_t>, std::vector<std::uint64_t>,
    std::vector<u128>,
    std::vector<float>, std::vector<double>,
    BoolVector, std::vector<std::byte>, std::vector<char32_t>,
    std::vector<Value>,
    std::vector<Value>>;
// clang-format on
constexpr std::size_t kind_index(BatchKind k) { return static_cast<std::size_t>(k); }
template<BatchKind K> using StorageOf = std::variant_alternative_t<kind_index(K), BatchStorage>;

/// The batch kind whose elements are T (Value means Values; strings are read with Batch::strings()).
template<class T> constexpr BatchKind kind_of_element()
{
    // clang-format off
    if constexpr (std::is_same_v<T, std::int8_t>) return BatchKind::I8;
    else if constexpr (std::is_same_v<T, std::int16_t>) return BatchKind::I16;
    else if constexpr (std::is_same_v<T, std::int32_t>) return BatchKind::I32;
    else if constexpr (std::is_same_v<T, std::int64_t>) return BatchKind::I64;
    else if constexpr (std::is_same_v<T, i128>) return BatchKind::I128;
    else if constexpr (std::is_same_v<T, std::uint8_t>) return BatchKind::U8;
    else if constexpr (std::is_same_v<T, std::uint16_t>) return BatchKind::U16;
    else if constexpr (std::is_same_v<T, std::uint32_t>) return BatchKind::U32;
    else if constexpr (std::is_same_v<T, std::uint64_t>) return BatchKind::U64;
    else if constexpr (std::is_same_v<T, u128>) return BatchKind::U128;
    else if constexpr (std::is_same_v<T, float>) return BatchKind::F32;
    else if constexpr (std::is_same_v<T, double>) return BatchKind::F64;
    else if constexpr (std::is_same_v<T, bool>) return BatchKind::Bool;
    else if constexpr (std::is_same_v<T, std::byte>) return BatchKind::Byte;
    else if constexpr (std::is_same_v<T, char32_t>) return BatchKind::Char;
    else if constexpr (std::is_same_v<T, Value>) return BatchKind::Values;
    else static_assert(sizeof(T) == 0, "not a batch element type");
    // clang-format on
}
} // namespace detail

/// The strings of a String batch, as `const std::string&`.
class StringRange {
public:
    class Iterator {
    public:
        using value_type = std::string;
        using difference_type = std::ptrdiff_t;
        Iterator() = default;
        explicit Iterator(const Value* at) : m_at(at) {}
        const std::string& operator*() const { return m_at->as_string(); }
        Iterator& operator++()
        {
            ++m_at;
            return *this;
        }
        Iterator operator++(int)
        {
            Iterator old = *this;
            ++m_at;
            return old;
        }
        friend bool operator==(const Iterator&, const Iterator&) = default;

    private:
        const Value* m_at = nullptr;
    };

    explicit StringRange(std::span<const Value> values) : m_values(values) {}
    std::size_t size() const { return m_values.size(); }
    bool empty() const { return m_values.empty(); }
    const std::string& operator[](std::size_t i) const { return m_values[i].as_string(); }
    Iterator begin() const { return Iterator(m_values.data()); }
    Iterator end() const { return Iterator(m_values.data() + m_values.size()); }

private:
    std::span<const Value> m_values;
};

class Batch {
public:
    /// An empty void batch.
    Batch() = default;

    BatchKind kind() const { return m_kind; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    /// Typed access: T is the element type of the kind (std::int8_t…, mel::i128, float, bool, char32_t,
    /// std::byte for byte batches; Value for String and Values batches). Throws EngineError on another kind.
    template<class T> std::span<const T> as_span() const
    {
        constexpr BatchKind k = detail::kind_of_element<T>();
        if constexpr (k == BatchKind::Values) {
            if (m_kind != BatchKind::Values && m_kind != BatchKind::String)
                throw_wrong_kind(k);
            return std::span<const Value>(value_vector().data() + m_offset, m_size);
        } else if constexpr (k == BatchKind::Bool) {
            if (m_kind != k)
                throw_wrong_kind(k);
            return std::span<const bool>(std::get<detail::kind_index(k)>(*m_storage).data() + m_offset, m_size);
        } else {
            if (m_kind != k)
                throw_wrong_kind(k);
            return std::span<const T>(std::get<detail::kind_index(k)>(*m_storage).data() + m_offset, m_size);
        }
    }
    /// The bytes of a byte batch, contiguous.
    std::span<const std::byte> bytes() const { return as_span<std::byte>(); }
    /// The strings of a String batch.
    StringRange strings() const;

    /// Element `i` as a Value (any kind).
    Value value_at(std::size_t i) const;
    std::vector<Value> to_values() const;

    /// Elements [offset, offset + count) sharing this batch's storage.
    Batch slice(std::size_t offset, std::size_t count) const;

    /// The same elements as a batch of `kind`: this batch itself when it already is one; otherwise a
    /// converted copy (u8 ↔ byte, Values → typed, typed → Values). Throws EngineError when an element
    /// does not fit `kind`.
    Batch converted(BatchKind kind) const;

    /// A batch of `values` (std::vector<bool> accepted for bool batches).
    template<class T> static Batch of(std::vector<T> values)
    {
        if constexpr (std::is_same_v<T, bool>) {
            BoolVector b;
            b.reserve(values.size());
            for (bool v : values)
                b.push_back(v);
            return make<BatchKind::Bool>(std::move(b));
        } else if constexpr (std::is_same_v<T, std::string>) {
            std::vector<Value> out;
            out.reserve(values.size());
            for (auto& s : values)
                out.push_back(Value::string(std::move(s)));
            return make<BatchKind::String>(std::move(out));
        } else {
            return make<detail::kind_of_element<T>()>(std::move(values));
        }
    }
    static Batch of_bytes(std::vector<std::byte> bytes) { return make<BatchKind::Byte>(std::move(bytes)); }
    static Batch of_bytes(std::span<const std::byte> bytes);
    static Batch voids(std::size_t count);
    /// Values converted into a batch of `kind` (throws EngineError when one does not fit).
    static Batch of_values(BatchKind kind, std::vector<Value> values);

    template<BatchKind K> static Batch make(detail::StorageOf<K> elements)
    {
        Batch b;
        b.m_kind = K;
        if constexpr (K == BatchKind::Void) {
            return b;
        } else {
            b.m_size = elements.size();
            b.m_storage = std::make_shared<const detail::BatchStorage>(std::in_place_index<detail::kind_index(K)>,
                                                                       std::move(elements));
            return b;
        }
    }

private:
    friend class BatchBuilder;
    [[noreturn]] void throw_wrong_kind(BatchKind wanted) const;
    /// The storage of a String or Values batch.
    const std::vector<Value>& value_vector() const;

    std::shared_ptr<const detail::BatchStorage> m_storage;
    std::size_t m_offset = 0;
    std::size_t m_size = 0;
    BatchKind m_kind = BatchKind::Void;
};

/// Accumulates values of one kind into a batch (an output's pending buffer).
class BatchBuilder {
public:
    explicit BatchBuilder(BatchKind kind);

    BatchKind kind() const { return m_kind; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }

    /// Throws EngineError when the value is not of the builder's kind (u8 and byte are interchanged).
    void push(const Value& value);
    /// Appends a batch of any kind, converted (throws EngineError when an element does not fit).
    void append(const Batch& batch);
    void append_bytes(std::span<const std::byte> bytes);
    /// Takes the accumulated elements as a batch; the builder is empty again.
    Batch seal();
    void clear();

private:
    void reset_storage(std::size_t reserve);

    BatchKind m_kind;
    std::size_t m_size = 0;
    detail::BatchStorage m_storage;
};

} // namespace mel::engine
