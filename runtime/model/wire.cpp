// The binary form of values (docs/distribution.md "Encoding"). The reference sends serde CBOR of its RawValue
// enum (packages.md §3.1); ours is a compact binary form, the same on both ends of a distribution.

#include "runtime/model/wire.h"

#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "runtime/model/registry.h"

namespace mel::wire {

static_assert(std::endian::native == std::endian::little, "the wire form is written as little-endian memory");

namespace {

/// Deepest Vec/Option/Data nesting accepted from the wire.
constexpr int k_max_depth = 64;

} // namespace

Error malformed(std::string_view what) { return Error{fmt::format("malformed value: {}", what)}; }

// ---- Writer, Reader ------------------------------------------------------------------------------------

void Writer::raw(const void* data, std::size_t size)
{
    const auto* p = static_cast<const std::byte*>(data);
    m_out.insert(m_out.end(), p, p + size);
}

void Writer::string(std::string_view s)
{
    u32(static_cast<std::uint32_t>(s.size()));
    raw(s.data(), s.size());
}

void Writer::strings(const std::vector<std::string>& strings)
{
    u32(static_cast<std::uint32_t>(strings.size()));
    for (const auto& s : strings)
        string(s);
}

void Writer::string_map(const std::map<std::string, std::string, std::less<>>& map)
{
    u32(static_cast<std::uint32_t>(map.size()));
    for (const auto& [k, v] : map) {
        string(k);
        string(v);
    }
}

void Writer::overwrite_u32(std::size_t at, std::uint32_t v)
{
    MEL_ASSERT(at + sizeof v <= m_out.size(), "Writer::overwrite_u32 past the end");
    std::memcpy(m_out.data() + at, &v, sizeof v);
}

bool Reader::raw(void* data, std::size_t size)
{
    if (m_failed || remaining() < size) {
        m_failed = true;
        return false;
    }
    std::memcpy(data, m_in.data() + m_pos, size);
    m_pos += size;
    return true;
}

bool Reader::bytes(std::size_t size, std::span<const std::byte>& out)
{
    if (m_failed || remaining() < size) {
        m_failed = true;
        return false;
    }
    out = m_in.subspan(m_pos, size);
    m_pos += size;
    return true;
}

bool Reader::string(std::string& s)
{
    std::uint32_t size = 0;
    std::span<const std::byte> view;
    if (!u32(size) || !bytes(size, view))
        return false;
    s.assign(reinterpret_cast<const char*>(view.data()), view.size());
    return true;
}

bool Reader::strings(std::vector<std::string>& strings)
{
    std::uint32_t count = 0;
    if (!u32(count) || count > remaining() / 4)
        return false;
    strings.resize(count);
    for (auto& s : strings)
        if (!string(s))
            return false;
    return true;
}

bool Reader::string_map(std::map<std::string, std::string, std::less<>>& map)
{
    std::uint32_t count = 0;
    if (!u32(count))
        return false;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::string k, v;
        if (!string(k) || !string(v))
            return false;
        map.insert_or_assign(std::move(k), std::move(v));
    }
    return true;
}

// ---- values --------------------------------------------------------------------------------------------

namespace {

const DataCodec* codec_of(std::string_view type_name, const Registry* types)
{
    return types ? types->data_codec(type_name) : nullptr;
}

Status encode_data(const DataObject& object, Writer& w, const Registry* types)
{
    const DataCodec* codec = codec_of(object.type_name(), types);
    if (!codec)
        return Error{fmt::format("values of the data type `{}` cannot travel to another engine{}",
                                 object.type_name(), types ? "" : " (this run has no registry of data types)")};
    w.string(object.type_name());
    const std::size_t size_at = w.size();
    w.u32(0);
    if (auto s = codec->encode(object, w, *types); !s)
        return s;
    w.overwrite_u32(size_at, static_cast<std::uint32_t>(w.size() - size_at - 4));
    return success();
}

} // namespace

Status encode_value(const Value& value, Writer& w, const Registry* types)
{
    using K = Value::Kind;
    w.u8(static_cast<std::uint8_t>(value.kind()));
    switch (value.kind()) {
    case K::Void: break;
    case K::I8: w.u8(static_cast<std::uint8_t>(value.as_i8())); break;
    case K::I16: w.u16(static_cast<std::uint16_t>(value.as_i16())); break;
    case K::I32: w.u32(static_cast<std::uint32_t>(value.as_i32())); break;
    case K::I64: w.u64(static_cast<std::uint64_t>(value.as_i64())); break;
    case K::I128: { auto v = value.as_i128(); w.raw(&v, 16); break; }
    case K::U8: w.u8(value.as_u8()); break;
    case K::U16: w.u16(value.as_u16()); break;
    case K::U32: w.u32(value.as_u32()); break;
    case K::U64: w.u64(value.as_u64()); break;
    case K::U128: { auto v = value.as_u128(); w.raw(&v, 16); break; }
    case K::F32: { float v = value.as_f32(); w.raw(&v, 4); break; }
    case K::F64: { double v = value.as_f64(); w.raw(&v, 8); break; }
    case K::Bool: w.u8(value.as_bool() ? 1 : 0); break;
    case K::Byte: w.u8(value.as_byte()); break;
    case K::Char: w.u32(static_cast<std::uint32_t>(value.as_char())); break;
    case K::String: w.string(value.as_string()); break;
    case K::Vec: {
        const auto& elements = value.as_vec();
        w.u32(static_cast<std::uint32_t>(elements.size()));
        for (const auto& e : elements)
            if (auto s = encode_value(e, w, types); !s)
                return s;
        break;
    }
    case K::Option:
        w.u8(value.is_some() ? 1 : 0);
        if (value.is_some())
            return encode_value(value.option_value(), w, types);
        break;
    case K::Data: return encode_data(*value.as_data(), w, types);
    }
    return success();
}

Status encode_value(const Value& value, std::vector<std::byte>& out, const Registry* types)
{
    Writer w(out);
    return encode_value(value, w, types);
}

namespace {

template<class T> Result<Value> read_scalar(Reader& in, Value (*make)(T))
{
    T v{};
    if (!in.raw(&v, sizeof v))
        return malformed("truncated scalar");
    return make(v);
}

Result<Value> decode_at(Reader& in, const Registry* types, int depth);

Result<Value> decode_vec(Reader& in, const Registry* types, int depth)
{
    std::uint32_t count = 0;
    if (!in.u32(count) || count > in.remaining())
        return malformed("vector length");
    std::vector<Value> elements;
    elements.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        auto e = decode_at(in, types, depth + 1);
        if (!e)
            return e;
        elements.push_back(std::move(e).value());
    }
    return Value::vec(std::move(elements));
}

Result<Value> decode_option(Reader& in, const Registry* types, int depth)
{
    std::uint8_t some = 0;
    if (!in.u8(some) || some > 1)
        return malformed("option");
    if (!some)
        return Value::none();
    auto inner = decode_at(in, types, depth + 1);
    if (!inner)
        return inner;
    return Value::some(std::move(inner).value());
}

/// A Data value: its type name, then its payload read by the type's codec, at the next depth.
Result<Value> decode_data(Reader& in, const Registry* types, int depth)
{
    std::string name;
    std::uint32_t size = 0;
    std::span<const std::byte> payload;
    if (!in.string(name) || !in.u32(size) || !in.bytes(size, payload))
        return malformed("truncated data value");
    const DataCodec* codec = codec_of(name, types);
    if (!codec)
        return malformed(fmt::format("unknown data type `{}`", name));
    Reader sub(payload, depth + 1);
    auto v = codec->decode(sub, *types);
    if (v && sub.remaining() != 0)
        return malformed(fmt::format("trailing bytes in a `{}` value", name));
    return v;
}

Result<Value> decode_at(Reader& in, const Registry* types, int depth)
{
    using K = Value::Kind;
    if (depth > k_max_depth)
        return malformed("nested too deeply");
    std::uint8_t tag = 0;
    if (!in.u8(tag) || tag > static_cast<std::uint8_t>(K::Data))
        return malformed(in.failed() ? "truncated" : "unknown kind");
    switch (static_cast<K>(tag)) {
    case K::Void: return Value();
    case K::I8: return read_scalar<std::int8_t>(in, &Value::i8);
    case K::I16: return read_scalar<std::int16_t>(in, &Value::i16);
    case K::I32: return read_scalar<std::int32_t>(in, &Value::i32);
    case K::I64: return read_scalar<std::int64_t>(in, &Value::i64);
    case K::I128: return read_scalar<mel::i128>(in, &Value::i128);
    case K::U8: return read_scalar<std::uint8_t>(in, &Value::u8);
    case K::U16: return read_scalar<std::uint16_t>(in, &Value::u16);
    case K::U32: return read_scalar<std::uint32_t>(in, &Value::u32);
    case K::U64: return read_scalar<std::uint64_t>(in, &Value::u64);
    case K::U128: return read_scalar<mel::u128>(in, &Value::u128);
    case K::F32: return read_scalar<float>(in, &Value::f32);
    case K::F64: return read_scalar<double>(in, &Value::f64);
    case K::Byte: return read_scalar<std::uint8_t>(in, &Value::byte);
    case K::Bool: {
        std::uint8_t b = 0;
        if (!in.u8(b) || b > 1)
            return malformed("bool");
        return Value::boolean(b != 0);
    }
    case K::Char: {
        std::uint32_t c = 0;
        if (!in.u32(c) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return malformed("char");
        return Value::character(static_cast<char32_t>(c));
    }
    case K::String: {
        std::string s;
        if (!in.string(s))
            return malformed("truncated string");
        return Value::string(std::move(s));
    }
    case K::Vec: return decode_vec(in, types, depth);
    case K::Option: return decode_option(in, types, depth);
    case K::Data: return decode_data(in, types, depth);
    }
    return malformed("unknown kind");
}

} // namespace

Result<Value> decode_value(Reader& in, const Registry* types) { return decode_at(in, types, in.depth()); }

Result<Value> decode_value(std::span<const std::byte> bytes, const Registry* types)
{
    Reader in(bytes);
    auto v = decode_at(in, types, 0);
    if (v && in.remaining() != 0)
        return malformed("trailing bytes");
    return v;
}

} // namespace mel::wire
