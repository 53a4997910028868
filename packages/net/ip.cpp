// net/ip — reference: libs/net-mel/src/ip.rs (issue 6). Each conversion exists as a function and as a
// treatment over a stream (the treatments are named like the functions, in lowerCamelCase).

#include "packages/net/ip.h"

#include <arpa/inet.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "packages/net/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/assert.h"
#include "runtime/model/registry.h"
#include "runtime/model/wire.h"
#include "stdlib/native.h"

namespace mel::packages::net {

namespace {

constexpr std::string_view k_ip = "Ip";
constexpr std::string_view k_ipv4 = "Ipv4";
constexpr std::string_view k_ipv6 = "Ipv6";

Value make(std::string_view kind, IpAddress address)
{
    return Value::data(std::make_shared<const IpData>(kind, address));
}

IpAddress expect(const Value& value, std::string_view kind)
{
    auto address = IpData::from(value, kind);
    if (!address)
        throw engine::EngineError("expected an " + std::string(kind) + " value");
    return *address;
}

Value as_family(const Value& ip, bool v6)
{
    const auto address = expect(ip, k_ip);
    if (address.v6 != v6)
        return Value::none();
    return Value::some(v6 ? IpData::make_v6(address) : IpData::make_v4(address));
}

Value parsed(const Value& text, bool v6)
{
    const auto address = v6 ? IpAddress::parse_v6(text.as_string()) : IpAddress::parse_v4(text.as_string());
    if (!address)
        return Value::none();
    return Value::some(v6 ? IpData::make_v6(*address) : IpData::make_v4(*address));
}

IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
{
    IpAddress address;
    address.bytes = {a, b, c, d};
    return address;
}

IpAddress v6(const std::array<std::uint16_t, 8>& groups)
{
    IpAddress address;
    address.v6 = true;
    for (std::size_t i = 0; i < 8; ++i) {
        address.bytes[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
        address.bytes[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
    }
    return address;
}

/// A treatment applying `f` to every value of input `in` and sending the results on output `out`.
std::shared_ptr<const TreatmentImplementation> mapping(std::string in, std::string out,
                                                       std::function<Value(const Value&)> f)
{
    return engine::make_treatment([in, out, f](engine::TreatmentContext& ctx) -> engine::Task<> {
        auto& input = ctx.input(in);
        auto& output = ctx.output(out);
        while (auto batch = co_await input.recv_many()) {
            std::vector<Value> results;
            results.reserve(batch->size());
            for (std::size_t i = 0; i < batch->size(); ++i)
                results.push_back(f(batch->value_at(i)));
            const bool sent = co_await stdlib::send_values(output, std::move(results));
            if (!sent)
                break;
        }
    });
}

using Body = Result<Value> (*)(std::span<const Type>, std::span<const Value>);

/// An address travels as its family (4 or 6) and bytes (runtime/model/wire.h); an `Ipv4`/`Ipv6` must be of
/// its family.
std::shared_ptr<const wire::DataCodec> ip_codec(std::string_view kind)
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry&) -> Status {
            const auto& a = static_cast<const IpData&>(o).address();
            w.u8(a.v6 ? 6 : 4);
            w.raw(a.bytes.data(), a.v6 ? 16 : 4);
            return success();
        },
        [kind](wire::Reader& r, const Registry&) -> Result<Value> {
            std::uint8_t family = 0;
            IpAddress a;
            if (!r.u8(family) || (family != 4 && family != 6))
                return wire::malformed("Ip");
            a.v6 = family == 6;
            if (!r.raw(a.bytes.data(), a.v6 ? 16 : 4))
                return wire::malformed("Ip");
            if (kind == k_ip)
                return IpData::make_ip(a);
            if ((kind == k_ipv6) != a.v6)
                return wire::malformed("Ip family");
            return a.v6 ? IpData::make_v6(a) : IpData::make_v4(a);
        }});
}

} // namespace

std::optional<IpAddress> IpAddress::parse_v4(std::string_view text)
{
    const std::string s(text);
    IpAddress address;
    if (::inet_pton(AF_INET, s.c_str(), address.bytes.data()) != 1)
        return std::nullopt;
    return address;
}

std::optional<IpAddress> IpAddress::parse_v6(std::string_view text)
{
    const std::string s(text);
    IpAddress address;
    address.v6 = true;
    if (::inet_pton(AF_INET6, s.c_str(), address.bytes.data()) != 1)
        return std::nullopt;
    return address;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    if (auto address = parse_v4(text))
        return address;
    return parse_v6(text);
}

std::string IpAddress::text() const
{
    char buffer[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buffer, sizeof buffer);
    return buffer;
}

Value IpData::make_ip(IpAddress address) { return make(k_ip, address); }
Value IpData::make_v4(IpAddress address) { return make(k_ipv4, address); }
Value IpData::make_v6(IpAddress address) { return make(k_ipv6, address); }

std::optional<IpAddress> IpData::from(const Value& value, std::string_view kind)
{
    if (value.kind() != Value::Kind::Data)
        return std::nullopt;
    const auto& object = value.as_data();
    if (object->type_name() != kind)
        return std::nullopt;
    return static_cast<const IpData*>(object.get())->address();
}

void register_ip(Registry& registry)
{
    auto area = registry.area("net/ip");
    const auto traits = {Trait::ToString, Trait::TryToString, Trait::Display};
    area.data_type("Ip", traits,
                   "An IP address, v4 or v6.\n\nValid as an address: that says nothing of whether it is "
                   "reachable.",
                   ip_codec(k_ip));
    area.data_type("Ipv4", traits, "An IPv4 address.", ip_codec(k_ipv4));
    area.data_type("Ipv6", traits, "An IPv6 address.", ip_codec(k_ipv6));

    area.function("from_ipv4").param("ipv4", "Ipv4").returns("Ip").doc("`ipv4` as an `Ip`.").body(
        [](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return IpData::make_ip(expect(args[0], k_ipv4));
        });
    area.function("from_ipv6").param("ipv6", "Ipv6").returns("Ip").doc("`ipv6` as an `Ip`.").body(
        [](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return IpData::make_ip(expect(args[0], k_ipv6));
        });
    area.function("as_ipv4").param("ip", "Ip").returns("Option<Ipv4>")
        .doc("`ip` as an `Ipv4`; none when it is an IPv6 address.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return as_family(args[0], false);
        });
    area.function("as_ipv6").param("ip", "Ip").returns("Option<Ipv6>")
        .doc("`ip` as an `Ipv6`; none when it is an IPv4 address.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return as_family(args[0], true);
        });
    area.function("is_ipv4").param("ip", "Ip").returns("bool").doc("Whether `ip` is an IPv4 address.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return Value::boolean(!expect(args[0], k_ip).v6);
        });
    area.function("is_ipv6").param("ip", "Ip").returns("bool").doc("Whether `ip` is an IPv6 address.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return Value::boolean(expect(args[0], k_ip).v6);
        });
    area.function("ipv4").param("a", "u8").param("b", "u8").param("c", "u8").param("d", "u8").returns("Ipv4")
        .doc("The IPv4 address `a.b.c.d`.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return IpData::make_v4(v4(args[0].as_u8(), args[1].as_u8(), args[2].as_u8(), args[3].as_u8()));
        });
    {
        auto f = area.function("ipv6");
        for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h"})
            f.param(name, "u16");
        f.returns("Ipv6").doc("The IPv6 address of the eight 16-bit groups `a:b:c:d:e:f:g:h`.")
            .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
                std::array<std::uint16_t, 8> groups{};
                for (std::size_t i = 0; i < 8; ++i)
                    groups[i] = args[i].as_u16();
                return IpData::make_v6(v6(groups));
            });
    }
    area.function("to_ipv4").param("text", "string").returns("Option<Ipv4>")
        .doc("The IPv4 address written in `text` (dotted decimal); none when it is not one.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return parsed(args[0], false);
        });
    area.function("to_ipv6").param("text", "string").returns("Option<Ipv6>")
        .doc("The IPv6 address written in `text`; none when it is not one.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return parsed(args[0], true);
        });
    area.function("localhost_ipv4").returns("Ipv4").doc("`127.0.0.1`.").body(
        [](std::span<const Type>, std::span<const Value>) -> Result<Value> {
            return IpData::make_v4(v4(127, 0, 0, 1));
        });
    area.function("unspecified_ipv4").returns("Ipv4").doc("`0.0.0.0`.").body(
        [](std::span<const Type>, std::span<const Value>) -> Result<Value> { return IpData::make_v4(v4(0, 0, 0, 0)); });
    area.function("localhost_ipv6").returns("Ipv6").doc("`::1`.").body(
        [](std::span<const Type>, std::span<const Value>) -> Result<Value> {
            return IpData::make_v6(v6({0, 0, 0, 0, 0, 0, 0, 1}));
        });
    area.function("unspecified_ipv6").returns("Ipv6").doc("`::`.").body(
        [](std::span<const Type>, std::span<const Value>) -> Result<Value> { return IpData::make_v6(v6({})); });

    // The stream forms.
    area.treatment("fromIpv4").input("ipv4", "Stream<Ipv4>").output("ip", "Stream<Ip>")
        .doc("Each `Ipv4` as an `Ip`.")
        .implementation(mapping("ipv4", "ip", [](const Value& v) { return IpData::make_ip(expect(v, k_ipv4)); }));
    area.treatment("fromIpv6").input("ipv6", "Stream<Ipv6>").output("ip", "Stream<Ip>")
        .doc("Each `Ipv6` as an `Ip`.")
        .implementation(mapping("ipv6", "ip", [](const Value& v) { return IpData::make_ip(expect(v, k_ipv6)); }));
    area.treatment("asIpv4").input("ip", "Stream<Ip>").output("ipv4", "Stream<Option<Ipv4>>")
        .doc("Each `Ip` as an `Ipv4`; none for IPv6 addresses.")
        .implementation(mapping("ip", "ipv4", [](const Value& v) { return as_family(v, false); }));
    area.treatment("asIpv6").input("ip", "Stream<Ip>").output("ipv6", "Stream<Option<Ipv6>>")
        .doc("Each `Ip` as an `Ipv6`; none for IPv4 addresses.")
        .implementation(mapping("ip", "ipv6", [](const Value& v) { return as_family(v, true); }));
    area.treatment("isIpv4").input("ip", "Stream<Ip>").output("ipv4", "Stream<bool>")
        .doc("Whether each `Ip` is an IPv4 address.")
        .implementation(mapping("ip", "ipv4", [](const Value& v) { return Value::boolean(!expect(v, k_ip).v6); }));
    area.treatment("isIpv6").input("ip", "Stream<Ip>").output("ipv6", "Stream<bool>")
        .doc("Whether each `Ip` is an IPv6 address.")
        .implementation(mapping("ip", "ipv6", [](const Value& v) { return Value::boolean(expect(v, k_ip).v6); }));
    area.treatment("toIpv4").input("text", "Stream<string>").output("ipv4", "Stream<Option<Ipv4>>")
        .doc("The IPv4 address written in each text; none when it is not one.")
        .implementation(mapping("text", "ipv4", [](const Value& v) { return parsed(v, false); }));
    area.treatment("toIpv6").input("text", "Stream<string>").output("ipv6", "Stream<Option<Ipv6>>")
        .doc("The IPv6 address written in each text; none when it is not one.")
        .implementation(mapping("text", "ipv6", [](const Value& v) { return parsed(v, true); }));
}

} // namespace mel::packages::net
