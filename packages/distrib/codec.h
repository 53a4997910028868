#pragma once

// distrib — the binary encoding of values and batches on the wire (docs/distribution.md "Encoding"; DESIGN §6).
// Ours, not the reference's CBOR (packages.md §3.1): little-endian fixed-width scalars, strings and vectors
// with a u32 length, Data values as their type name plus a payload written by that type's codec. A `byte`
// batch is its bytes, unchanged (one buffer per batch, never one value per byte).
//
// Decoding never trusts its input: every length is checked against what is left, nesting is bounded, an
// unknown tag or data type is an error (the connection that sent it is then ended), never a crash.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/engine/batch.h"
#include "runtime/model/result.h"
#include "runtime/model/type.h"
#include "runtime/model/value.h"

namespace mel::packages::distrib {

/// Appends little-endian binary data to a byte vector.
class Writer {
public:
    explicit Writer(std::vector<std::byte>& out) : m_out(out) {}
    void u8(std::uint8_t v) { m_out.push_back(static_cast<std::byte>(v)); }
    void u16(std::uint16_t v) { raw(&v, sizeof v); }
    void u32(std::uint32_t v) { raw(&v, sizeof v); }
    void u64(std::uint64_t v) { raw(&v, sizeof v); }
    void raw(const void* data, std::size_t size);
    /// u32 length then the bytes.
    void string(std::string_view s);

private:
    std::vector<std::byte>& m_out;
};

/// Reads what a Writer wrote; every read fails (returns false, and stays failed) past the end.
class Reader {
public:
    explicit Reader(std::span<const std::byte> in) : m_in(in) {}
    bool u8(std::uint8_t& v) { return raw(&v, sizeof v); }
    bool u16(std::uint16_t& v) { return raw(&v, sizeof v); }
    bool u32(std::uint32_t& v) { return raw(&v, sizeof v); }
    bool u64(std::uint64_t& v) { return raw(&v, sizeof v); }
    bool raw(void* data, std::size_t size);
    bool string(std::string& s);
    /// A view of the next `size` bytes, consumed.
    bool bytes(std::size_t size, std::span<const std::byte>& out);
    std::size_t offset() const { return m_pos; }
    std::size_t remaining() const { return m_in.size() - m_pos; }
    bool failed() const { return m_failed; }

private:
    std::span<const std::byte> m_in;
    std::size_t m_pos = 0;
    bool m_failed = false;
};

/// How one data type travels: the payload of its Data values.
struct DataCodec {
    std::function<void(const DataObject&, Writer&)> encode;
    /// nullopt-like failure as an error Result; must consume exactly the payload.
    std::function<Result<Value>(Reader&)> decode;
};

/// The codec of the data type `type_name` ("Command", "StringMap"…); nullptr when it does not travel.
const DataCodec* data_codec(std::string_view type_name);
/// Every data type name with a codec, sorted.
std::vector<std::string> data_codec_names();

/// Appends `value`; an error for a Data value whose type has no codec.
Status encode_value(const Value& value, std::vector<std::byte>& out);
Result<Value> decode_value(Reader& in);
Result<Value> decode_value(std::span<const std::byte> bytes);

/// Whether `value` is of `type` (kinds, nesting and data type names); generics match nothing.
bool value_matches(const Value& value, const Type& type);

/// `batch` as a batch for a port of `type` and `kind`: itself, or converted (u8 ↔ byte); nullopt when a
/// value is not of the port's type (the reference then cuts the stream, packages.md §1.4).
std::optional<engine::Batch> conform_batch(const engine::Batch& batch, const Type& type, engine::BatchKind kind);

/// A batch's wire form is `u8 kind, u32 count, elements`. For a `byte` batch the elements are the raw
/// bytes, which encode_batch_header leaves out so that they can be written straight from the batch.
Status encode_batch(const engine::Batch& batch, std::vector<std::byte>& out);
void encode_batch_header(const engine::Batch& batch, std::vector<std::byte>& out);
/// Decodes a batch at `in`'s position; `in` must read `frame.bytes()` (a byte batch holding the whole frame):
/// a byte batch is then a slice of `frame`, sharing its storage (no copy). The batch must end the frame.
Result<engine::Batch> decode_batch(Reader& in, const engine::Batch& frame);

} // namespace mel::packages::distrib
