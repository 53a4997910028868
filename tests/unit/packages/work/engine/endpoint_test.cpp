// work/engine endpoint: finding the engine from a fake environment and fake sockets (no daemon).

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "packages/work/engine/endpoint.h"

using namespace mel::packages::work::engine;

namespace {

/// Sockets that "exist" for a test.
auto sockets(std::set<std::string> present)
{
    return [present = std::move(present)](const std::string& path) { return present.count(path) > 0; };
}

const auto k_none = sockets({});

} // namespace

TEST_CASE("endpoint: DOCKER_HOST unix:// is taken as it is, and named as the source")
{
    auto found = discover(Flavour::Docker, {{"DOCKER_HOST", "unix:///tmp/x/engine.sock"}}, k_none);
    REQUIRE(found.ok());
    CHECK(found.value().transport == Transport::Unix);
    CHECK(found.value().socket_path == "/tmp/x/engine.sock");
    CHECK(found.value().describe() == "Docker at unix:///tmp/x/engine.sock (DOCKER_HOST)");
}

TEST_CASE("endpoint: DOCKER_HOST tcp:// without TLS, default port 2375; with a port")
{
    auto plain = discover(Flavour::Docker, {{"DOCKER_HOST", "tcp://10.0.0.5"}}, k_none);
    REQUIRE(plain.ok());
    CHECK(plain.value().transport == Transport::Tcp);
    CHECK(plain.value().host == "10.0.0.5");
    CHECK(plain.value().port == 2375);
    CHECK_FALSE(plain.value().tls);
    auto port = discover(Flavour::Either, {{"DOCKER_HOST", "tcp://engine.example:12375/"}}, k_none);
    REQUIRE(port.ok());
    CHECK(port.value().url() == "tcp://engine.example:12375");
    CHECK(port.value().describe() == "Engine at tcp://engine.example:12375 (DOCKER_HOST)");
}

TEST_CASE("endpoint: DOCKER_TLS_VERIFY takes the certificates of DOCKER_CERT_PATH, default port 2376")
{
    const auto dir = std::filesystem::temp_directory_path() / "mel-endpoint-test-certs";
    std::filesystem::create_directories(dir);
    for (const char* name : {"ca.pem", "cert.pem", "key.pem"})
        std::ofstream(dir / name) << "x";
    auto found = discover(Flavour::Docker,
                          {{"DOCKER_HOST", "tcp://127.0.0.1"}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", dir}},
                          k_none);
    REQUIRE(found.ok());
    CHECK(found.value().tls);
    CHECK(found.value().port == 2376);
    CHECK(found.value().tls_files.ca == (dir / "ca.pem").string());
    CHECK(found.value().tls_files.key == (dir / "key.pem").string());
    CHECK(found.value().describe() == "Docker at tcp://127.0.0.1:2376 (TLS) (DOCKER_HOST)");

    std::filesystem::remove(dir / "key.pem");
    auto missing = discover(Flavour::Docker,
                            {{"DOCKER_HOST", "tcp://127.0.0.1"}, {"DOCKER_TLS_VERIFY", "1"}, {"DOCKER_CERT_PATH", dir}},
                            k_none);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find((dir / "key.pem").string() + " does not exist") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("endpoint: DOCKER_TLS_VERIFY without DOCKER_CERT_PATH looks in ~/.docker")
{
    auto found = discover(Flavour::Docker,
                          {{"DOCKER_HOST", "tcp://h:1"}, {"DOCKER_TLS_VERIFY", "1"}, {"HOME", "/nonexistent-home"}},
                          k_none);
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().message.find("/nonexistent-home/.docker/ca.pem does not exist") != std::string::npos);
}

TEST_CASE("endpoint: DOCKER_TLS_VERIFY does not apply to a Unix socket")
{
    auto found = discover(Flavour::Docker, {{"DOCKER_HOST", "unix:///s"}, {"DOCKER_TLS_VERIFY", "1"}}, k_none);
    REQUIRE(found.ok());
    CHECK_FALSE(found.value().tls);
}

TEST_CASE("endpoint: Podman prefers CONTAINER_HOST, Docker ignores it, compose prefers DOCKER_HOST")
{
    const Environment both{{"DOCKER_HOST", "unix:///d.sock"}, {"CONTAINER_HOST", "unix:///p.sock"}};
    auto podman = discover(Flavour::Podman, both, k_none);
    REQUIRE(podman.ok());
    CHECK(podman.value().describe() == "Podman at unix:///p.sock (CONTAINER_HOST)");
    auto docker = discover(Flavour::Docker, both, k_none);
    REQUIRE(docker.ok());
    CHECK(docker.value().socket_path == "/d.sock");
    auto either = discover(Flavour::Either, both, k_none);
    REQUIRE(either.ok());
    CHECK(either.value().socket_path == "/d.sock");

    auto podman_docker_host = discover(Flavour::Podman, {{"DOCKER_HOST", "unix:///d.sock"}}, k_none);
    REQUIRE(podman_docker_host.ok());
    CHECK(podman_docker_host.value().describe() == "Podman at unix:///d.sock (DOCKER_HOST)");
    auto docker_container_host = discover(Flavour::Docker, {{"CONTAINER_HOST", "unix:///p.sock"}}, k_none);
    CHECK_FALSE(docker_container_host.ok());
}

TEST_CASE("endpoint: ssh:// and unknown schemes are refused with a clear message")
{
    auto ssh = discover(Flavour::Podman, {{"CONTAINER_HOST", "ssh://core@host/run/podman/podman.sock"}}, k_none);
    REQUIRE_FALSE(ssh.ok());
    CHECK(ssh.error().message.find("CONTAINER_HOST=ssh://core@host/run/podman/podman.sock: ssh:// is not supported") ==
          0);
    CHECK(ssh.error().message.find("use tcp://HOST:2376 with TLS (DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH)") !=
          std::string::npos);
    auto http = discover(Flavour::Docker, {{"DOCKER_HOST", "http://h:2375"}}, k_none);
    REQUIRE_FALSE(http.ok());
    CHECK(http.error().message == "DOCKER_HOST=http://h:2375: expected unix:///path or tcp://host:port");
    auto relative = parse_host("DOCKER_HOST", "unix://docker.sock");
    REQUIRE_FALSE(relative.ok());
    CHECK(relative.error().message.find("unix:///absolute/path") != std::string::npos);
    auto bad_port = parse_host("DOCKER_HOST", "tcp://h:http");
    REQUIRE_FALSE(bad_port.ok());
    CHECK(bad_port.error().message == "DOCKER_HOST=tcp://h:http: 'http' is not a port");
}

TEST_CASE("endpoint: IPv6 addresses keep their brackets")
{
    auto found = parse_host("DOCKER_HOST", "tcp://[::1]:2376");
    REQUIRE(found.ok());
    CHECK(found.value().host == "[::1]");
    CHECK(found.value().port == 2376);
}

TEST_CASE("endpoint: default sockets, Docker's before Podman's for compose")
{
    const Environment env{{"XDG_RUNTIME_DIR", "/run/user/1000"}};
    auto docker = discover(Flavour::Docker, env, sockets({"/run/docker.sock", "/run/podman/podman.sock"}));
    REQUIRE(docker.ok());
    CHECK(docker.value().describe() == "Docker at unix:///run/docker.sock (default socket)");
    auto either = discover(Flavour::Either, env, sockets({"/run/user/1000/podman/podman.sock", "/var/run/docker.sock"}));
    REQUIRE(either.ok());
    CHECK(either.value().socket_path == "/var/run/docker.sock");
    auto rootless = discover(Flavour::Either, env, sockets({"/run/user/1000/podman/podman.sock"}));
    REQUIRE(rootless.ok());
    CHECK(rootless.value().describe() == "Podman at unix:///run/user/1000/podman/podman.sock (default socket)");
    auto rootful = discover(Flavour::Podman, env,
                            sockets({"/run/user/1000/podman/podman.sock", "/run/podman/podman.sock"}));
    REQUIRE(rootful.ok());
    CHECK(rootful.value().socket_path == "/run/podman/podman.sock");
}

TEST_CASE("endpoint: nothing found lists what was tried and how to point melodium at an engine")
{
    auto docker = discover(Flavour::Docker, {}, k_none);
    REQUIRE_FALSE(docker.ok());
    CHECK(docker.error().message ==
          "no Docker engine found; tried:\n"
          "  - DOCKER_HOST (unset)\n"
          "  - /var/run/docker.sock (Docker's default socket: absent)\n"
          "  - /run/docker.sock (Docker's default socket: absent)\n"
          "To point melodium at an engine:\n"
          "  start Docker (dockerd), or set DOCKER_HOST=unix:///path/to/docker.sock\n"
          "  a remote engine: DOCKER_HOST=tcp://HOST:2376 with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH naming a "
          "directory with ca.pem, cert.pem and key.pem");
    auto either = discover(Flavour::Either, {{"XDG_RUNTIME_DIR", "/run/user/7"}}, k_none);
    REQUIRE_FALSE(either.ok());
    const auto& text = either.error().message;
    CHECK(text.find("no container engine (Docker or Podman) found") == 0);
    CHECK(text.find("CONTAINER_HOST (unset)") != std::string::npos);
    CHECK(text.find("/run/user/7/podman/podman.sock (Podman's default socket: absent)") != std::string::npos);
    CHECK(text.find("podman system service --time=0") != std::string::npos);
}

TEST_CASE("endpoint: location names")
{
    CHECK(flavour_of("docker").value() == Flavour::Docker);
    CHECK(flavour_of("podman").value() == Flavour::Podman);
    CHECK(flavour_of("compose").value() == Flavour::Either);
    REQUIRE_FALSE(flavour_of("api").ok());
    CHECK(flavour_of("api").error().message == "'api' is not a container engine location (docker, podman or compose)");
}
