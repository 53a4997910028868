#pragma once

// net/ip — IP addresses as Mélodium data (reference: libs/net-mel/src/ip.rs): `Ip` (either family), `Ipv4`
// and `Ipv6`. An address is valid as an address, not necessarily reachable. They print in the usual textual
// forms (dotted quad; RFC 5952 compressed IPv6).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/model/value.h"

namespace mel::packages::net {

/// An IPv4 or IPv6 address. IPv4 uses the first 4 bytes of `bytes`.
struct IpAddress {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};

    static std::optional<IpAddress> parse_v4(std::string_view text);
    static std::optional<IpAddress> parse_v6(std::string_view text);
    /// Either form.
    static std::optional<IpAddress> parse(std::string_view text);
    std::string text() const;
    bool operator==(const IpAddress&) const = default;
};

/// The three data types; `kind` is the Mélodium type name ("Ip", "Ipv4" or "Ipv6").
class IpData final : public DataObject {
public:
    IpData(std::string_view kind, IpAddress address) : m_kind(kind), m_address(address) {}

    static Value make_ip(IpAddress address);
    static Value make_v4(IpAddress address);
    static Value make_v6(IpAddress address);
    /// The address inside a Data value of type `kind`; nullopt when the value is something else.
    static std::optional<IpAddress> from(const Value& value, std::string_view kind);

    const IpAddress& address() const { return m_address; }
    std::string_view type_name() const override { return m_kind; }
    std::string to_text() const override { return m_address.text(); }
    std::string display() const override { return m_address.text(); }

private:
    std::string_view m_kind;
    IpAddress m_address;
};

} // namespace mel::packages::net
