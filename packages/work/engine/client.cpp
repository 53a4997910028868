// The Engine API client over libcurl (client.h). Reference: Docker Engine API v1.41
// (https://docs.docker.com/engine/api/v1.41/): errors are `{"message": "..."}` bodies; an exec or logs
// answer without a TTY is the multiplexed stream ("Attach to a container", "Stream format").

#include "packages/work/engine/client.h"
#include "stdlib/text/unicode.h"

#include <cstdio>
#include <cstring>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

namespace mel::packages::work::engine {

namespace {

constexpr std::size_t k_pool_size = 4;

void global_init()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string trim(std::string_view text)
{
    return std::string(stdlib::text::trim_ascii(text));
}

std::string string_member(const rapidjson::Value& object, const char* key)
{
    if (!object.IsObject())
        return {};
    const auto found = object.FindMember(key);
    if (found == object.MemberEnd() || !found->value.IsString())
        return {};
    return {found->value.GetString(), found->value.GetStringLength()};
}

} // namespace

const char* method_name(Method method)
{
    switch (method) {
    case Method::Get: return "GET";
    case Method::Post: return "POST";
    case Method::Put: return "PUT";
    case Method::Delete: return "DELETE";
    case Method::Head: return "HEAD";
    }
    return "GET";
}

std::string url_encode(std::string_view text)
{
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
            byte == '-' || byte == '.' || byte == '_' || byte == '~') {
            out += c;
        } else {
            out += '%';
            out += k_hex[byte >> 4];
            out += k_hex[byte & 0xF];
        }
    }
    return out;
}

std::string query_string(const Query& query)
{
    std::string out;
    for (const auto& [name, value] : query) {
        out += out.empty() ? '?' : '&';
        out += url_encode(name);
        out += '=';
        out += url_encode(value);
    }
    return out;
}

std::string versioned_path(const std::string& path)
{
    if (path.size() > 2 && path[0] == '/' && path[1] == 'v' && path[2] >= '0' && path[2] <= '9')
        return path;
    return k_api_version + path;
}

std::string engine_message(std::string_view body)
{
    rapidjson::Document doc;
    doc.Parse(body.data(), body.size());
    if (!doc.HasParseError()) {
        const auto message = string_member(doc, "message");
        if (!message.empty())
            return trim(message);
    }
    auto text = trim(body);
    return text.empty() ? "(no message)" : text;
}

std::string http_error(const std::string& endpoint, Method method, const std::string& path, long status,
                       std::string_view body)
{
    return fmt::format("{}: {} {}: {} {}", endpoint, method_name(method), path, status, engine_message(body));
}

// -- LineSplitter, StreamDemuxer

bool LineSplitter::feed(std::string_view chunk)
{
    while (!chunk.empty()) {
        const auto newline = chunk.find('\n');
        if (newline == std::string_view::npos) {
            m_partial.append(chunk);
            return true;
        }
        bool keep_going = true;
        if (m_partial.empty()) {
            keep_going = m_on_line(chunk.substr(0, newline));
        } else {
            m_partial.append(chunk.substr(0, newline));
            keep_going = m_on_line(m_partial);
            m_partial.clear();
        }
        if (!keep_going)
            return false;
        chunk.remove_prefix(newline + 1);
    }
    return true;
}

bool LineSplitter::finish()
{
    if (m_partial.empty())
        return true;
    const bool keep_going = m_on_line(m_partial);
    m_partial.clear();
    return keep_going;
}

bool StreamDemuxer::feed(std::string_view chunk)
{
    while (!chunk.empty()) {
        if (m_remaining == 0) {
            const auto take = std::min(chunk.size(), sizeof m_header - m_header_fill);
            std::memcpy(m_header + m_header_fill, chunk.data(), take);
            m_header_fill += take;
            chunk.remove_prefix(take);
            if (m_header_fill < sizeof m_header)
                return true;
            m_header_fill = 0;
            m_stream = static_cast<StreamId>(m_header[0]);
            m_remaining = (std::size_t{m_header[4]} << 24) | (std::size_t{m_header[5]} << 16) |
                          (std::size_t{m_header[6]} << 8) | std::size_t{m_header[7]};
            continue;
        }
        const auto take = std::min(chunk.size(), m_remaining);
        m_remaining -= take;
        if (!m_on_data(m_stream, chunk.substr(0, take)))
            return false;
        chunk.remove_prefix(take);
    }
    return true;
}

// -- EngineClient

struct EngineClient::Handle {
    CURL* curl = nullptr;
    ~Handle()
    {
        if (curl)
            curl_easy_cleanup(curl);
    }
};

/// One call's state, seen by libcurl's callbacks.
struct EngineClient::Transfer {
    CURL* curl = nullptr;
    const ChunkCallback* on_chunk = nullptr; // streaming a 2xx answer; else the body is collected
    Response response;
    bool status_known = false;
    bool stopped = false; // the chunk callback asked to stop
    std::FILE* upload = nullptr;
    std::int64_t upload_size = -1;
    std::string upload_type;
    const std::atomic<bool>* cancel = nullptr;

    static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* self)
    {
        auto& t = *static_cast<Transfer*>(self);
        const std::size_t bytes = size * count;
        if (!t.status_known) {
            curl_easy_getinfo(t.curl, CURLINFO_RESPONSE_CODE, &t.response.status);
            t.status_known = true;
        }
        if (t.on_chunk && t.response.ok()) {
            if (!(*t.on_chunk)(std::string_view(data, bytes))) {
                t.stopped = true;
                return 0; // ends the transfer (CURLE_WRITE_ERROR, not reported as a failure)
            }
        } else {
            t.response.body.append(data, bytes);
        }
        return bytes;
    }

    static std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* self)
    {
        auto& t = *static_cast<Transfer*>(self);
        const auto n = std::fread(buffer, 1, size * count, t.upload);
        if (n == 0 && std::ferror(t.upload))
            return CURL_READFUNC_ABORT;
        return n;
    }

    static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
    {
        const auto& t = *static_cast<Transfer*>(self);
        return t.cancel && t.cancel->load() ? 1 : 0;
    }
};

EngineClient::EngineClient(Endpoint endpoint) : m_endpoint(std::move(endpoint))
{
    global_init();
    if (m_endpoint.engine == "Podman")
        m_kind = 2;
    else if (m_endpoint.engine == "Docker")
        m_kind = 1;
}

EngineClient::~EngineClient() = default;

std::string EngineClient::describe() const
{
    auto endpoint = m_endpoint;
    const int kind = m_kind.load();
    if (kind != 0)
        endpoint.engine = kind == 2 ? "Podman" : "Docker";
    return endpoint.describe();
}

std::unique_ptr<EngineClient::Handle> EngineClient::take()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            auto handle = std::move(m_idle.back());
            m_idle.pop_back();
            return handle;
        }
    }
    auto handle = std::make_unique<Handle>();
    handle->curl = curl_easy_init();
    return handle;
}

void EngineClient::give_back(std::unique_ptr<Handle> handle)
{
    curl_easy_reset(handle->curl); // keeps the handle's connections for the next call
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < k_pool_size)
        m_idle.push_back(std::move(handle));
}

std::string EngineClient::failure(const Request& request, const std::string& why) const
{
    return fmt::format("{}: {} {}: {}", describe(), method_name(request.method), request.path, why);
}

Status EngineClient::perform(const Request& request, Transfer& transfer)
{
    auto handle = take();
    if (!handle->curl)
        return Error{failure(request, "cannot initialise libcurl")};
    CURL* curl = handle->curl;
    transfer.curl = curl;
    transfer.cancel = request.cancel;

    const bool tcp = m_endpoint.transport == Transport::Tcp;
    const auto base = !tcp ? std::string("http://localhost")
                           : fmt::format("{}://{}:{}", m_endpoint.tls ? "https" : "http", m_endpoint.host,
                                         m_endpoint.port);
    const auto url = base + versioned_path(request.path) + query_string(request.query);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    if (!tcp)
        curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, m_endpoint.socket_path.c_str());
    if (tcp && m_endpoint.tls) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, m_endpoint.tls_files.ca.c_str());
        if (!m_endpoint.tls_files.cert.empty()) {
            curl_easy_setopt(curl, CURLOPT_SSLCERT, m_endpoint.tls_files.cert.c_str());
            curl_easy_setopt(curl, CURLOPT_SSLKEY, m_endpoint.tls_files.key.c_str());
        }
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(k_connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(request.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    if (request.cancel) {
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    }

    curl_slist* headers = curl_slist_append(nullptr, "Expect:");
    for (const auto& h : request.headers)
        headers = curl_slist_append(headers, h.c_str());
    switch (request.method) {
    case Method::Get: break;
    case Method::Head: curl_easy_setopt(curl, CURLOPT_NOBODY, 1L); break;
    case Method::Post:
    case Method::Put:
    case Method::Delete: curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_name(request.method)); break;
    }
    if (transfer.upload) {
        headers = curl_slist_append(headers, ("Content-Type: " + transfer.upload_type).c_str());
        curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Transfer::on_read);
        curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(transfer.upload_size));
    } else if (!request.json.empty()) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.json.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.json.size()));
    } else if (request.method == Method::Post || request.method == Method::Put) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t{0});
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    const CURLcode code = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_slist_free_all(headers);
    if (!transfer.status_known)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    give_back(std::move(handle));

    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && transfer.stopped))
        return success();
    if (code == CURLE_ABORTED_BY_CALLBACK)
        return Error{failure(request, "cancelled")};
    if (code == CURLE_OPERATION_TIMEDOUT && transfer.response.status == 0)
        return Error{failure(request, fmt::format("no connection within {} ms ({})", k_connect_timeout.count(),
                                                  curl_easy_strerror(code)))};
    if (code == CURLE_OPERATION_TIMEDOUT)
        return Error{failure(request, fmt::format("no complete answer within {} s", request.timeout.count()))};
    if (m_endpoint.tls && transfer.response.status == 0 &&
        (code == CURLE_SSL_CONNECT_ERROR || code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CERTPROBLEM ||
         code == CURLE_SSL_CACERT_BADFILE || code == CURLE_RECV_ERROR || code == CURLE_SEND_ERROR))
        return Error{failure(request, fmt::format("TLS: {} (ca.pem must have signed the engine's certificate; cert.pem "
                                                  "and key.pem must be a client certificate the engine accepts)",
                                                  curl_easy_strerror(code)))};
    if (code == CURLE_COULDNT_CONNECT)
        return Error{failure(request, "cannot connect: is the engine running?")};
    return Error{failure(request, curl_easy_strerror(code))};
}

Result<Response> EngineClient::send(const Request& request)
{
    Transfer transfer;
    if (auto status = perform(request, transfer); !status)
        return status.error();
    return std::move(transfer.response);
}

Result<rapidjson::Document> EngineClient::call(const Request& request)
{
    auto sent = send(request);
    if (!sent)
        return sent.error();
    const auto& response = sent.value();
    if (!response.ok())
        return Error{http_error(describe(), request.method, request.path, response.status, response.body)};
    rapidjson::Document doc;
    if (trim(response.body).empty())
        return doc;
    doc.Parse(response.body.data(), response.body.size());
    if (doc.HasParseError())
        return Error{failure(request, fmt::format("{}, but the answer is not JSON: {}", response.status,
                                                  response.body.substr(0, 200)))};
    return doc;
}

Result<Response> EngineClient::send_file(const Request& request, const std::string& path,
                                         const std::string& content_type)
{
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return Error{failure(request, fmt::format("cannot open {}: {}", path, std::strerror(errno)))};
    auto answer = upload(request, file, content_type);
    std::fclose(file);
    return answer;
}

Result<Response> EngineClient::send_bytes(const Request& request, std::string_view bytes,
                                          const std::string& content_type)
{
    std::FILE* memory =
        bytes.empty() ? nullptr : ::fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "rb");
    if (!memory)
        return Error{failure(request, "cannot read the request's body from memory")};
    auto answer = upload(request, memory, content_type);
    std::fclose(memory);
    return answer;
}

Result<Response> EngineClient::upload(const Request& request, std::FILE* body,
                                      const std::string& content_type)
{
    Transfer transfer;
    transfer.upload = body;
    transfer.upload_type = content_type;
    std::fseek(body, 0, SEEK_END);
    transfer.upload_size = std::ftell(body);
    std::fseek(body, 0, SEEK_SET);
    auto status = perform(request, transfer);
    if (!status)
        return status.error();
    return std::move(transfer.response);
}

Status EngineClient::stream(const Request& request, const ChunkCallback& on_chunk)
{
    Transfer transfer;
    transfer.on_chunk = &on_chunk;
    if (auto status = perform(request, transfer); !status)
        return status;
    if (!transfer.response.ok())
        return Error{http_error(describe(), request.method, request.path, transfer.response.status,
                                transfer.response.body)};
    return success();
}

Status EngineClient::stream_output(const Request& request, const StreamDemuxer::OnData& on_data)
{
    StreamDemuxer demuxer(on_data);
    return stream(request, [&](std::string_view chunk) { return demuxer.feed(chunk); });
}

Result<Output> EngineClient::output(const Request& request)
{
    Output output;
    auto status = stream_output(request, [&](StreamId stream, std::string_view data) {
        (stream == StreamId::Stderr ? output.err : output.out).append(data);
        return true;
    });
    if (!status)
        return status.error();
    return output;
}

Result<VersionInfo> EngineClient::version()
{
    auto answer = call({.path = "/version", .timeout = std::chrono::seconds(10)});
    if (!answer)
        return answer.error();
    const auto& doc = answer.value();
    VersionInfo info;
    info.version = string_member(doc, "Version");
    info.api_version = string_member(doc, "ApiVersion");
    info.os = string_member(doc, "Os");
    info.arch = string_member(doc, "Arch");
    if (doc.IsObject() && doc.HasMember("Components") && doc["Components"].IsArray())
        for (const auto& component : doc["Components"].GetArray())
            if (string_member(component, "Name").find("Podman") != std::string::npos)
                info.podman = true;
    m_kind = info.podman ? 2 : 1;
    return info;
}

Status EngineClient::ping()
{
    const Request request{.path = "/_ping", .timeout = std::chrono::seconds(10)};
    auto sent = send(request);
    if (!sent)
        return sent.error();
    if (!sent.value().ok())
        return Error{http_error(describe(), request.method, request.path, sent.value().status,
                                sent.value().body)};
    return success();
}

} // namespace mel::packages::work::engine
