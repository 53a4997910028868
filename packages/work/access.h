#pragma once

// work/access — how a dispatcher reaches a worker (packages.md §1.3 `Access`, §3.2): the worker's addresses
// and port, the key this engine presents (`remote_key`, the worker's receive key) and the key the worker must
// answer with (`self_key`, the worker's send key), and whether TLS is used.
//
// `attached` is ours: a provisioner running the worker as a child may hand over an already-connected socket
// (distrib::attach_socket in packages/distrib/attached.h); the handle is then non-zero and `start` uses that
// socket instead of dialling the addresses.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/value.h"

namespace mel::packages::work {

struct AccessData {
    std::vector<std::string> addresses; // textual IPv4/IPv6 addresses, tried in order
    std::uint16_t port = 0;
    std::string remote_key;             // UUID text
    std::string self_key;               // UUID text
    bool tls = true;
    std::uint64_t attached = 0;         // 0: none
};

/// The Mélodium `Access` data type.
class Access final : public DataObject {
public:
    static constexpr std::string_view k_type_name = "Access";

    explicit Access(AccessData data) : m_data(std::move(data)) {}
    static Value make(AccessData data);
    /// The Access inside a Data value; nullptr when the value is something else.
    static const Access* from(const Value& value);

    const AccessData& data() const { return m_data; }
    std::string_view type_name() const override { return k_type_name; }
    std::string to_text() const override;

private:
    AccessData m_data;
};

} // namespace mel::packages::work
