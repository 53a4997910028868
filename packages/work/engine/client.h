#pragma once

// A client of the Docker Engine HTTP API (v1.41), which dockerd and Podman's API service both answer, over
// libcurl: a Unix socket, or TCP with TLS (our certificate, the engine's verified against the CA). Used by
// the container provisioner (issue 18) and later the Swarm one (issue 19). Typed operations: objects.h.
//
// Threading: every call blocks (provisioners run on the engine's blocking pool); an EngineClient is
// thread-safe: each call takes an easy handle from a small pool guarded by a mutex (kept, so connections are
// reused) and gives it back. Bounds: connecting gives up after k_connect_timeout (a stopped daemon fails
// fast), each call after its Request::timeout (0: no bound, for waits and followed streams), and a call
// whose Request::cancel becomes true ends within about a second.
//
// A `tcp://` endpoint goes through the proxy of http_proxy/https_proxy/no_proxy when they are set (libcurl's
// rule; Docker's CLI does the same); a Unix socket never does.
//
// Paths are written without the version ("/containers/create") and sent under /v1.41; a path that starts
// with its own version ("/v4.0.0/libpod/...") is sent as it is. Errors read
// `<endpoint>: <METHOD> <path>: <status> <the engine's message>`, e.g.
// `Docker at unix:///var/run/docker.sock (DOCKER_HOST): POST /containers/create: 404 No such image: x:1`.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "packages/work/engine/endpoint.h"
#include "runtime/model/result.h"

namespace mel::packages::work::engine {

inline constexpr const char* k_api_version = "/v1.41";
inline constexpr std::chrono::milliseconds k_connect_timeout{3000};

enum class Method { Get, Post, Put, Delete, Head };
const char* method_name(Method method);

using Query = std::vector<std::pair<std::string, std::string>>;

struct Request {
    Method method = Method::Get;
    std::string path;
    Query query;
    /// A JSON body (Content-Type: application/json); none when empty.
    std::string json;
    std::vector<std::string> headers; // extra "Name: value" lines
    std::chrono::seconds timeout{60}; // the whole call; 0: unbounded
    const std::atomic<bool>* cancel = nullptr;
};

struct Response {
    long status = 0;
    std::string body;
    bool ok() const { return (status >= 200 && status < 300) || status == 304; }
};

/// Percent-encoding of a query component (RFC 3986: everything but unreserved characters).
std::string url_encode(std::string_view text);
/// "?a=1&b=x%20y", or "" for no parameter.
std::string query_string(const Query& query);
/// The path as sent: under /v1.41 unless it names its own version.
std::string versioned_path(const std::string& path);
/// The engine's message in an error body: its JSON `message` field, else the body itself, trimmed.
std::string engine_message(std::string_view body);
/// `<endpoint>: <METHOD> <path>: <status> <message>`.
std::string http_error(const std::string& endpoint, Method method, const std::string& path, long status,
                       std::string_view body);

/// Splits chunks into lines (without the "\n"; a final line without one is given by finish()).
class LineSplitter {
public:
    explicit LineSplitter(std::function<bool(std::string_view)> on_line) : m_on_line(std::move(on_line)) {}
    /// False when the line callback asked to stop.
    bool feed(std::string_view chunk);
    bool finish();

private:
    std::function<bool(std::string_view)> m_on_line;
    std::string m_partial;
};

/// The Engine API's multiplexed stream (a container without a TTY: exec, logs, attach): frames of an 8-byte
/// header (stream: 0 stdin, 1 stdout, 2 stderr; three zero bytes; the payload's length, 4 bytes big-endian)
/// and the payload. Headers and payloads may be split anywhere across chunks.
enum class StreamId : std::uint8_t { Stdin = 0, Stdout = 1, Stderr = 2 };

class StreamDemuxer {
public:
    using OnData = std::function<bool(StreamId, std::string_view)>;
    explicit StreamDemuxer(OnData on_data) : m_on_data(std::move(on_data)) {}
    /// False when the data callback asked to stop.
    bool feed(std::string_view chunk);
    /// True when the stream ended on a frame boundary (no partial header or payload left).
    bool complete() const { return m_header_fill == 0 && m_remaining == 0; }

private:
    OnData m_on_data;
    unsigned char m_header[8] = {};
    std::size_t m_header_fill = 0;
    std::size_t m_remaining = 0; // payload bytes still expected for the current frame
    StreamId m_stream = StreamId::Stdout;
};

/// Output of a command or a container, the streams kept apart.
struct Output {
    std::string out;
    std::string err;
};

struct VersionInfo {
    std::string version;     // the engine's own (20.10.24, 4.3.1)
    std::string api_version; // 1.41
    std::string os;          // linux
    std::string arch;        // amd64, arm64
    bool podman = false;     // a Podman API service (its Components name "Podman Engine")
};

/// (bytes) → keep going?
using ChunkCallback = std::function<bool(std::string_view)>;

class EngineClient {
public:
    explicit EngineClient(Endpoint endpoint);
    ~EngineClient();
    EngineClient(const EngineClient&) = delete;
    EngineClient& operator=(const EngineClient&) = delete;

    const Endpoint& endpoint() const { return m_endpoint; }
    /// "Docker at unix:///… (DOCKER_HOST)"; after version(), names what answered (Docker or Podman).
    std::string describe() const;

    /// A request, whatever its status; an error only when the engine could not be reached or the call was
    /// cut (timeout, cancel).
    Result<Response> send(const Request& request);
    /// A request whose status must be 2xx (or 304); its body parsed (an empty body: a null document).
    Result<rapidjson::Document> call(const Request& request);
    /// A request whose body is the file at path (streamed: image archives are large).
    Result<Response> send_file(const Request& request, const std::string& path, const std::string& content_type);
    /// A request whose body is `bytes` (not empty), of that content type.
    Result<Response> send_bytes(const Request& request, std::string_view bytes,
                                const std::string& content_type);
    /// A request whose answer is given chunk by chunk as it arrives (pull progress, logs that follow).
    /// A status other than 2xx is an error carrying the body; the callback returning false stops the call
    /// (not an error).
    Status stream(const Request& request, const ChunkCallback& on_chunk);
    /// stream() of a multiplexed answer, given frame by frame.
    Status stream_output(const Request& request, const StreamDemuxer::OnData& on_data);
    /// stream_output() collected.
    Result<Output> output(const Request& request);

    /// GET /version: the engine's versions, OS, architecture, and whether it is Podman.
    Result<VersionInfo> version();
    /// GET /_ping.
    Status ping();

private:
    struct Handle;
    struct Transfer;
    std::unique_ptr<Handle> take();
    void give_back(std::unique_ptr<Handle> handle);
    Status perform(const Request& request, Transfer& transfer);
    Result<Response> upload(const Request& request, std::FILE* body, const std::string& content_type);
    std::string failure(const Request& request, const std::string& why) const;

    Endpoint m_endpoint;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Handle>> m_idle;
    std::atomic<int> m_kind{0}; // 0 unknown, 1 Docker, 2 Podman
};

} // namespace mel::packages::work::engine
