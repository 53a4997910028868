// Typed Engine API operations (objects.h). Reference: Docker Engine API v1.41; Podman 4.3's libpod API
// for the health-check run. Quirk decisions: an absent image is a 404 on Podman and a 500 "No such image"
// on Docker 20.10 (tests/fixtures/containers/README.md); both read as absent.

#include "packages/work/engine/objects.h"

#include <ctime>

#include <fmt/format.h>

#include "packages/work/engine/json.h"

namespace mel::packages::work::engine {

using namespace json;

namespace {

/// The messages of a JSON-lines answer (pull, load): each line to on_message; an `error` member is the
/// failure's text.
struct JsonLines {
    std::string error;
    std::function<void(const rapidjson::Document&)> on_message;

    bool line(std::string_view line)
    {
        rapidjson::Document doc;
        doc.Parse(line.data(), line.size());
        if (doc.HasParseError() || !doc.IsObject())
            return true;
        const auto failure = text(doc, "error");
        if (!failure.empty() && error.empty())
            error = failure;
        if (on_message)
            on_message(doc);
        return true;
    }
};

} // namespace

// -- images

Result<std::optional<ImageInfo>> inspect_image(EngineClient& client, const std::string& name)
{
    const Request request{.path = "/images/" + url_encode(name) + "/json"};
    auto sent = client.send(request);
    if (!sent)
        return sent.error();
    const auto& response = sent.value();
    if (response.status == 404 ||
        (response.status == 500 && engine_message(response.body).find("No such image") != std::string::npos))
        return std::optional<ImageInfo>();
    if (!response.ok())
        return Error{http_error(client.describe(), request.method, request.path, response.status, response.body)};
    rapidjson::Document doc;
    doc.Parse(response.body.data(), response.body.size());
    if (doc.HasParseError() || !doc.IsObject())
        return Error{fmt::format("{}: GET {}: the answer is not a JSON object", client.describe(), request.path)};
    ImageInfo info;
    info.id = id_of(doc);
    info.tags = texts(member(doc, "RepoTags"));
    info.os = text(doc, "Os");
    info.architecture = text(doc, "Architecture");
    const auto& config = member(doc, "Config");
    info.entrypoint = texts(member(config, "Entrypoint"));
    info.cmd = texts(member(config, "Cmd"));
    info.env = texts(member(config, "Env"));
    info.exposed_ports = keys(member(config, "ExposedPorts"));
    const auto& health = member(config, "Healthcheck");
    if (health.IsObject()) {
        HealthcheckConfig h;
        h.test = texts(member(health, "Test"));
        h.interval_ns = integer(health, "Interval");
        h.timeout_ns = integer(health, "Timeout");
        h.start_period_ns = integer(health, "StartPeriod");
        h.retries = static_cast<int>(integer(health, "Retries"));
        if (!h.test.empty() && h.test[0] != "NONE")
            info.healthcheck = std::move(h);
    }
    return std::optional<ImageInfo>(std::move(info));
}

Result<std::vector<std::string>> load_image(EngineClient& client, const std::string& archive_path)
{
    const Request request{.method = Method::Post, .path = "/images/load", .query = {{"quiet", "1"}},
                          .timeout = std::chrono::seconds(1800)};
    auto sent = client.send_file(request, archive_path, "application/x-tar");
    if (!sent)
        return sent.error();
    const auto& response = sent.value();
    if (!response.ok())
        return Error{http_error(client.describe(), request.method, request.path, response.status, response.body)};
    std::vector<std::string> loaded;
    JsonLines lines;
    lines.on_message = [&](const rapidjson::Document& doc) {
        LineSplitter split([&](std::string_view line) {
            for (const std::string_view prefix : {"Loaded image: ", "Loaded image ID: ", "Loaded image(s): "})
                if (line.substr(0, prefix.size()) == prefix)
                    loaded.emplace_back(line.substr(prefix.size()));
            return true;
        });
        split.feed(text(doc, "stream"));
        static_cast<void>(split.finish());
    };
    LineSplitter split([&](std::string_view line) { return lines.line(line); });
    split.feed(response.body);
    static_cast<void>(split.finish());
    if (!lines.error.empty())
        return Error{fmt::format("{}: loading {}: {}", client.describe(), archive_path, lines.error)};
    return loaded;
}

ImageReference split_reference(const std::string& image)
{
    if (image.find('@') != std::string::npos)
        return {image, ""};
    const auto colon = image.rfind(':');
    const auto slash = image.rfind('/');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
        return {image, "latest"};
    return {image.substr(0, colon), image.substr(colon + 1)};
}

Status pull_image(EngineClient& client, const std::string& image,
                  const std::function<void(const std::string&)>& on_progress, const std::string& registry_auth,
                  std::chrono::seconds timeout, const std::atomic<bool>* cancel)
{
    const auto reference = split_reference(image);
    Request request{.method = Method::Post, .path = "/images/create",
                    .query = {{"fromImage", reference.repository}}, .timeout = timeout, .cancel = cancel};
    if (!reference.tag.empty())
        request.query.emplace_back("tag", reference.tag);
    if (!registry_auth.empty())
        request.headers.push_back("X-Registry-Auth: " + registry_auth);
    JsonLines lines;
    lines.on_message = [&](const rapidjson::Document& doc) {
        auto status = text(doc, "status");
        if (status.empty() || !on_progress)
            return;
        const auto id = text(doc, "id");
        const auto progress = text(doc, "progress");
        on_progress(fmt::format("{}{}{}", id.empty() ? "" : id + ": ", status, progress.empty() ? "" : " " + progress));
    };
    LineSplitter split([&](std::string_view line) { return lines.line(line); });
    auto streamed = client.stream(request, [&](std::string_view chunk) { return split.feed(chunk); });
    static_cast<void>(split.finish());
    if (!streamed)
        return Error{fmt::format("pulling image {} failed: {}", image, streamed.error().message)};
    if (!lines.error.empty())
        return Error{fmt::format("pulling image {} failed: {}: {}", image, client.describe(), lines.error)};
    return success();
}

// -- networks, volumes

namespace {

enum class Kind { Network, Volume };

/// POST /networks/create or /volumes/create: {Name, Driver, Labels} (a network: not internal).
Result<rapidjson::Document> create_named(EngineClient& client, Kind kind, const std::string& name, const Labels& labels)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("Name");
    write_string(w, name);
    w.Key("Driver");
    w.String(kind == Kind::Network ? "bridge" : "local");
    if (kind == Kind::Network) {
        w.Key("CheckDuplicate");
        w.Bool(true);
        w.Key("Internal");
        w.Bool(false);
    }
    write_labels(w, labels);
    w.EndObject();
    return client.call({.method = Method::Post,
                        .path = kind == Kind::Network ? "/networks/create" : "/volumes/create",
                        .json = buffer.GetString()});
}

} // namespace

Result<std::string> create_network(EngineClient& client, const std::string& name, const Labels& labels)
{
    auto answer = create_named(client, Kind::Network, name, labels);
    if (!answer)
        return answer.error();
    return id_of(answer.value());
}

Status remove_network(EngineClient& client, const std::string& id_or_name)
{
    return done(client.call({.method = Method::Delete, .path = "/networks/" + url_encode(id_or_name)}));
}

Result<std::string> create_volume(EngineClient& client, const std::string& name, const Labels& labels)
{
    auto answer = create_named(client, Kind::Volume, name, labels);
    if (!answer)
        return answer.error();
    return text(answer.value(), "Name");
}

Status remove_volume(EngineClient& client, const std::string& name)
{
    return done(client.call({.method = Method::Delete, .path = "/volumes/" + url_encode(name)}));
}

// -- listings

std::string label_filter(const std::string& label)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("label");
    write_strings(w, {label});
    w.EndObject();
    return buffer.GetString();
}

std::int64_t epoch_seconds(std::string_view text)
{
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)
    const auto digits = [&](std::size_t at, std::size_t count) -> int {
        int value = 0;
        for (std::size_t i = at; i < at + count; ++i) {
            if (i >= text.size() || text[i] < '0' || text[i] > '9')
                return -1;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
        text[16] != ':')
        return 0;
    std::tm when{};
    when.tm_year = digits(0, 4) - 1900;
    when.tm_mon = digits(5, 2) - 1;
    when.tm_mday = digits(8, 2);
    when.tm_hour = digits(11, 2);
    when.tm_min = digits(14, 2);
    when.tm_sec = digits(17, 2);
    if (when.tm_year < 0 || when.tm_mon < 0 || when.tm_mday < 1 || when.tm_hour < 0 || when.tm_min < 0 ||
        when.tm_sec < 0)
        return 0;
    std::size_t at = 19;
    if (text[at] == '.')
        do
            ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9');
    std::int64_t offset = 0;
    if (at + 1 != text.size() || text[at] != 'Z') { // not UTC: ±HH:MM
        if (at + 6 != text.size() || (text[at] != '+' && text[at] != '-') || text[at + 3] != ':')
            return 0;
        const int hours = digits(at + 1, 2), minutes = digits(at + 4, 2);
        if (hours < 0 || minutes < 0)
            return 0;
        offset = (text[at] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    return static_cast<std::int64_t>(::timegm(&when)) - offset;
}

Result<std::vector<Listed>> list_by_label(EngineClient& client, ObjectKind kind, const std::string& label)
{
    Request request{.query = {{"filters", label_filter(label)}}};
    switch (kind) {
    case ObjectKind::Container:
        request.path = "/containers/json";
        request.query.emplace_back("all", "true");
        break;
    case ObjectKind::Network: request.path = "/networks"; break;
    case ObjectKind::Volume: request.path = "/volumes"; break;
    }
    auto answer = client.call(request);
    if (!answer)
        return answer.error();
    const auto& doc = answer.value();
    const auto& items = kind == ObjectKind::Volume ? member(doc, "Volumes") : static_cast<const rapidjson::Value&>(doc);
    std::vector<Listed> listed;
    if (!items.IsArray())
        return listed;
    for (const auto& item : items.GetArray()) {
        Listed l;
        l.labels = labels_of(item);
        if (kind == ObjectKind::Container) {
            l.created = integer(item, "Created");
            l.id = text(item, "Id");
            const auto names = texts(member(item, "Names"));
            l.name = names.empty() ? "" : names.front().substr(names.front().starts_with('/') ? 1 : 0);
            l.state = text(item, "State");
        } else if (kind == ObjectKind::Network) {
            l.id = text(item, "Id");
            l.name = text(item, "Name");
            l.created = epoch_seconds(text(item, "Created"));
        } else {
            l.id = l.name = text(item, "Name");
            l.created = epoch_seconds(text(item, "CreatedAt"));
        }
        listed.push_back(std::move(l));
    }
    return listed;
}

// -- Podman

Result<std::string> podman_run_healthcheck(EngineClient& client, const std::string& id)
{
    auto answer = client.call({.path = "/v4.0.0/libpod/containers/" + url_encode(id) + "/healthcheck",
                               .timeout = std::chrono::seconds(120)});
    if (!answer)
        return answer.error();
    return text(answer.value(), "Status");
}

} // namespace mel::packages::work::engine
