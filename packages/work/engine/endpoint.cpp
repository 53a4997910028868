// Finding the container engine (endpoint.h). The variables' conventions are Docker's (DOCKER_HOST,
// DOCKER_TLS_VERIFY, DOCKER_CERT_PATH; default TCP ports 2375 plain, 2376 TLS) and Podman's (CONTAINER_HOST).

#include "packages/work/engine/endpoint.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

namespace mel::packages::work::engine {

namespace {

constexpr const char* k_docker_host = "DOCKER_HOST";
constexpr const char* k_container_host = "CONTAINER_HOST";
constexpr const char* k_tls_verify = "DOCKER_TLS_VERIFY";
constexpr const char* k_cert_path = "DOCKER_CERT_PATH";

std::string variable(const Environment& env, const std::string& name)
{
    const auto found = env.find(name);
    return found == env.end() ? std::string() : found->second;
}

const char* engine_name(Flavour flavour)
{
    switch (flavour) {
    case Flavour::Docker: return "Docker";
    case Flavour::Podman: return "Podman";
    case Flavour::Either: break;
    }
    return "Engine";
}

/// The variables a flavour reads, in order.
std::vector<const char*> variables_of(Flavour flavour)
{
    switch (flavour) {
    case Flavour::Docker: return {k_docker_host};
    case Flavour::Podman: return {k_container_host, k_docker_host};
    case Flavour::Either: break;
    }
    return {k_docker_host, k_container_host};
}

struct DefaultSocket {
    std::string path;
    const char* engine;
};

std::vector<DefaultSocket> default_sockets(Flavour flavour, const Environment& env)
{
    std::vector<DefaultSocket> sockets;
    if (flavour != Flavour::Podman) {
        sockets.push_back({"/var/run/docker.sock", "Docker"});
        sockets.push_back({"/run/docker.sock", "Docker"});
    }
    if (flavour != Flavour::Docker) {
        sockets.push_back({"/run/podman/podman.sock", "Podman"});
        const auto runtime_dir = variable(env, "XDG_RUNTIME_DIR");
        if (!runtime_dir.empty())
            sockets.push_back({runtime_dir + "/podman/podman.sock", "Podman"});
    }
    return sockets;
}

Status add_tls(Endpoint& endpoint, const Environment& env)
{
    if (endpoint.transport != Transport::Tcp || variable(env, k_tls_verify).empty())
        return success();
    auto dir = variable(env, k_cert_path);
    if (dir.empty()) {
        const auto home = variable(env, "HOME");
        if (home.empty())
            return Error{fmt::format("{} is set but neither {} nor HOME is: cannot find ca.pem, cert.pem and "
                                     "key.pem", k_tls_verify, k_cert_path)};
        dir = home + "/.docker";
    }
    endpoint.tls = true;
    endpoint.tls_files = {dir + "/ca.pem", dir + "/cert.pem", dir + "/key.pem"};
    for (const auto* file : {&endpoint.tls_files.ca, &endpoint.tls_files.cert, &endpoint.tls_files.key})
        if (!std::filesystem::exists(*file))
            return Error{fmt::format("{} is set, but {} does not exist ({} names the directory of ca.pem, "
                                     "cert.pem and key.pem; default ~/.docker)", k_tls_verify, *file,
                                     k_cert_path)};
    return success();
}

std::string nothing_found(Flavour flavour, const std::vector<std::string>& tried)
{
    std::string list;
    for (const auto& t : tried)
        list += fmt::format("\n  - {}", t);
    std::string hint;
    if (flavour != Flavour::Podman)
        hint += "\n  start Docker (dockerd), or set DOCKER_HOST=unix:///path/to/docker.sock";
    if (flavour != Flavour::Docker)
        hint += "\n  start Podman's API service (`podman system service --time=0 "
                "unix:///run/podman/podman.sock`), or set CONTAINER_HOST=unix:///path/to/podman.sock";
    hint += "\n  a remote engine: DOCKER_HOST=tcp://HOST:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH "
            "naming a directory with ca.pem, cert.pem and key.pem";
    const char* what = flavour == Flavour::Docker   ? "Docker engine"
                       : flavour == Flavour::Podman ? "Podman engine"
                                                    : "container engine (Docker or Podman)";
    return fmt::format("no {} found; tried:{}\nTo point melodium at an engine:{}", what, list, hint);
}

} // namespace

std::string Endpoint::url() const
{
    if (transport == Transport::Unix)
        return "unix://" + socket_path;
    return fmt::format("tcp://{}:{}", host, port);
}

std::string Endpoint::describe() const
{
    const auto where = url() + (tls ? " (TLS)" : "");
    return source.empty() ? fmt::format("{} at {}", engine, where)
                          : fmt::format("{} at {} ({})", engine, where, source);
}

Environment process_environment()
{
    Environment env;
    for (const char* name :
         {k_docker_host, k_container_host, k_tls_verify, k_cert_path, "HOME", "XDG_RUNTIME_DIR"})
        if (const char* value = std::getenv(name))
            env[name] = value;
    return env;
}

bool is_socket(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

Result<Flavour> flavour_of(const std::string& location)
{
    if (location == "docker")
        return Flavour::Docker;
    if (location == "podman")
        return Flavour::Podman;
    if (location == "compose")
        return Flavour::Either;
    return Error{fmt::format("'{}' is not a container engine location (docker, podman or compose)", location)};
}

Result<Endpoint> parse_host(const std::string& variable, const std::string& value)
{
    Endpoint endpoint;
    const auto scheme_end = value.find("://");
    const auto scheme = scheme_end == std::string::npos ? std::string() : value.substr(0, scheme_end);
    const auto rest = scheme_end == std::string::npos ? std::string() : value.substr(scheme_end + 3);
    if (scheme == "unix") {
        if (rest.empty() || rest[0] != '/')
            return Error{fmt::format("{}={}: a Unix socket is written unix:///absolute/path", variable, value)};
        endpoint.socket_path = rest;
        return endpoint;
    }
    if (scheme == "ssh")
        return Error{
            fmt::format("{}={}: ssh:// is not supported (melodium opens no SSH tunnel, and a forwarded "
                        "socket would leave the workers' ports on the engine's loopback, out of reach); "
                        "use tcp://HOST:2376 with TLS (DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH), as "
                        "docs/containers.md says under \"A remote engine\"",
                        variable, value)};
    if (scheme != "tcp")
        return Error{fmt::format("{}={}: expected unix:///path or tcp://host:port", variable, value)};
    auto authority = rest.substr(0, rest.find('/'));
    endpoint.transport = Transport::Tcp;
    const auto colon = authority.rfind(':');
    const bool bracketed = !authority.empty() && authority[0] == '[';
    if (colon != std::string::npos && (!bracketed || authority[colon - 1] == ']')) {
        const auto port_text = authority.substr(colon + 1);
        char* end = nullptr;
        const long port = std::strtol(port_text.c_str(), &end, 10);
        if (port_text.empty() || *end != '\0' || port <= 0 || port > 65535)
            return Error{fmt::format("{}={}: '{}' is not a port", variable, value, port_text)};
        endpoint.port = static_cast<int>(port);
        authority.resize(colon);
    }
    if (authority.empty())
        return Error{fmt::format("{}={}: no host", variable, value)};
    endpoint.host = authority;
    return endpoint;
}

Result<Endpoint> discover(Flavour flavour, const Environment& env,
                          const std::function<bool(const std::string&)>& socket_exists)
{
    std::vector<std::string> tried;
    for (const char* name : variables_of(flavour)) {
        const auto value = variable(env, name);
        if (value.empty()) {
            tried.push_back(fmt::format("{} (unset)", name));
            continue;
        }
        auto parsed = parse_host(name, value);
        if (!parsed)
            return parsed.error();
        auto endpoint = std::move(parsed).value();
        endpoint.engine = engine_name(flavour);
        endpoint.source = name;
        if (auto tls = add_tls(endpoint, env); !tls)
            return tls.error();
        if (endpoint.transport == Transport::Tcp && endpoint.port == 0)
            endpoint.port = endpoint.tls ? 2376 : 2375;
        return endpoint;
    }
    for (const auto& candidate : default_sockets(flavour, env)) {
        if (!socket_exists(candidate.path)) {
            tried.push_back(fmt::format("{} ({}'s default socket: absent)", candidate.path, candidate.engine));
            continue;
        }
        Endpoint endpoint;
        endpoint.socket_path = candidate.path;
        endpoint.engine = candidate.engine;
        endpoint.source = "default socket";
        return endpoint;
    }
    return Error{nothing_found(flavour, tried)};
}

} // namespace mel::packages::work::engine
