// How the dispatcher reaches a run's worker (worker_link.h). The reference's compose location publishes the
// worker's port on 0.0.0.0 and dials 127.0.0.1 (or the host `docker` with TLS off): a local engine only.

#include "packages/work/containers/worker_link.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>

#include <fmt/format.h>

#include "packages/work/containers/image_archive.h"
#include "packages/work/engine/objects.h"
#include "packages/work/worker_contract.h"

namespace mel::packages::work::containers {

namespace {

/// The worker's certificate and key in its container, in this directory under its root (copied there before
/// it starts).
constexpr const char* k_tls_dir = "melodium-tls";
constexpr const char* k_certificate_name = "worker.pem";
constexpr const char* k_key_name = "worker-key.pem";

/// `name` of k_tls_dir, relative to the container's root.
std::string tls_file(const char* name)
{
    return std::string(k_tls_dir) + "/" + name;
}

bool is_loopback(const std::string& address)
{
    in_addr v4{};
    if (::inet_pton(AF_INET, address.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    return ::inet_pton(AF_INET6, address.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

std::string unbracketed(const std::string& host)
{
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

} // namespace

Result<std::vector<std::string>> resolve_host(const std::string& host)
{
    const std::string name = unbracketed(host);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int failed = ::getaddrinfo(name.c_str(), nullptr, &hints, &found); failed != 0)
        return Error{fmt::format("its host {} does not resolve ({})", name, ::gai_strerror(failed))};
    std::vector<std::string> v4, v6;
    for (const addrinfo* a = found; a; a = a->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        const void* raw =
            a->ai_family == AF_INET
                ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr)
                : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr);
        if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) ||
            !::inet_ntop(a->ai_family, raw, text, sizeof text))
            continue;
        auto& list = a->ai_family == AF_INET ? v4 : v6;
        if (std::find(list.begin(), list.end(), text) == list.end())
            list.emplace_back(text);
    }
    ::freeaddrinfo(found);
    v4.insert(v4.end(), v6.begin(), v6.end());
    if (v4.empty())
        return Error{fmt::format("its host {} resolves to no IP address", name)};
    return v4;
}

Result<WorkerLink> plan_worker_link(const engine::Endpoint& endpoint, const std::string& location,
                                    const Resolver& resolve)
{
    const WorkerLink local{"127.0.0.1", {"127.0.0.1"}, false};
    if (endpoint.transport == engine::Transport::Unix)
        return local;
    auto addresses = resolve(endpoint.host);
    if (!addresses)
        return Error{
            fmt::format("location \"{}\": {}: {}", location, endpoint.describe(), addresses.error().message)};
    if (std::all_of(addresses.value().begin(), addresses.value().end(), is_loopback))
        return local;
    if (!endpoint.tls)
        return Error{fmt::format(
            "location \"{}\": {} is an engine on another machine reached without TLS: the key of each "
            "run's worker (and all else a run sends the engine) would cross the network in clear. Set "
            "DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (a directory with ca.pem, cert.pem and key.pem) for an "
            "engine serving TLS (dockerd --tlsverify). Podman's API service serves no TLS: put a TLS "
            "endpoint that verifies client certificates in front of it, or run melodium on the engine's "
            "machine (docs/containers.md)",
            location, endpoint.describe())};
    return WorkerLink{"0.0.0.0", std::move(addresses).value(), true};
}

Result<std::optional<TlsIdentity>> worker_identity(const WorkerLink& link, const std::string& run_name)
{
    if (!link.tls)
        return std::optional<TlsIdentity>();
    auto identity = make_self_signed(run_name, "", std::chrono::hours(7 * 24));
    if (!identity)
        return Error{"the worker's TLS certificate: " + identity.error().message};
    return std::optional<TlsIdentity>(std::move(identity).value());
}

std::vector<std::string> tls_arguments(const std::optional<TlsIdentity>& identity)
{
    using namespace contract;
    if (!identity)
        return {k_arg_disable_tls};
    return {k_arg_certificate, "/" + tls_file(k_certificate_name), k_arg_key, "/" + tls_file(k_key_name)};
}

Status install_identity(engine::EngineClient& client, const std::string& id, const TlsIdentity& identity)
{
    auto tar =
        tar_in_memory({{LayerEntry::Kind::Directory, k_tls_dir, 0700, {}, {}},
                       {LayerEntry::Kind::Text, tls_file(k_certificate_name), 0644, {}, identity.certificate},
                       {LayerEntry::Kind::Text, tls_file(k_key_name), 0600, {}, identity.key}});
    if (!tar)
        return tar.error();
    if (Status put = engine::put_archive(client, id, "/", tar.value()); !put.ok())
        return Error{"cannot copy the worker's TLS certificate into its container: " + put.error().message};
    return success();
}

} // namespace mel::packages::work::containers
