// distrib — batch encoding (docs/distribution.md "Data frames"). The reference sends serde CBOR of its
// RawValue enum, one element per byte of a byte stream (packages.md §3.1); ours sends scalars back to back and
// byte batches as one buffer. Values are in the form of runtime/model/wire.h.

#include "packages/distrib/codec.h"

namespace mel::packages::distrib {

using wire::malformed;
using wire::Reader;
using wire::Writer;

std::optional<engine::Batch> conform_batch(const engine::Batch& batch, const Type& type, engine::BatchKind kind)
{
    if (batch.kind() == kind) {
        if (kind == engine::BatchKind::Values)
            for (const auto& v : batch.as_span<Value>())
                if (!value_has_type(v, type))
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

Status encode_batch(const engine::Batch& batch, std::vector<std::byte>& out, const Registry* types)
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
            if (auto s = wire::encode_value(v, w, types); !s)
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

Result<engine::Batch> decode_batch(Reader& in, const engine::Batch& frame, const Registry* types)
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
            auto v = wire::decode_value(in, types);
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
