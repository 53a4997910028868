// work/access — reference: libs/work-mel/src/access.rs (packages.md §1.3).

#include "packages/work/access.h"

#include <unistd.h>

#include "packages/net/ip.h"
#include "packages/work/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"
#include "runtime/model/wire.h"
#include "stdlib/engine/ids.h"

namespace mel::packages::work {

namespace {

constexpr std::string_view k_nil_uuid = "00000000-0000-0000-0000-000000000000";

std::string uuid_or_nil(const std::string& text)
{
    auto uuid = stdlib::engine::parse_uuid(text);
    return uuid ? *uuid : std::string(k_nil_uuid);
}

/// An Access travels as its addresses, port, keys, TLS flag and pinned certificate (runtime/model/wire.h).
/// Its attached connection belongs to this process: meaningless elsewhere, never sent.
std::shared_ptr<const wire::DataCodec> access_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry&) -> Status {
            const auto& a = static_cast<const Access&>(o).data();
            w.strings(a.addresses);
            w.u16(a.port);
            w.string(a.remote_key);
            w.string(a.self_key);
            w.u8(a.tls ? 1 : 0);
            w.string(a.pinned_certificate);
            return success();
        },
        [](wire::Reader& r, const Registry&) -> Result<Value> {
            AccessData a;
            std::uint8_t tls = 0;
            if (!r.strings(a.addresses) || !r.u16(a.port) || !r.string(a.remote_key) ||
                !r.string(a.self_key) || !r.u8(tls) || tls > 1 || !r.string(a.pinned_certificate))
                return wire::malformed("Access");
            a.tls = tls != 0;
            return Access::make(std::move(a));
        }});
}

} // namespace

void AttachedSocket::discard()
{
    if (const int fd = take(); fd >= 0)
        ::close(fd);
}

Value Access::make(AccessData data) { return Value::data(std::make_shared<const Access>(std::move(data))); }

const Access* Access::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data || value.as_data()->type_name() != k_type_name)
        return nullptr;
    return static_cast<const Access*>(value.as_data().get());
}

std::string Access::to_text() const
{
    std::string text = "Access(";
    for (std::size_t i = 0; i < m_data.addresses.size(); ++i)
        text += (i ? ", " : "") + m_data.addresses[i];
    text += " port " + std::to_string(m_data.port);
    if (m_data.attached)
        text += ", attached socket";
    text += m_data.tls ? (m_data.pinned_certificate.empty() ? ", TLS)" : ", TLS with a pinned certificate)")
                       : ")";
    return text;
}

void register_access(Registry& registry)
{
    auto area = registry.area("work/access");
    area.data_type("Access", {},
                   "How to reach a worker engine: its addresses and port, and the keys both ends present.",
                   access_codec());
    area.function("new_access")
        .param("ip", "Vec<Ip>")
        .param("port", "u16")
        .param("remote_key", "string")
        .param("self_key", "string")
        .returns("Access")
        .doc("The access to a worker listening on `port` at the addresses `ip` (tried in order), to which this "
             "engine presents `remote_key` and which must answer with `self_key` (both UUIDs; a malformed one "
             "becomes the nil UUID). TLS is used.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            AccessData data;
            for (const Value& ip : args[0].as_vec()) {
                const auto address = net::IpData::from(ip, "Ip");
                if (!address)
                    throw engine::EngineError("expected an Ip value");
                data.addresses.push_back(address->text());
            }
            data.port = args[1].as_u16();
            data.remote_key = uuid_or_nil(args[2].as_string());
            data.self_key = uuid_or_nil(args[3].as_string());
            data.tls = true;
            return Access::make(std::move(data));
        });
}

} // namespace mel::packages::work
