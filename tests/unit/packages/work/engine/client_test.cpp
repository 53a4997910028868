// work/engine client: URL and query building, error texts, the line splitter, the multiplexed-stream
// decoder (headers split across chunks), and the client against a fake engine on a Unix socket that answers
// canned HTTP (no daemon).

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "packages/work/engine/client.h"
#include "packages/work/engine/objects.h"

using namespace mel::packages::work::engine;

namespace {

std::string frame(StreamId stream, std::string_view payload)
{
    std::string out(8, '\0');
    out[0] = static_cast<char>(stream);
    const auto n = static_cast<std::uint32_t>(payload.size());
    out[4] = static_cast<char>(n >> 24);
    out[5] = static_cast<char>(n >> 16);
    out[6] = static_cast<char>(n >> 8);
    out[7] = static_cast<char>(n);
    return out + std::string(payload);
}

/// A fake engine: answers each connection on a Unix socket with the next canned HTTP answer, and records
/// each request's head.
class FakeEngine {
public:
    explicit FakeEngine(std::vector<std::string> answers) : m_answers(std::move(answers))
    {
        m_path = (std::filesystem::temp_directory_path() / ("mel-fake-engine-" + std::to_string(::getpid()))).string();
        ::unlink(m_path.c_str());
        m_fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, m_path.c_str(), sizeof address.sun_path - 1);
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(m_fd, 4) == 0);
        m_thread = std::thread([this] { serve(); });
    }
    ~FakeEngine()
    {
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_thread.join();
        ::unlink(m_path.c_str());
    }
    Endpoint endpoint() const
    {
        Endpoint e;
        e.socket_path = m_path;
        e.engine = "Docker";
        e.source = "test";
        return e;
    }
    std::vector<std::string> requests;

private:
    void serve()
    {
        for (const auto& answer : m_answers) {
            const int client = ::accept(m_fd, nullptr, nullptr);
            if (client < 0)
                return;
            std::string head;
            char buffer[4096];
            while (head.find("\r\n\r\n") == std::string::npos) {
                const auto n = ::read(client, buffer, sizeof buffer);
                if (n <= 0)
                    break;
                head.append(buffer, static_cast<std::size_t>(n));
            }
            requests.push_back(head.substr(0, head.find("\r\n\r\n")));
            static_cast<void>(::write(client, answer.data(), answer.size()));
            ::close(client);
        }
    }

    std::vector<std::string> m_answers;
    std::string m_path;
    int m_fd = -1;
    std::thread m_thread;
};

std::string http(int status, const std::string& reason, const std::string& body)
{
    return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: application/json\r\n"
           "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

} // namespace

TEST_CASE("client: query components are percent-encoded, JSON filters included")
{
    CHECK(url_encode("a-z_0.9~") == "a-z_0.9~");
    CHECK(url_encode("localhost/busybox:1") == "localhost%2Fbusybox%3A1");
    CHECK(url_encode("a b&c=d") == "a%20b%26c%3Dd");
    CHECK(url_encode("\xc3\xa9") == "%C3%A9");
    CHECK(query_string({}).empty());
    CHECK(query_string({{"all", "true"}, {"filters", label_filter("melodium.run=ab12")}}) ==
          "?all=true&filters=%7B%22label%22%3A%5B%22melodium.run%3Dab12%22%5D%7D");
}

TEST_CASE("client: paths go under /v1.41 unless they carry their own version")
{
    CHECK(versioned_path("/containers/create") == "/v1.41/containers/create");
    CHECK(versioned_path("/v4.0.0/libpod/_ping") == "/v4.0.0/libpod/_ping");
    CHECK(versioned_path("/volumes") == "/v1.41/volumes");
}

TEST_CASE("client: error texts name the endpoint, the call, the status and the engine's message")
{
    CHECK(engine_message(R"({"message":"No such image: localhost/nope:1"})") == "No such image: localhost/nope:1");
    CHECK(engine_message("  page not found\n") == "page not found");
    CHECK(engine_message("") == "(no message)");
    CHECK(http_error("Docker at unix:///var/run/docker.sock (DOCKER_HOST)", Method::Post, "/containers/create", 404,
                     R"({"message":"No such image: localhost/nope:1"})") ==
          "Docker at unix:///var/run/docker.sock (DOCKER_HOST): POST /containers/create: 404 No such image: "
          "localhost/nope:1");
}

TEST_CASE("client: lines split across chunks, a last line without a newline")
{
    std::vector<std::string> lines;
    LineSplitter split([&](std::string_view line) {
        lines.emplace_back(line);
        return true;
    });
    CHECK(split.feed("{\"status\":\"a\"}\n{\"sta"));
    CHECK(split.feed("tus\":\"b\"}"));
    CHECK(split.feed("\n\nlast"));
    CHECK(split.finish());
    CHECK(lines == std::vector<std::string>{R"({"status":"a"})", R"({"status":"b"})", "", "last"});
}

TEST_CASE("client: the line callback stops the splitter")
{
    int seen = 0;
    LineSplitter split([&](std::string_view) { return ++seen < 2; });
    CHECK_FALSE(split.feed("a\nb\nc\n"));
    CHECK(seen == 2);
}

TEST_CASE("client: multiplexed frames decoded whatever the chunking")
{
    const std::string stream = frame(StreamId::Stdout, "out 1\n") + frame(StreamId::Stderr, "err 1\n") +
                               frame(StreamId::Stdout, "") + frame(StreamId::Stdout, std::string(70000, 'x')) +
                               frame(StreamId::Stderr, "e2");
    for (const std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{8}, std::size_t{9},
                                    std::size_t{4096}, stream.size()}) {
        CAPTURE(chunk);
        std::string out, err;
        StreamDemuxer demuxer([&](StreamId id, std::string_view data) {
            (id == StreamId::Stderr ? err : out).append(data);
            return true;
        });
        bool fed = true;
        for (std::size_t at = 0; at < stream.size(); at += chunk)
            fed = demuxer.feed(std::string_view(stream).substr(at, chunk)) && fed;
        CHECK(fed);
        CHECK(demuxer.complete());
        CHECK(out == "out 1\n" + std::string(70000, 'x'));
        CHECK(err == "err 1\ne2");
    }
}

TEST_CASE("client: a stream cut inside a header or a payload is not complete")
{
    StreamDemuxer demuxer([](StreamId, std::string_view) { return true; });
    const auto f = frame(StreamId::Stdout, "abcdef");
    CHECK(demuxer.feed(f.substr(0, 5)));
    CHECK_FALSE(demuxer.complete());
    CHECK(demuxer.feed(f.substr(5, 6)));
    CHECK_FALSE(demuxer.complete());
    CHECK(demuxer.feed(f.substr(11)));
    CHECK(demuxer.complete());
}

TEST_CASE("client: a missing socket fails at once, naming the endpoint and the call")
{
    Endpoint e;
    e.socket_path = "/nonexistent/melodium-test/engine.sock";
    e.engine = "Docker";
    e.source = "DOCKER_HOST";
    EngineClient client(e);
    const auto began = std::chrono::steady_clock::now();
    auto version = client.version();
    const auto took = std::chrono::steady_clock::now() - began;
    REQUIRE_FALSE(version.ok());
    CHECK(version.error().message.find("Docker at unix:///nonexistent/melodium-test/engine.sock (DOCKER_HOST): "
                                       "GET /version: ") == 0);
    CHECK(took < std::chrono::seconds(1));
}

TEST_CASE("client: a 404 and Docker's 500 'No such image' both read as an absent image; other errors do not")
{
    FakeEngine engine({http(404, "Not Found", R"({"message":"failed to find image localhost/nope:1"})"),
                       http(500, "Internal Server Error", R"({"message":"No such image: localhost/nope:1"})"),
                       http(500, "Internal Server Error", R"({"message":"disk on fire"})")});
    EngineClient client(engine.endpoint());
    auto podman = inspect_image(client, "localhost/nope:1");
    REQUIRE(podman.ok());
    CHECK_FALSE(podman.value().has_value());
    auto docker = inspect_image(client, "localhost/nope:1");
    REQUIRE(docker.ok());
    CHECK_FALSE(docker.value().has_value());
    auto broken = inspect_image(client, "localhost/nope:1");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message ==
          "Docker at unix://" + engine.endpoint().socket_path +
              " (test): GET /images/localhost%2Fnope%3A1/json: 500 disk on fire");
    REQUIRE(engine.requests.size() == 3);
    CHECK(engine.requests[0].find("GET /v1.41/images/localhost%2Fnope%3A1/json HTTP/1.1") == 0);
}

TEST_CASE("client: a create refused by the engine names the call and the message; the body is JSON")
{
    FakeEngine engine({http(404, "Not Found", R"({"message":"No such image: localhost/nope:1"})")});
    EngineClient client(engine.endpoint());
    ContainerConfig config;
    config.name = "web-1";
    config.image = "localhost/nope:1";
    auto created = create_container(client, config);
    REQUIRE_FALSE(created.ok());
    CHECK(created.error().message == "Docker at unix://" + engine.endpoint().socket_path +
                                         " (test): POST /containers/create: 404 No such image: localhost/nope:1");
    REQUIRE(engine.requests.size() == 1);
    CHECK(engine.requests[0].find("POST /v1.41/containers/create?name=web-1 HTTP/1.1") == 0);
    CHECK(engine.requests[0].find("Content-Type: application/json") != std::string::npos);
}

TEST_CASE("client: a pull whose stream reports an error fails naming the image; progress lines are given")
{
    const std::string body = "{\"status\":\"Pulling from library/redis\",\"id\":\"7\"}\n"
                             "{\"status\":\"Downloading\",\"progress\":\"[=>  ] 1MB/9MB\",\"id\":\"a1\"}\n"
                             "{\"errorDetail\":{\"message\":\"connection refused\"},\"error\":\"connection refused\"}\n";
    FakeEngine engine({http(200, "OK", body)});
    EngineClient client(engine.endpoint());
    std::vector<std::string> progress;
    auto pulled = pull_image(client, "redis:7", [&](const std::string& line) { progress.push_back(line); });
    REQUIRE_FALSE(pulled.ok());
    CHECK(pulled.error().message == "pulling image redis:7 failed: Docker at unix://" +
                                        engine.endpoint().socket_path + " (test): connection refused");
    CHECK(progress == std::vector<std::string>{"7: Pulling from library/redis", "a1: Downloading [=>  ] 1MB/9MB"});
    CHECK(engine.requests[0].find("POST /v1.41/images/create?fromImage=redis&tag=7 HTTP/1.1") == 0);
}

TEST_CASE("client: a pull with credentials sends them as X-Registry-Auth; without, no such header")
{
    FakeEngine engine({http(200, "OK", "{\"status\":\"Pull complete\",\"id\":\"a1\"}\n"),
                       http(200, "OK", "{\"status\":\"Pull complete\",\"id\":\"a1\"}\n")});
    EngineClient client(engine.endpoint());
    REQUIRE(pull_image(client, "127.0.0.1:5000/test/busybox:1", {}, "eyJ1c2VybmFtZSI6ImEifQ==").ok());
    REQUIRE(pull_image(client, "127.0.0.1:5000/test/busybox:1", {}).ok());
    REQUIRE(engine.requests.size() == 2);
    CHECK(engine.requests[0].find("POST /v1.41/images/create?fromImage=127.0.0.1%3A5000%2Ftest%2Fbusybox&tag=1 ") == 0);
    CHECK(engine.requests[0].find("\r\nX-Registry-Auth: eyJ1c2VybmFtZSI6ImEifQ==\r\n") != std::string::npos);
    CHECK(engine.requests[1].find("X-Registry-Auth") == std::string::npos);
}

TEST_CASE("client: an exec's multiplexed answer without a length, read to the end, streams kept apart")
{
    const std::string raw = "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n" +
                            frame(StreamId::Stdout, "to out\n") + frame(StreamId::Stderr, "to err\n");
    FakeEngine engine({raw});
    EngineClient client(engine.endpoint());
    auto output = client.output({.method = Method::Post, .path = "/exec/abc/start", .json = "{}"});
    REQUIRE(output.ok());
    CHECK(output.value().out == "to out\n");
    CHECK(output.value().err == "to err\n");
}

TEST_CASE("client: version tells Podman from Docker and renames the endpoint")
{
    FakeEngine engine({http(200, "OK",
                            R"({"Version":"4.3.1","ApiVersion":"1.41","Os":"linux","Arch":"amd64",)"
                            R"("Components":[{"Name":"Podman Engine","Version":"4.3.1"}]})")});
    EngineClient client(engine.endpoint());
    auto version = client.version();
    REQUIRE(version.ok());
    CHECK(version.value().podman);
    CHECK(version.value().api_version == "1.41");
    CHECK(version.value().arch == "amd64");
    CHECK(client.describe().find("Podman at unix://") == 0);
}
