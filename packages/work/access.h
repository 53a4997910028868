#pragma once

// work/access — how a dispatcher reaches a worker (packages.md §1.3 `Access`, §3.2): the worker's addresses
// and port, the key this engine presents (`remote_key`, the worker's receive key) and the key the worker must
// answer with (`self_key`, the worker's send key), and whether TLS is used (and, ours, the certificate pinned
// for the worker).
//
// `attached` is ours: a provisioner running the worker as a child may hand over an already-connected socket
// (an AttachedSocket the Access holds); `distrib::start` then takes that socket instead of dialling the
// addresses. The socket belongs to the Access values that share it: the first taker owns the descriptor, and
// one nobody took is closed with the last of them (or by the provisioner's teardown, `discard`).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/value.h"

namespace mel::packages::work {

/// A connected stream socket to a worker, handed over inside this process. Never travels (meaningless
/// elsewhere). Thread-safe.
class AttachedSocket {
public:
    /// Owns `fd` from now on.
    explicit AttachedSocket(int fd) : m_fd(fd) {}
    ~AttachedSocket() { discard(); }
    AttachedSocket(const AttachedSocket&) = delete;
    AttachedSocket& operator=(const AttachedSocket&) = delete;

    /// The descriptor, once (the caller owns it then); -1 when it was already taken or discarded.
    int take() { return m_fd.exchange(-1); }
    /// Closes the socket unless somebody took it (a provisioner tearing down).
    void discard();

private:
    std::atomic<int> m_fd;
};

struct AccessData {
    std::vector<std::string> addresses; // textual IPv4/IPv6 addresses, tried in order
    std::uint16_t port = 0;
    std::string remote_key;             // UUID text
    std::string self_key;               // UUID text
    bool tls = true;
    std::shared_ptr<AttachedSocket> attached; // null: dial the addresses
    /// Ours, never sent: how long `start` keeps dialling a worker that refuses, for a worker known to listen
    /// behind a port an engine has just published (the engine's forwarding may lag behind the worker). 0: once.
    std::chrono::milliseconds dial_retry{0};
    /// With `tls`: the worker's certificate (PEM), which it must present exactly (a provisioner made it for
    /// this worker and handed it over itself: packages/distrib/tls.h). Empty: verified by a CA, or a loopback
    /// worker unverified. Travels with the Access (it is public).
    std::string pinned_certificate;
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
