// distrib/connection: frames over a real socket pair — synchronous and asynchronous phases, a byte batch
// intact, and hostile peers (oversized, truncated, garbage frames) ending the connection with a reason.

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <future>
#include <mutex>

#include "packages/distrib/connection.h"
#include "packages/distrib/tls.h"
#include "packages/work/tls_identity.h"
#include "tests/unit/packages/testing/program.h"

using namespace mel;
using namespace mel::packages::distrib;
using mel::engine::Batch;

namespace {

struct Pair {
    int a = -1, b = -1;
    Pair()
    {
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
        a = fds[0];
        b = fds[1];
    }
};

Timing fast()
{
    Timing t;
    t.protocol = std::chrono::milliseconds(1500);
    t.probe = std::chrono::milliseconds(200);
    t.probe_retry = std::chrono::milliseconds(100);
    return t;
}

void write_raw(int fd, const std::string& bytes) { REQUIRE(::write(fd, bytes.data(), bytes.size()) == (ssize_t)bytes.size()); }

std::string frame(const std::string& payload)
{
    const auto n = payload.size();
    std::string out{static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                    static_cast<char>(n)};
    return out + payload;
}

/// Collects what an async connection receives, and how it ended.
struct Sink {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<Message> messages;
    int probes = 0;
    std::optional<std::pair<bool, std::string>> end;

    void start(Connection& c)
    {
        c.start(
            [this](Message&& m) {
                std::lock_guard lock(mutex);
                if (std::holds_alternative<Signal>(m) && std::get<Signal>(m) == Signal::Probe)
                    ++probes;
                else
                    messages.push_back(std::move(m));
                cv.notify_all();
                return true;
            },
            [this](bool clean, const std::string& reason) {
                std::lock_guard lock(mutex);
                end = {clean, reason};
                cv.notify_all();
            });
    }
    bool wait_end()
    {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] { return end.has_value(); });
    }
    bool wait_messages(std::size_t n)
    {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(10), [&] { return messages.size() >= n; });
    }
};

} // namespace

TEST_CASE("synchronous messages and an asynchronous byte stream")
{
    Pair p;
    auto a = Connection::adopt(p.a, fast(), nullptr).value();
    auto b = Connection::adopt(p.b, fast(), nullptr).value();
    REQUIRE(a->send_now(Instanciate{1, {}, {}}).ok());
    auto got = b->receive_now();
    REQUIRE(got.ok());
    CHECK(std::get<Instanciate>(got.value()).id == 1);

    Sink sink;
    sink.start(*b);
    a->start([](Message&&) { return true; }, [](bool, const std::string&) {});
    std::vector<std::byte> payload(5u << 20);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::byte>(i % 251);
    REQUIRE(a->send(PortData{true, 1, "data", Batch::of_bytes(payload)}).ok());
    REQUIRE(a->send(ClosePort{true, 1, "data"}).ok());
    REQUIRE(sink.wait_messages(2));
    {
        std::lock_guard lock(sink.mutex);
        auto& data = std::get<PortData>(sink.messages[0]);
        REQUIRE(data.batch.size() == payload.size());
        CHECK(std::memcmp(data.batch.bytes().data(), payload.data(), payload.size()) == 0);
        CHECK(std::get<ClosePort>(sink.messages[1]).name == "data");
    }
    a->close_after_flush();
    REQUIRE(sink.wait_end());
    CHECK(sink.end->first); // an orderly end of stream
    a->join();
    b->join();
}

TEST_CASE("probes keep an idle link alive")
{
    Pair p;
    auto a = Connection::adopt(p.a, fast(), nullptr).value();
    auto b = Connection::adopt(p.b, fast(), nullptr).value();
    Sink sa, sb;
    sa.start(*a);
    sb.start(*b);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // longer than the protocol timeout
    CHECK_FALSE(a->ended());
    CHECK_FALSE(b->ended());
    {
        std::lock_guard lock(sb.mutex);
        CHECK(sb.probes >= 3);
    }
    a->abort("done");
    REQUIRE(sb.wait_end());
    REQUIRE(sa.wait_end());
    a->join();
    b->join();
}

TEST_CASE("a silent peer times out")
{
    Pair p;
    auto b = Connection::adopt(p.b, fast(), nullptr).value();
    auto got = b->receive_now();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().message.find("timeout") != std::string::npos);
    ::close(p.a);
}

TEST_CASE("hostile frames end the connection with a reason")
{
    struct Case {
        const char* what;
        std::string bytes;
        const char* reason;
    };
    const std::vector<Case> cases = {
        {"oversized", std::string("\x7f\xff\xff\xff", 4), "refused"},
        {"empty", std::string("\0\0\0\0", 4), "refused"},
        {"garbage", frame("Zgarbage"), "unknown frame"},
        {"unknown message", frame("J{\"type\":\"Nope\"}"), "unknown message"},
        {"not json", frame("J{{{{"), "malformed"},
        {"truncated", std::string("\0\0\0\x10J{", 6), "truncated"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        Pair p;
        auto b = Connection::adopt(p.b, fast(), nullptr).value();
        Sink sink;
        sink.start(*b);
        write_raw(p.a, c.bytes);
        if (std::string(c.what) == "truncated")
            ::shutdown(p.a, SHUT_WR);
        REQUIRE(sink.wait_end());
        CHECK_FALSE(sink.end->first);
        CHECK(sink.end->second.find(c.reason) != std::string::npos);
        ::close(p.a);
        b->join();
    }
    // The synchronous phase refuses them too.
    Pair p;
    auto b = Connection::adopt(p.b, fast(), nullptr).value();
    write_raw(p.a, std::string("\x7f\xff\xff\xff", 4));
    auto got = b->receive_now();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().message.find("refused") != std::string::npos);
    ::close(p.a);
}

TEST_CASE("dialling nobody fails with a reason")
{
    auto c = Connection::dial({"127.0.0.1"}, 1, false, fast(), nullptr);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.find("127.0.0.1:1") != std::string::npos);
    auto bad = Connection::dial({"not-an-ip"}, 1, false, fast(), nullptr);
    REQUIRE_FALSE(bad.ok());
    auto tls_remote = Connection::dial({"192.0.2.1"}, 1, true, fast(), nullptr);
    REQUIRE_FALSE(tls_remote.ok());
    CHECK(tls_remote.error().message.find("MELODIUM_DIST_CA_FILE") != std::string::npos);
}

TEST_CASE("TLS on loopback with a generated certificate")
{
    std::promise<std::uint16_t> port;
    auto server = std::async(std::launch::async, [&] {
        auto tls = server_tls_self_signed().value();
        return Connection::accept_one("127.0.0.1", 0, tls, std::chrono::seconds(10), fast(), nullptr,
                                      [](const std::string&) {}, [&](std::uint16_t p) { port.set_value(p); });
    });
    const auto p = port.get_future().get();
    auto client = Connection::dial({"127.0.0.1"}, p, true, fast(), nullptr);
    REQUIRE(client.ok());
    auto accepted = server.get();
    REQUIRE(accepted.ok());
    REQUIRE(client.value()->send_now(Signal::Probe).ok());
    auto got = accepted.value()->receive_now();
    REQUIRE(got.ok());
    CHECK(std::get<Signal>(got.value()) == Signal::Probe);
}

namespace {

/// A TLS server on loopback with `identity` (from files, as `dist --certificate/--key`), accepting until one
/// handshake succeeds; its port.
struct PinnedServer {
    mel::packages::testing::TempDir dir;
    std::promise<std::uint16_t> port;
    std::future<Result<std::shared_ptr<Connection>>> accepted;
    std::vector<std::string> failures; // the handshakes it refused (read after `accepted`)

    explicit PinnedServer(const packages::work::TlsIdentity& identity)
    {
        mel::packages::testing::write_file(dir / "cert.pem", identity.certificate);
        mel::packages::testing::write_file(dir / "key.pem", identity.key);
        accepted = std::async(std::launch::async, [this] {
            auto tls = server_tls_from_files(dir / "cert.pem", dir / "key.pem").value();
            return Connection::accept_one(
                "127.0.0.1", 0, tls, std::chrono::seconds(10), fast(), nullptr,
                [this](const std::string& m) { failures.push_back(m); },
                [this](std::uint16_t p) { port.set_value(p); });
        });
    }
};

} // namespace

TEST_CASE("TLS with a pinned certificate: exactly that one is accepted, another is refused with the reason")
{
    const auto worker =
        packages::work::make_self_signed("melodium-ab12.worker", "", std::chrono::hours(1)).value();
    const auto other =
        packages::work::make_self_signed("melodium-ab12.worker", "", std::chrono::hours(1)).value();
    CHECK(worker.certificate != other.certificate);
    CHECK(worker.key.find("PRIVATE KEY") != std::string::npos);
    PinnedServer server(worker);
    const auto p = server.port.get_future().get();

    // On loopback too, where nothing is verified without a pin: the pin is what is checked.
    auto wrong = Connection::dial({"127.0.0.1"}, p, true, fast(), nullptr, other.certificate);
    REQUIRE_FALSE(wrong.ok());
    const std::string expected =
        "the worker at 127.0.0.1:" + std::to_string(p) + " presented a certificate (SHA-256 " +
        certificate_fingerprint(worker.certificate).value() + ") other than the one made for it (SHA-256 " +
        certificate_fingerprint(other.certificate).value() + ")";
    CHECK(wrong.error().message.find(expected) != std::string::npos);

    auto right = Connection::dial({"127.0.0.1"}, p, true, fast(), nullptr, worker.certificate);
    REQUIRE(right.ok());
    auto accepted = server.accepted.get();
    REQUIRE(accepted.ok());
    CHECK(server.failures.size() == 1); // the refused handshake, logged by the worker
    REQUIRE(right.value()->send_now(Signal::Probe).ok());
    auto got = accepted.value()->receive_now();
    REQUIRE(got.ok());
    CHECK(std::get<Signal>(got.value()) == Signal::Probe);
}

TEST_CASE(
    "TLS with a pinned certificate: a remote worker needs no CA; a pin that is no certificate is an error")
{
    const auto worker = packages::work::make_self_signed("w", "", std::chrono::hours(1)).value();
    CHECK(client_tls("192.0.2.1", 1, worker.certificate).ok());
    const auto bad = client_tls("192.0.2.1", 4242, "not a certificate");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find(
              "the certificate pinned for the worker at 192.0.2.1:4242 is not a PEM certificate") == 0);
    CHECK_FALSE(certificate_fingerprint("nothing").ok());
    CHECK(certificate_fingerprint(worker.certificate).value().size() == 32 * 3 - 1);
}
