// work/engine against a real engine (issue 18): the binary `engine_api_tests`, run only through
// tests/integration/engine_api.py, which starts a Docker and a Podman with their own state, loads the httpd
// image, and runs this once per engine with DOCKER_HOST set, MELODIUM_TEST_ENGINE_KIND (docker, podman) and
// MELODIUM_TEST_BUSYBOX_ARCHIVE (a `docker save` archive for the load case). Without DOCKER_HOST every case
// fails: it is never skipped. Timings are printed as `TIMING <what> <milliseconds>` lines.

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include "packages/work/containers/image_archive.h"
#include "packages/work/engine/objects.h"

using namespace mel::packages::work::engine;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* k_httpd = "localhost/busybox-httpd:1";
constexpr const char* k_busybox = "localhost/busybox:1";

std::string required_variable(const char* name)
{
    const char* value = std::getenv(name);
    if (!value || !*value)
        FAIL(name << " is not set: this binary runs only through tests/integration/engine_api.py");
    return value;
}

EngineClient& live_client()
{
    required_variable("DOCKER_HOST");
    static EngineClient client = [] {
        auto endpoint = discover(Flavour::Either, process_environment());
        if (!endpoint)
            FAIL(endpoint.error().message);
        return EngineClient(std::move(endpoint).value());
    }();
    return client;
}

bool expect_podman()
{
    return required_variable("MELODIUM_TEST_ENGINE_KIND") == "podman";
}

std::string run_id()
{
    static const std::string id = [] {
        std::random_device device;
        return std::to_string(device() % 1'000'000'000);
    }();
    return id;
}

double milliseconds_since(Clock::time_point began)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - began).count();
}

void timing(const std::string& what, double ms)
{
    std::cout << "TIMING " << what << " " << ms << "\n";
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

/// The value of a Result, or the case fails with its message.
template<class T>
T must(mel::Result<T> result)
{
    if (!result)
        FAIL(result.error().message);
    return std::move(result).value();
}

void must(const mel::Status& status)
{
    if (!status)
        FAIL(status.error().message);
}

Labels run_labels()
{
    return {{"melodium.test.run", run_id()}};
}

std::string label()
{
    return "melodium.test.run=" + run_id();
}

/// HTTP GET / on 127.0.0.1:port from this process: the answer's text.
std::string http_get_local(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string answer;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        const std::string request = "GET / HTTP/1.0\r\nHost: x\r\n\r\n";
        static_cast<void>(::write(fd, request.data(), request.size()));
        char buffer[4096];
        for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
            answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

/// Removes every object of this run: the errors met (none when all went).
std::vector<std::string> remove_all_of_run(EngineClient& client)
{
    std::vector<std::string> errors;
    const auto note = [&](const mel::Status& status) {
        if (!status)
            errors.push_back(status.error().message);
    };
    for (const auto kind : {ObjectKind::Container, ObjectKind::Network, ObjectKind::Volume}) {
        auto listed = list_by_label(client, kind, label());
        if (!listed) {
            errors.push_back(listed.error().message);
            continue;
        }
        for (const auto& object : listed.value())
            note(kind == ObjectKind::Container ? remove_container(client, object.id)
                 : kind == ObjectKind::Network ? remove_network(client, object.id)
                                               : remove_volume(client, object.name));
    }
    return errors;
}

/// Removes what a case left when it ends early (a failed REQUIRE); best effort, never throws.
struct LeftoverSweep {
    ~LeftoverSweep() { static_cast<void>(remove_all_of_run(live_client())); }
};

} // namespace

TEST_CASE("live: version, API 1.41, and the engine's kind")
{
    auto& client = live_client();
    const auto info = must(client.version());
    CHECK(info.api_version == "1.41");
    CHECK(info.os == "linux");
    CHECK_FALSE(info.arch.empty());
    CHECK(info.podman == expect_podman());
    CHECK(client.describe().find(expect_podman() ? "Podman at " : "Docker at ") == 0);
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) { // Podman's takes ~0.4 s: it asks its runtime and conmon for their versions
        const auto began = Clock::now();
        must(client.version());
        times.push_back(milliseconds_since(began));
    }
    timing("version", median(times));
    times.clear();
    for (int i = 0; i < 20; ++i) {
        const auto began = Clock::now();
        must(client.ping());
        times.push_back(milliseconds_since(began));
    }
    timing("ping", median(times));
}

TEST_CASE("live: image inspect, present and absent")
{
    auto& client = live_client();
    const auto httpd = must(inspect_image(client, k_httpd));
    REQUIRE(httpd.has_value());
    CHECK(httpd->exposed_ports == std::vector<std::string>{"8080/tcp"});
    CHECK(httpd->entrypoint == std::vector<std::string>{"httpd", "-f", "-v", "-p", "8080", "-h", "/www"});
    CHECK(httpd->os == "linux");
    CHECK_FALSE(httpd->architecture.empty());
    CHECK_FALSE(httpd->healthcheck.has_value());
    const auto absent = must(inspect_image(client, "localhost/nope:1"));
    CHECK_FALSE(absent.has_value());
}

TEST_CASE("live: image load from an archive")
{
    auto& client = live_client();
    const auto archive = required_variable("MELODIUM_TEST_BUSYBOX_ARCHIVE");
    const auto began = Clock::now();
    const auto loaded = must(load_image(client, archive));
    timing("load busybox", milliseconds_since(began));
    CHECK(std::any_of(loaded.begin(), loaded.end(),
                      [](const std::string& name) { return name.find("localhost/busybox:1") != std::string::npos; }));
    const auto image = must(inspect_image(client, k_busybox));
    REQUIRE(image.has_value());
    CHECK(image->cmd == std::vector<std::string>{"sh"});

    auto missing = load_image(client, "/nonexistent/image.tar");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.find("cannot open /nonexistent/image.tar") != std::string::npos);
}

TEST_CASE("live: a network, a volume, two containers reaching each other by name, execs, logs, teardown")
{
    auto& client = live_client();
    const LeftoverSweep sweep;
    const auto id = run_id();
    const auto network = must(create_network(client, "mel-net-" + id, run_labels()));
    const auto volume = must(create_volume(client, "mel-data-" + id, run_labels()));
    CHECK(volume == "mel-data-" + id);

    ContainerConfig web;
    web.name = "mel-web-" + id;
    web.image = k_httpd;
    web.labels = run_labels();
    web.network = "mel-net-" + id;
    web.aliases = {"web"};
    web.published_ports = {"8080/tcp"};
    web.cpu_millicores = 500;
    web.memory_mb = 64;
    // Podman replaces all its default limits with the container's: without nproc its own default (1048576)
    // is refused here (no CAP_SYS_RESOURCE).
    web.ulimits = {{"nofile", 4096, 4096}, {"nproc", 32768, 32768}};
    ContainerConfig box;
    box.name = "mel-box-" + id;
    box.image = k_busybox;
    box.cmd = std::vector<std::string>{"sleep", "600"};
    box.env = {"GREETING=hello"};
    box.labels = run_labels();
    box.mounts = {{volume, "/mnt/data"}};
    box.network = "mel-net-" + id;
    box.aliases = {"box"};
    box.extra_hosts = {"peer.example:192.0.2.7"};

    std::vector<std::string> ids;
    for (const auto* config : {&web, &box}) {
        const auto began = Clock::now();
        ids.push_back(must(create_container(client, *config)));
        must(start_container(client, ids.back()));
        timing("create+start", milliseconds_since(began));
    }
    const auto web_state = must(inspect_container(client, ids[0]));
    CHECK(web_state.running);
    CHECK(web_state.status == "running");
    CHECK(web_state.name == web.name);
    REQUIRE(web_state.host_ports.count("8080/tcp") == 1);
    CHECK(web_state.host_ports.at("8080/tcp") > 0);
    REQUIRE(web_state.addresses.count("mel-net-" + id) == 1);
    CHECK(web_state.addresses.at("mel-net-" + id).find('.') != std::string::npos);

    SUBCASE("one reaches the other by its alias")
    {
        ExecResult fetched;
        for (int attempt = 0; attempt < 50; ++attempt) { // httpd may need a moment to listen
            fetched = must(exec_run(client, ids[1], {.cmd = {"wget", "-q", "-O", "-", "http://web:8080/"}}));
            if (fetched.exit_code == 0)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        CHECK(fetched.exit_code == 0);
        CHECK(fetched.out == "hello from busybox httpd\n");
        CHECK(http_get_local(web_state.host_ports.at("8080/tcp")).find("200 OK") != std::string::npos);
    }
    SUBCASE("extra hosts are in /etc/hosts")
    {
        const auto hosts = must(exec_run(client, ids[1], {.cmd = {"grep", "peer.example", "/etc/hosts"}}));
        CHECK(hosts.exit_code == 0);
        CHECK(hosts.out.find("192.0.2.7") != std::string::npos);
    }
    SUBCASE("exec: stdout and stderr apart, the exact exit code, environment and working directory")
    {
        const auto result = must(exec_run(
            client, ids[1],
            {.cmd = {"sh", "-c", "echo out $GREETING $EXTRA; pwd; echo err >&2; exit 213"}, .env = {"EXTRA=x"},
             .working_dir = "/mnt/data"}));
        CHECK(result.exit_code == 213);
        CHECK(result.out == "out hello x\n/mnt/data\n");
        CHECK(result.err == "err\n");
        const auto big = must(exec_run(client, ids[1], {.cmd = {"sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a; "
                                                                               "head -c 70000 /dev/zero | tr '\\0' b >&2"}}));
        CHECK(big.exit_code == 0);
        CHECK(big.out == std::string(300000, 'a'));
        CHECK(big.err == std::string(70000, 'b'));
        const auto missing = must(exec_run(client, ids[1], {.cmd = {"sh", "-c", "exec /nonexistent"}}));
        CHECK(missing.exit_code == 127);
        std::vector<double> times;
        for (int i = 0; i < 10; ++i) {
            const auto began = Clock::now();
            CHECK(must(exec_run(client, ids[1], {.cmd = {"true"}})).exit_code == 0);
            times.push_back(milliseconds_since(began));
        }
        timing("exec round trip", median(times));
    }
    SUBCASE("listing by label")
    {
        // Created: the sweep's age of a run (an integer for containers, RFC 3339 text for networks and volumes).
        const std::int64_t now = std::time(nullptr);
        const auto recent = [&](std::int64_t created) { return created > now - 600 && created <= now + 5; };
        const auto containers = must(list_by_label(client, ObjectKind::Container, label()));
        CHECK(containers.size() == 2);
        for (const auto& c : containers) {
            CHECK(c.labels.at("melodium.test.run") == id);
            CHECK(c.state == "running");
            CHECK(recent(c.created));
        }
        const auto networks = must(list_by_label(client, ObjectKind::Network, label()));
        REQUIRE(networks.size() == 1);
        CHECK(networks[0].name == "mel-net-" + id);
        CHECK(recent(networks[0].created));
        const auto volumes = must(list_by_label(client, ObjectKind::Volume, label()));
        REQUIRE(volumes.size() == 1);
        CHECK(volumes[0].name == volume);
        CHECK(recent(volumes[0].created));
        CHECK(must(list_by_label(client, ObjectKind::Container, "melodium.test.run=other")).empty());
    }
    SUBCASE("a container's exit code, then the tail of its logs, streams apart")
    {
        ContainerConfig lines;
        lines.name = "mel-lines-" + id;
        lines.image = k_busybox;
        lines.labels = run_labels();
        // The tail counts the lines of both streams together, in the order they were logged: the streams
        // are written one after the other so that the order is known.
        lines.cmd = std::vector<std::string>{
            "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; sleep 0.3; for i in 1 2 3; do echo e$i >&2; done; exit 7"};
        const auto lines_id = must(create_container(client, lines));
        must(start_container(client, lines_id));
        CHECK(must(wait_container(client, lines_id, std::chrono::seconds(30))) == 7);
        const auto state = must(inspect_container(client, lines_id));
        CHECK_FALSE(state.running);
        CHECK(state.exit_code == 7);
        const auto logs = must(container_logs(client, lines_id, 5));
        CHECK(logs.out == "line4\nline5\n");
        CHECK(logs.err == "e1\ne2\ne3\n");
    }
    SUBCASE("kill")
    {
        must(kill_container(client, ids[1]));
        CHECK(must(wait_container(client, ids[1], std::chrono::seconds(30))) == 137);
        CHECK_FALSE(must(inspect_container(client, ids[1])).running);
    }

    const auto began = Clock::now();
    CHECK(remove_all_of_run(client).empty());
    timing("remove everything", milliseconds_since(began));
    CHECK(must(list_by_label(client, ObjectKind::Container, label())).empty());
    CHECK(must(list_by_label(client, ObjectKind::Network, label())).empty());
    CHECK(must(list_by_label(client, ObjectKind::Volume, label())).empty());
    CHECK(remove_container(client, ids[0]).ok()); // already gone: fine
}

TEST_CASE("live: a missing image at create, and a pull that cannot reach its registry, name the image")
{
    auto& client = live_client();
    ContainerConfig config;
    config.name = "mel-nope-" + run_id();
    config.image = "localhost/nope:1";
    auto created = create_container(client, config);
    REQUIRE_FALSE(created.ok());
    const auto& text = created.error().message;
    CHECK(text.find(client.describe() + ": POST /containers/create: 404 ") == 0);
    CHECK(text.find("localhost/nope") != std::string::npos);

    std::vector<std::string> progress;
    const auto began = Clock::now();
    auto pulled = pull_image(client, "127.0.0.1:1/nope:1", [&](const std::string& line) { progress.push_back(line); },
                             {}, std::chrono::seconds(60));
    timing("failed pull", milliseconds_since(began));
    REQUIRE_FALSE(pulled.ok());
    CHECK(pulled.error().message.find("pulling image 127.0.0.1:1/nope:1 failed: ") == 0);
    MESSAGE(pulled.error().message);
}

TEST_CASE(
    "live: files copied into a created container are there when it starts; Docker names a missing directory")
{
    using mel::packages::work::containers::LayerEntry;
    auto& client = live_client();
    const LeftoverSweep sweep;
    ContainerConfig config;
    config.name = "mel-copied-" + run_id();
    config.image = k_busybox;
    config.labels = run_labels();
    config.cmd =
        std::vector<std::string>{"sh", "-c", "cat /copied/a.txt; stat -c '%a %u' /copied /copied/a.txt"};
    const auto id = must(create_container(client, config));
    const auto tar = must(mel::packages::work::containers::tar_in_memory(
        {{LayerEntry::Kind::Directory, "copied", 0700, {}, {}},
         {LayerEntry::Kind::Text, "copied/a.txt", 0600, {}, "secret\n"}}));
    const auto began = Clock::now();
    must(put_archive(client, id, "/", tar));
    timing("put archive", milliseconds_since(began));
    const auto missing = put_archive(client, id, "/no/such/dir", tar);
    if (expect_podman()) {
        CHECK(missing.ok()); // Podman 4.3 makes the directory
    } else {
        REQUIRE_FALSE(missing.ok());
        CHECK(missing.error().message.find(client.describe() + ": PUT /containers/" + id +
                                           "/archive: 404 ") == 0);
    }
    must(start_container(client, id));
    CHECK(must(wait_container(client, id, std::chrono::seconds(30))) == 0);
    CHECK(must(container_logs(client, id, 10)).out == "secret\n700 0\n600 0\n");
    must(remove_container(client, id));
}

TEST_CASE("live: health checks, run by the engine (Docker) or by us (Podman)")
{
    auto& client = live_client();
    const LeftoverSweep sweep;
    ContainerConfig config;
    config.name = "mel-health-" + run_id();
    config.image = k_busybox;
    config.labels = run_labels();
    config.cmd = std::vector<std::string>{"sleep", "600"};
    config.healthcheck = HealthcheckConfig{{"CMD-SHELL", "test -f /tmp/ok"}, 200'000'000, 5'000'000'000, 0, 1000};
    const auto id = must(create_container(client, config));
    must(start_container(client, id));
    CHECK(must(inspect_container(client, id)).health == "starting");
    const auto health = [&] {
        return expect_podman() ? must(podman_run_healthcheck(client, id)) : must(inspect_container(client, id)).health;
    };
    // Failing: Docker says "starting" while under its retries; Podman's run says "unhealthy" at once.
    CHECK(health() == (expect_podman() ? "unhealthy" : "starting"));
    CHECK(must(exec_run(client, id, {.cmd = {"touch", "/tmp/ok"}})).exit_code == 0);
    std::string status;
    for (int attempt = 0; attempt < 50 && status != "healthy"; ++attempt) {
        status = health();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    CHECK(status == "healthy");
    CHECK(must(inspect_container(client, id)).health == "healthy");
    must(remove_container(client, id));
}

TEST_CASE("live: a stopped daemon fails fast (socket left behind, nothing on a TCP port, a host that never "
          "answers)")
{
    const auto dir = std::filesystem::temp_directory_path() / ("mel-stopped-" + run_id());
    std::filesystem::create_directories(dir);
    const auto socket_path = (dir / "engine.sock").string();
    { // a socket file nobody listens on: what a killed daemon leaves
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        ::close(fd);
    }
    // A listening socket whose queue is full and never accepted: further connections get no answer to their
    // SYN, as from a host that is down (the network of this machine answers every outside address itself).
    const int full = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(full, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(full, 0) == 0);
    REQUIRE(::getsockname(full, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    std::vector<int> fillers;
    for (int i = 0; i < 3; ++i) {
        fillers.push_back(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
        static_cast<void>(::connect(fillers.back(), reinterpret_cast<sockaddr*>(&address), sizeof address));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto silent = "tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));

    struct Case {
        std::string what;
        std::string host;
        double bound_ms;
        std::string says;
    };
    for (const auto& [what, host, bound_ms, says] :
         {Case{"socket left behind", "unix://" + socket_path, 500, "cannot connect: is the engine running?"},
          Case{"TCP port closed", "tcp://127.0.0.1:1", 500, "cannot connect: is the engine running?"},
          Case{"TCP host silent", silent, 4500, "no connection within 3000 ms"}}) {
        CAPTURE(host);
        auto endpoint = must(discover(Flavour::Docker, {{"DOCKER_HOST", host}}));
        EngineClient client(endpoint);
        const auto began = Clock::now();
        auto version = client.version();
        const auto ms = milliseconds_since(began);
        timing("stopped daemon, " + what, ms);
        REQUIRE_FALSE(version.ok());
        CHECK(version.error().message.find("Docker at " + endpoint.url()) == 0);
        CHECK(version.error().message.find(says) != std::string::npos);
        CHECK(ms < bound_ms);
        MESSAGE(version.error().message);
    }
    for (const int fd : fillers)
        ::close(fd);
    ::close(full);
    std::filesystem::remove_all(dir);
}

TEST_CASE("live TLS: the engine refuses a client without its certificate; a wrong CA refuses the engine")
{
    auto& client = live_client();
    REQUIRE(client.endpoint().tls);
    auto no_certificate = client.endpoint();
    no_certificate.tls_files.cert.clear();
    no_certificate.tls_files.key.clear();
    auto wrong_ca = client.endpoint();
    wrong_ca.tls_files.ca = wrong_ca.tls_files.cert; // a certificate that signed nothing
    for (const auto& endpoint : {no_certificate, wrong_ca}) {
        EngineClient other(endpoint);
        const auto began = Clock::now();
        auto version = other.version();
        timing("TLS refused", milliseconds_since(began));
        REQUIRE_FALSE(version.ok());
        CHECK(version.error().message.find(" at " + endpoint.url() + " (TLS) (DOCKER_HOST): GET /version: TLS: ") !=
              std::string::npos);
        MESSAGE(version.error().message);
    }
}
