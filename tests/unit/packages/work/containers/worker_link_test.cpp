// work/containers/worker_link: how the dispatcher reaches a run's worker — on the engine's loopback for a
// local engine, with a pinned per-run certificate on every address of a remote one — and the files it is
// given.

#include <doctest/doctest.h>

#include <algorithm>

#include "packages/work/containers/image_archive.h"
#include "packages/work/containers/worker_link.h"
#include "tests/unit/packages/work/containers/archive_reader.h"

using namespace mel;
using namespace mel::packages::work::containers;
namespace engine = mel::packages::work::engine;

namespace {

engine::Endpoint tcp(const std::string& host, bool tls)
{
    engine::Endpoint endpoint;
    endpoint.transport = engine::Transport::Tcp;
    endpoint.host = host;
    endpoint.port = tls ? 2376 : 2375;
    endpoint.tls = tls;
    endpoint.engine = "Docker";
    endpoint.source = "DOCKER_HOST";
    return endpoint;
}

/// A resolver that knows a few names, and counts its calls.
struct FakeResolver {
    int calls = 0;
    Result<std::vector<std::string>> operator()(const std::string& host)
    {
        ++calls;
        if (host == "localhost")
            return std::vector<std::string>{"127.0.0.1", "::1"};
        if (host == "engine.example")
            return std::vector<std::string>{"10.213.0.11", "fd00::11"};
        if (host == "10.1.2.2" || host == "127.0.0.1" || host == "[::1]")
            return std::vector<std::string>{host == "[::1]" ? "::1" : host};
        return Error{"its host " + host + " does not resolve (Name or service not known)"};
    }
};

} // namespace

TEST_CASE("worker link: a local engine publishes on its loopback and is dialled there without TLS")
{
    FakeResolver resolver;
    const auto resolve = [&](const std::string& h) { return resolver(h); };
    engine::Endpoint unix_socket;
    unix_socket.socket_path = "/run/docker.sock";
    for (const auto& endpoint :
         {unix_socket, tcp("127.0.0.1", false), tcp("localhost", true), tcp("[::1]", false)}) {
        const auto link = plan_worker_link(endpoint, "docker", resolve);
        REQUIRE(link.ok());
        CHECK(link.value().publish_address == "127.0.0.1");
        CHECK(link.value().addresses == std::vector<std::string>{"127.0.0.1"});
        CHECK_FALSE(link.value().tls);
    }
    CHECK(resolver.calls == 3); // a Unix socket needs no resolution
}

TEST_CASE("worker link: a remote engine with TLS publishes on every address and is dialled at its host's")
{
    FakeResolver resolver;
    const auto resolve = [&](const std::string& h) { return resolver(h); };
    const auto link = plan_worker_link(tcp("engine.example", true), "compose", resolve);
    REQUIRE(link.ok());
    CHECK(link.value().publish_address == "0.0.0.0");
    CHECK(link.value().addresses == std::vector<std::string>{"10.213.0.11", "fd00::11"});
    CHECK(link.value().tls);
    const auto by_address = plan_worker_link(tcp("10.1.2.2", true), "docker", resolve);
    REQUIRE(by_address.ok());
    CHECK(by_address.value().addresses == std::vector<std::string>{"10.1.2.2"});
}

TEST_CASE(
    "worker link: a remote engine without TLS, or whose host does not resolve, is refused with the reason")
{
    FakeResolver resolver;
    const auto resolve = [&](const std::string& h) { return resolver(h); };
    auto podman = tcp("10.1.2.2", false);
    podman.engine = "Podman";
    podman.source = "CONTAINER_HOST";
    const auto clear = plan_worker_link(podman, "podman", resolve);
    REQUIRE_FALSE(clear.ok());
    const std::string& message = clear.error().message;
    CHECK(message.find(
              "location \"podman\": Podman at tcp://10.1.2.2:2375 (CONTAINER_HOST) is an engine on another "
              "machine reached without TLS") == 0);
    CHECK(message.find("DOCKER_TLS_VERIFY=1") != std::string::npos);
    CHECK(message.find("Podman's API service serves no TLS") != std::string::npos);

    const auto unknown = plan_worker_link(tcp("nowhere.invalid", true), "docker", resolve);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message ==
          "location \"docker\": Docker at tcp://nowhere.invalid:2376 (TLS) (DOCKER_HOST): "
          "its host nowhere.invalid does not resolve (Name or service not known)");
}

TEST_CASE("worker link: the real resolver")
{
    const auto loopback = resolve_host("127.0.0.1");
    REQUIRE(loopback.ok());
    CHECK(loopback.value() == std::vector<std::string>{"127.0.0.1"});
    const auto v6 = resolve_host("[::1]");
    REQUIRE(v6.ok());
    CHECK(v6.value() == std::vector<std::string>{"::1"});
    const auto missing = resolve_host("nowhere.invalid");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("its host nowhere.invalid does not resolve") == 0);
}

TEST_CASE("worker link: a TLS link gets a fresh identity per run and the worker serves it; a plain one none")
{
    const WorkerLink remote{"0.0.0.0", {"10.1.2.2"}, true};
    const auto first = worker_identity(remote, "melodium-ab12.worker");
    const auto second = worker_identity(remote, "melodium-ab12.worker");
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    REQUIRE(first.value().has_value());
    CHECK(first.value()->certificate != second.value()->certificate);
    CHECK(tls_arguments(first.value()) == std::vector<std::string>{"--certificate",
                                                                   "/melodium-tls/worker.pem", "--key",
                                                                   "/melodium-tls/worker-key.pem"});

    const WorkerLink local{"127.0.0.1", {"127.0.0.1"}, false};
    const auto none = worker_identity(local, "melodium-ab12.worker");
    REQUIRE(none.ok());
    CHECK_FALSE(none.value().has_value());
    CHECK(tls_arguments(none.value()) == std::vector<std::string>{"--disable-tls"});
}

TEST_CASE("tar in memory: the entries in order, root's, with their modes")
{
    const auto tar =
        tar_in_memory({{LayerEntry::Kind::Directory, "melodium-tls", 0700, {}, {}},
                       {LayerEntry::Kind::Text, "melodium-tls/worker-key.pem", 0600, {}, "secret\n"}});
    REQUIRE(tar.ok());
    const auto members = read_archive_memory(tar.value());
    REQUIRE(members.size() == 2);
    CHECK(members[0].path == "melodium-tls");
    CHECK(members[0].directory);
    CHECK(members[0].mode == 0700);
    CHECK(members[1].path == "melodium-tls/worker-key.pem");
    CHECK(members[1].mode == 0600);
    CHECK(members[1].uid == 0);
    CHECK(members[1].data == "secret\n");
}
