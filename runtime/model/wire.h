#pragma once

// The binary form of values, for values that travel to another engine (docs/distribution.md "Encoding";
// DESIGN §6). Ours, not the reference's CBOR (packages.md §3.1): little-endian fixed-width scalars, strings
// and vectors with a u32 length, Data values as their type name plus a payload written by that type's codec.
//
// A data type travels when the package declaring it registers a DataCodec with it (AreaBuilder::data_type);
// values find their codec through the Registry by type name, nested values (a Map's entries) too.
//
// Decoding never trusts its input: every length is checked against what is left, nesting is bounded, an
// unknown tag or data type is an error, never a crash.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/result.h"
#include "runtime/model/value.h"

namespace mel {

class Registry;

namespace wire {

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
    /// u32 count then each string.
    void strings(const std::vector<std::string>& strings);
    /// u32 count then each key and value (strings).
    void string_map(const std::map<std::string, std::string, std::less<>>& map);

    /// How many bytes the vector holds; overwrite_u32 replaces 4 of them at `at` (a length written after its
    /// content).
    std::size_t size() const { return m_out.size(); }
    void overwrite_u32(std::size_t at, std::uint32_t v);

private:
    std::vector<std::byte>& m_out;
};

/// Reads what a Writer wrote; every read fails (returns false, and stays failed) past the end.
class Reader {
public:
    /// `depth`: how deeply the values read here are nested in the value that holds them (a Data payload's).
    explicit Reader(std::span<const std::byte> in, int depth = 0) : m_in(in), m_depth(depth) {}
    bool u8(std::uint8_t& v) { return raw(&v, sizeof v); }
    bool u16(std::uint16_t& v) { return raw(&v, sizeof v); }
    bool u32(std::uint32_t& v) { return raw(&v, sizeof v); }
    bool u64(std::uint64_t& v) { return raw(&v, sizeof v); }
    bool raw(void* data, std::size_t size);
    bool string(std::string& s);
    bool strings(std::vector<std::string>& strings);
    /// Later duplicates of a key replace earlier ones.
    bool string_map(std::map<std::string, std::string, std::less<>>& map);
    /// A view of the next `size` bytes, consumed.
    bool bytes(std::size_t size, std::span<const std::byte>& out);
    std::size_t offset() const { return m_pos; }
    std::size_t remaining() const { return m_in.size() - m_pos; }
    bool failed() const { return m_failed; }
    int depth() const { return m_depth; }

private:
    std::span<const std::byte> m_in;
    std::size_t m_pos = 0;
    int m_depth = 0;
    bool m_failed = false;
};

/// How the values of one data type travel: the payload of its Data values. Registered with the type by the
/// package that declares it; `types` is the registry the codec was found in, for nested values.
struct DataCodec {
    /// Writes the payload of `object` (of this codec's type); an error when a nested value cannot travel.
    std::function<Status(const DataObject& object, Writer& out, const Registry& types)> encode;
    /// Reads a payload written by encode (nested values through decode_value(in, &types), which bounds their
    /// nesting); an error for anything malformed. decode_value checks that the payload was read to its end.
    std::function<Result<Value>(Reader& in, const Registry& types)> decode;
};

/// The error for bytes that are not a value: "malformed value: <what>".
Error malformed(std::string_view what);

/// Appends `value`; an error naming the type for a Data value whose type has no codec in `types` (or when
/// there is no registry).
Status encode_value(const Value& value, Writer& out, const Registry* types);
Status encode_value(const Value& value, std::vector<std::byte>& out, const Registry* types);
/// Reads one value at `in`'s position and nesting depth.
Result<Value> decode_value(Reader& in, const Registry* types);
/// Reads the value that `bytes` hold, all of them.
Result<Value> decode_value(std::span<const std::byte> bytes, const Registry* types);

} // namespace wire

} // namespace mel
