#pragma once

// How the dispatcher reaches the worker of a run on a container engine (provisioner.h): the worker's port
// (`dist` listening on k_worker_port in its container) published by the engine, dialled by the dispatcher.
//
//   local engine    a Unix socket, or TCP to an address of this machine's loopback: the port is published on
//                   the engine's 127.0.0.1 and dialled there, without TLS (nothing crosses a network; both
//                   ends still authenticate each other by the key exchange).
//   remote engine   TCP to another machine, with TLS on the engine's API (DOCKER_TLS_VERIFY): the port is
//                   published on every address of the engine's host (0.0.0.0) and dialled at the addresses
//                   the engine's host name resolves to, with TLS. Per run, a fresh key and a certificate
//                   (work/tls_identity.h) are copied into the worker's container before it starts (PUT
//                   /containers/{id}/archive: the key never appears in its configuration, `docker inspect`),
//                   `dist` serves them (--certificate/--key), and the dispatcher accepts exactly that
//                   certificate (AccessData::pinned_certificate). A remote engine without TLS on its API is
//                   refused: the run's key would cross the network in clear (Podman's API service serves
//                   none).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "packages/work/engine/client.h"
#include "packages/work/tls_identity.h"
#include "runtime/model/result.h"

namespace mel::packages::work::containers {

struct WorkerLink {
    std::string publish_address;        // the HostIp of the worker's port
    std::vector<std::string> addresses; // where the dispatcher dials, in order (textual IPs)
    bool tls = false;                   // a per-run certificate, pinned
};

/// A host name or textual address to its addresses (IPv4 first); an error names the host.
using Resolver = std::function<Result<std::vector<std::string>>(const std::string& host)>;
/// getaddrinfo; a bracketed IPv6 address ("[::1]") is taken as written.
Result<std::vector<std::string>> resolve_host(const std::string& host);

/// The link for runs on `endpoint`, the engine of `location`; an error for a remote engine without TLS on
/// its API, or whose host name does not resolve.
Result<WorkerLink> plan_worker_link(const engine::Endpoint& endpoint, const std::string& location,
                                    const Resolver& resolve = resolve_host);

/// The worker's TLS for one run: a new identity when the link uses TLS, else none. `run_name` names it.
Result<std::optional<TlsIdentity>> worker_identity(const WorkerLink& link, const std::string& run_name);

/// The worker's TLS arguments: --disable-tls, or --certificate/--key naming the files install_identity
/// writes.
std::vector<std::string> tls_arguments(const std::optional<TlsIdentity>& identity);

/// Copies the identity's files into the created worker container `id`, before it starts.
Status install_identity(engine::EngineClient& client, const std::string& id, const TlsIdentity& identity);

} // namespace mel::packages::work::containers
