// distrib — value and batch encoding (docs/distribution.md "Encoding"). The reference sends serde CBOR of its
// RawValue enum, one element per byte of a byte stream (packages.md §3.1); ours is a compact binary form with
// byte batches as one buffer.

#include "packages/distrib/codec.h"

#include <bit>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "packages/net/ip.h"
#include "packages/process/command.h"
#include "packages/process/environment.h"
#include "packages/work/access.h"
#include "packages/work/specs.h"
#include "stdlib/data/map.h"
#include "stdlib/data/string_map.h"
#include "stdlib/engine/log.h"

namespace mel::packages::distrib {

static_assert(std::endian::native == std::endian::little, "the wire encoding is written as little-endian memory");

namespace {

/// Deepest Vec/Option/Data nesting accepted from the wire.
constexpr int k_max_depth = 64;

Error malformed(std::string_view what) { return Error{fmt::format("malformed value: {}", what)}; }

} // namespace

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

// ---- data codecs ---------------------------------------------------------------------------------------------

namespace {

void write_string_map(const std::map<std::string, std::string, std::less<>>& map, Writer& w)
{
    w.u32(static_cast<std::uint32_t>(map.size()));
    for (const auto& [k, v] : map) {
        w.string(k);
        w.string(v);
    }
}

bool read_string_map(Reader& r, std::map<std::string, std::string, std::less<>>& map)
{
    std::uint32_t count = 0;
    if (!r.u32(count))
        return false;
    for (std::uint32_t i = 0; i < count; ++i) {
        std::string k, v;
        if (!r.string(k) || !r.string(v))
            return false;
        map.insert_or_assign(std::move(k), std::move(v));
    }
    return true;
}

void write_strings(const std::vector<std::string>& strings, Writer& w)
{
    w.u32(static_cast<std::uint32_t>(strings.size()));
    for (const auto& s : strings)
        w.string(s);
}

bool read_strings(Reader& r, std::vector<std::string>& strings)
{
    std::uint32_t count = 0;
    if (!r.u32(count) || count > r.remaining() / 4)
        return false;
    strings.resize(count);
    for (auto& s : strings)
        if (!r.string(s))
            return false;
    return true;
}

Result<Value> decode_value_at(Reader& in, int depth);

DataCodec string_map_codec()
{
    using stdlib::data::StringMap;
    return {[](const DataObject& o, Writer& w) { write_string_map(static_cast<const StringMap&>(o).entries(), w); },
            [](Reader& r) -> Result<Value> {
                StringMap::Entries entries;
                if (!read_string_map(r, entries))
                    return malformed("StringMap");
                return StringMap::make(std::move(entries));
            }};
}

DataCodec map_codec()
{
    using stdlib::data::Map;
    return {[](const DataObject& o, Writer& w) {
                const auto& entries = static_cast<const Map&>(o).entries();
                w.u32(static_cast<std::uint32_t>(entries.size()));
                for (const auto& [k, v] : entries) {
                    w.string(k);
                    std::vector<std::byte> encoded;
                    if (!encode_value(v, encoded))
                        throw engine::EngineError(fmt::format("the Map entry `{}` cannot be sent", k));
                    w.raw(encoded.data(), encoded.size());
                }
            },
            [](Reader& r) -> Result<Value> {
                std::uint32_t count = 0;
                if (!r.u32(count))
                    return malformed("Map");
                Map::Entries entries;
                for (std::uint32_t i = 0; i < count; ++i) {
                    std::string k;
                    if (!r.string(k))
                        return malformed("Map");
                    auto v = decode_value_at(r, 1);
                    if (!v)
                        return v.error();
                    entries.insert_or_assign(std::move(k), std::move(v).value());
                }
                return Map::make(std::move(entries));
            }};
}

DataCodec command_codec()
{
    using process::Command;
    return {[](const DataObject& o, Writer& w) {
                const auto& c = static_cast<const Command&>(o);
                w.string(c.program());
                write_strings(c.arguments(), w);
            },
            [](Reader& r) -> Result<Value> {
                std::string program;
                std::vector<std::string> arguments;
                if (!r.string(program) || !read_strings(r, arguments))
                    return malformed("Command");
                return Command::make(std::move(program), std::move(arguments));
            }};
}

DataCodec environment_codec()
{
    using process::Environment;
    return {[](const DataObject& o, Writer& w) {
                const auto& e = static_cast<const Environment&>(o);
                write_string_map(e.variables(), w);
                w.u8(e.working_directory() ? 1 : 0);
                if (e.working_directory())
                    w.string(*e.working_directory());
                w.u8(e.expand_variables() ? 1 : 0);
                w.u8(e.clear_env() ? 1 : 0);
            },
            [](Reader& r) -> Result<Value> {
                Environment::Variables variables;
                std::uint8_t has_dir = 0, expand = 0, clear = 0;
                std::optional<std::string> dir;
                if (!read_string_map(r, variables) || !r.u8(has_dir))
                    return malformed("Environment");
                if (has_dir) {
                    dir.emplace();
                    if (!r.string(*dir))
                        return malformed("Environment");
                }
                if (!r.u8(expand) || !r.u8(clear) || has_dir > 1 || expand > 1 || clear > 1)
                    return malformed("Environment");
                return Environment::make(std::move(variables), std::move(dir), expand != 0, clear != 0);
            }};
}

DataCodec level_codec()
{
    using stdlib::engine::Level;
    using stdlib::engine::LogLevel;
    return {[](const DataObject& o, Writer& w) { w.u8(static_cast<std::uint8_t>(static_cast<const Level&>(o).level())); },
            [](Reader& r) -> Result<Value> {
                std::uint8_t level = 0;
                if (!r.u8(level) || level > static_cast<std::uint8_t>(LogLevel::Trace))
                    return malformed("Level");
                return Level::make(static_cast<LogLevel>(level));
            }};
}

DataCodec arch_codec()
{
    using work::ArchData;
    return {[](const DataObject& o, Writer& w) { w.string(o.to_text()); },
            [](Reader& r) -> Result<Value> {
                std::string arch;
                if (!r.string(arch) || (arch != "amd64" && arch != "arm64"))
                    return malformed("Arch");
                return ArchData::make(std::move(arch));
            }};
}

DataCodec ip_codec(std::string_view kind)
{
    return {[](const DataObject& o, Writer& w) {
                const auto& a = static_cast<const net::IpData&>(o).address();
                w.u8(a.v6 ? 6 : 4);
                w.raw(a.bytes.data(), a.v6 ? 16 : 4);
            },
            [kind](Reader& r) -> Result<Value> {
                std::uint8_t family = 0;
                net::IpAddress a;
                if (!r.u8(family) || (family != 4 && family != 6))
                    return malformed("Ip");
                a.v6 = family == 6;
                if (!r.raw(a.bytes.data(), a.v6 ? 16 : 4))
                    return malformed("Ip");
                if (kind == "Ip")
                    return net::IpData::make_ip(a);
                if ((kind == "Ipv6") != a.v6)
                    return malformed("Ip family");
                return a.v6 ? net::IpData::make_v6(a) : net::IpData::make_v4(a);
            }};
}

DataCodec access_codec()
{
    using work::Access;
    return {[](const DataObject& o, Writer& w) {
                const auto& a = static_cast<const Access&>(o).data();
                write_strings(a.addresses, w);
                w.u16(a.port);
                w.string(a.remote_key);
                w.string(a.self_key);
                w.u8(a.tls ? 1 : 0);
                // `attached` names a socket of this process: meaningless elsewhere, never sent.
            },
            [](Reader& r) -> Result<Value> {
                work::AccessData a;
                std::uint8_t tls = 0;
                if (!read_strings(r, a.addresses) || !r.u16(a.port) || !r.string(a.remote_key) ||
                    !r.string(a.self_key) || !r.u8(tls) || tls > 1)
                    return malformed("Access");
                a.tls = tls != 0;
                return Access::make(std::move(a));
            }};
}

const std::map<std::string, DataCodec, std::less<>>& codecs()
{
    static const std::map<std::string, DataCodec, std::less<>> table = {
        {"StringMap", string_map_codec()}, {"Map", map_codec()},     {"Command", command_codec()},
        {"Environment", environment_codec()}, {"Level", level_codec()}, {"Arch", arch_codec()},
        {"Ip", ip_codec("Ip")},             {"Ipv4", ip_codec("Ipv4")}, {"Ipv6", ip_codec("Ipv6")},
        {"Access", access_codec()},
    };
    return table;
}

} // namespace

const DataCodec* data_codec(std::string_view type_name)
{
    const auto& table = codecs();
    const auto it = table.find(type_name);
    return it == table.end() ? nullptr : &it->second;
}

std::vector<std::string> data_codec_names()
{
    std::vector<std::string> names;
    for (const auto& [name, codec] : codecs())
        names.push_back(name);
    return names;
}

// ---- values ----------------------------------------------------------------------------------------------------

Status encode_value(const Value& value, std::vector<std::byte>& out)
{
    using K = Value::Kind;
    Writer w(out);
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
            if (auto s = encode_value(e, out); !s)
                return s;
        break;
    }
    case K::Option:
        w.u8(value.is_some() ? 1 : 0);
        if (value.is_some())
            return encode_value(value.option_value(), out);
        break;
    case K::Data: {
        const DataObject& object = *value.as_data();
        const DataCodec* codec = data_codec(object.type_name());
        if (!codec)
            return Error{fmt::format("values of the data type `{}` cannot travel to another engine",
                                     object.type_name())};
        w.string(object.type_name());
        const std::size_t size_at = out.size();
        w.u32(0);
        codec->encode(object, w);
        const auto size = static_cast<std::uint32_t>(out.size() - size_at - 4);
        std::memcpy(out.data() + size_at, &size, 4);
        break;
    }
    }
    return success();
}

namespace {

template<class T> Result<Value> read_scalar(Reader& in, Value (*make)(T))
{
    T v{};
    if (!in.raw(&v, sizeof v))
        return malformed("truncated scalar");
    return make(v);
}

Result<Value> decode_value_at(Reader& in, int depth)
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
    case K::Vec: {
        std::uint32_t count = 0;
        if (!in.u32(count) || count > in.remaining())
            return malformed("vector length");
        std::vector<Value> elements;
        elements.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            auto e = decode_value_at(in, depth + 1);
            if (!e)
                return e;
            elements.push_back(std::move(e).value());
        }
        return Value::vec(std::move(elements));
    }
    case K::Option: {
        std::uint8_t some = 0;
        if (!in.u8(some) || some > 1)
            return malformed("option");
        if (!some)
            return Value::none();
        auto inner = decode_value_at(in, depth + 1);
        if (!inner)
            return inner;
        return Value::some(std::move(inner).value());
    }
    case K::Data: {
        std::string name;
        std::uint32_t size = 0;
        std::span<const std::byte> payload;
        if (!in.string(name) || !in.u32(size) || !in.bytes(size, payload))
            return malformed("truncated data value");
        const DataCodec* codec = data_codec(name);
        if (!codec)
            return malformed(fmt::format("unknown data type `{}`", name));
        Reader sub(payload);
        auto v = codec->decode(sub);
        if (v && sub.remaining() != 0)
            return malformed(fmt::format("trailing bytes in a `{}` value", name));
        return v;
    }
    }
    return malformed("unknown kind");
}

} // namespace

Result<Value> decode_value(Reader& in) { return decode_value_at(in, 0); }

Result<Value> decode_value(std::span<const std::byte> bytes)
{
    Reader in(bytes);
    auto v = decode_value_at(in, 0);
    if (v && in.remaining() != 0)
        return malformed("trailing bytes");
    return v;
}

bool value_matches(const Value& value, const Type& type)
{
    using K = Value::Kind;
    if (!type.wrappers().empty()) {
        if (type.is_vec()) {
            if (value.kind() != K::Vec)
                return false;
            const Type inner = type.inner();
            for (const auto& e : value.as_vec())
                if (!value_matches(e, inner))
                    return false;
            return true;
        }
        if (value.kind() != K::Option)
            return false;
        return value.is_none() || value_matches(value.option_value(), type.inner());
    }
    switch (type.leaf_kind()) {
    case Type::LeafKind::Core:
        return value.is_core() && value.core_type() == type.core_type();
    case Type::LeafKind::Data:
        return value.kind() == K::Data && value.as_data()->type_name() == type.data_type().id.name;
    case Type::LeafKind::Generic:
        return false;
    }
    return false;
}

std::optional<engine::Batch> conform_batch(const engine::Batch& batch, const Type& type, engine::BatchKind kind)
{
    if (batch.kind() == kind) {
        if (kind == engine::BatchKind::Values)
            for (const auto& v : batch.as_span<Value>())
                if (!value_matches(v, type))
                    return std::nullopt;
        return batch;
    }
    const bool bytes = (batch.kind() == engine::BatchKind::U8 && kind == engine::BatchKind::Byte) ||
                       (batch.kind() == engine::BatchKind::Byte && kind == engine::BatchKind::U8);
    if (!bytes)
        return std::nullopt;
    return batch.converted(kind);
}

// ---- batches ---------------------------------------------------------------------------------------------------

void encode_batch_header(const engine::Batch& batch, std::vector<std::byte>& out)
{
    Writer w(out);
    w.u8(static_cast<std::uint8_t>(batch.kind()));
    w.u32(static_cast<std::uint32_t>(batch.size()));
}

Status encode_batch(const engine::Batch& batch, std::vector<std::byte>& out)
{
    using BK = engine::BatchKind;
    encode_batch_header(batch, out);
    Writer w(out);
    auto raw_span = [&]<class T>(std::span<const T> s) { w.raw(s.data(), s.size_bytes()); };
    switch (batch.kind()) {
    case BK::Void: break;
    case BK::I8: raw_span(batch.as_span<std::int8_t>()); break;
    case BK::I16: raw_span(batch.as_span<std::int16_t>()); break;
    case BK::I32: raw_span(batch.as_span<std::int32_t>()); break;
    case BK::I64: raw_span(batch.as_span<std::int64_t>()); break;
    case BK::I128: raw_span(batch.as_span<mel::i128>()); break;
    case BK::U8: raw_span(batch.as_span<std::uint8_t>()); break;
    case BK::U16: raw_span(batch.as_span<std::uint16_t>()); break;
    case BK::U32: raw_span(batch.as_span<std::uint32_t>()); break;
    case BK::U64: raw_span(batch.as_span<std::uint64_t>()); break;
    case BK::U128: raw_span(batch.as_span<mel::u128>()); break;
    case BK::F32: raw_span(batch.as_span<float>()); break;
    case BK::F64: raw_span(batch.as_span<double>()); break;
    case BK::Bool:
        for (bool b : batch.as_span<bool>())
            w.u8(b ? 1 : 0);
        break;
    case BK::Byte: raw_span(batch.bytes()); break;
    case BK::Char: raw_span(batch.as_span<char32_t>()); break;
    case BK::String:
        for (const auto& s : batch.strings())
            w.string(s);
        break;
    case BK::Values:
        for (const auto& v : batch.as_span<Value>())
            if (auto s = encode_value(v, out); !s)
                return s;
        break;
    }
    return success();
}

namespace {

template<class T> Result<engine::Batch> read_typed(Reader& in, std::uint32_t count)
{
    if (count > in.remaining() / sizeof(T))
        return malformed("truncated batch");
    std::vector<T> values(count);
    in.raw(values.data(), count * sizeof(T));
    return engine::Batch::of(std::move(values));
}

} // namespace

Result<engine::Batch> decode_batch(Reader& in, const engine::Batch& frame)
{
    using BK = engine::BatchKind;
    std::uint8_t kind = 0;
    std::uint32_t count = 0;
    if (!in.u8(kind) || !in.u32(count))
        return malformed("truncated batch header");
    if (kind > static_cast<std::uint8_t>(BK::Values))
        return malformed("unknown batch kind");
    switch (static_cast<BK>(kind)) {
    case BK::Void: return engine::Batch::voids(count);
    case BK::I8: return read_typed<std::int8_t>(in, count);
    case BK::I16: return read_typed<std::int16_t>(in, count);
    case BK::I32: return read_typed<std::int32_t>(in, count);
    case BK::I64: return read_typed<std::int64_t>(in, count);
    case BK::I128: return read_typed<mel::i128>(in, count);
    case BK::U8: return read_typed<std::uint8_t>(in, count);
    case BK::U16: return read_typed<std::uint16_t>(in, count);
    case BK::U32: return read_typed<std::uint32_t>(in, count);
    case BK::U64: return read_typed<std::uint64_t>(in, count);
    case BK::U128: return read_typed<mel::u128>(in, count);
    case BK::F32: return read_typed<float>(in, count);
    case BK::F64: return read_typed<double>(in, count);
    case BK::Bool: {
        std::vector<bool> values;
        for (std::uint32_t i = 0; i < count; ++i) {
            std::uint8_t b = 0;
            if (!in.u8(b) || b > 1)
                return malformed("bool batch");
            values.push_back(b != 0);
        }
        return engine::Batch::of(std::move(values));
    }
    case BK::Byte: {
        const std::size_t at = in.offset();
        std::span<const std::byte> view;
        if (!in.bytes(count, view))
            return malformed("truncated byte batch");
        return frame.slice(at, count);
    }
    case BK::Char: {
        if (count > in.remaining() / 4)
            return malformed("truncated batch");
        std::vector<char32_t> chars(count);
        for (auto& c : chars) {
            std::uint32_t v = 0;
            in.u32(v);
            if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                return malformed("char");
            c = static_cast<char32_t>(v);
        }
        return engine::Batch::of(std::move(chars));
    }
    case BK::String: {
        if (count > in.remaining() / 4)
            return malformed("truncated batch");
        std::vector<Value> strings;
        strings.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            std::string s;
            if (!in.string(s))
                return malformed("truncated string");
            strings.push_back(Value::string(std::move(s)));
        }
        return engine::Batch::make<BK::String>(std::move(strings));
    }
    case BK::Values: {
        if (count > in.remaining())
            return malformed("truncated batch");
        std::vector<Value> values;
        values.reserve(count);
        for (std::uint32_t i = 0; i < count; ++i) {
            auto v = decode_value(in);
            if (!v)
                return v.error();
            values.push_back(std::move(v).value());
        }
        return engine::Batch::make<BK::Values>(std::move(values));
    }
    }
    return malformed("unknown batch kind");
}

} // namespace mel::packages::distrib
