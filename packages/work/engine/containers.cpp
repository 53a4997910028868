// Containers and execs of objects.h. Reference: Docker Engine API v1.41 ("Container", "Exec"). Decisions:
// ports are published on the address the caller names (127.0.0.1 by default), at a port the engine picks
// (HostPort ""); an exec has no TTY, so
// its output is the multiplexed stream with stdout and stderr apart; a container removal is forced and
// takes the container's anonymous volumes (v=true).

#include <thread>

#include <fmt/format.h>

#include "packages/work/engine/json.h"
#include "packages/work/engine/objects.h"

namespace mel::packages::work::engine {

using namespace json;

namespace {

void write_host_config(Writer& w, const ContainerConfig& config)
{
    w.Key("HostConfig");
    w.StartObject();
    w.Key("Init");
    w.Bool(config.init);
    if (config.cpu_millicores > 0) {
        w.Key("NanoCpus");
        w.Int64(std::int64_t{config.cpu_millicores} * 1'000'000);
    }
    if (config.memory_mb > 0) {
        w.Key("Memory");
        w.Int64(std::int64_t{config.memory_mb} * 1024 * 1024);
    }
    w.Key("Mounts");
    w.StartArray();
    for (const auto& m : config.mounts) {
        w.StartObject();
        w.Key("Type");
        w.String("volume");
        w.Key("Source");
        write_string(w, m.volume);
        w.Key("Target");
        write_string(w, m.target);
        if (m.read_only) {
            w.Key("ReadOnly");
            w.Bool(true);
        }
        w.EndObject();
    }
    w.EndArray();
    w.Key("PortBindings");
    w.StartObject();
    for (const auto& port : config.published_ports) {
        write_string(w, port);
        w.StartArray();
        w.StartObject();
        w.Key("HostIp");
        write_string(w, config.publish_address);
        w.Key("HostPort");
        w.String("");
        w.EndObject();
        w.EndArray();
    }
    w.EndObject();
    if (!config.ulimits.empty()) {
        w.Key("Ulimits");
        w.StartArray();
        for (const auto& u : config.ulimits) {
            w.StartObject();
            w.Key("Name");
            write_string(w, u.name);
            w.Key("Soft");
            w.Int64(u.soft);
            w.Key("Hard");
            w.Int64(u.hard);
            w.EndObject();
        }
        w.EndArray();
    }
    if (!config.extra_hosts.empty()) {
        w.Key("ExtraHosts");
        write_strings(w, config.extra_hosts);
    }
    w.EndObject();
}

void write_networking(Writer& w, const ContainerConfig& config)
{
    if (config.network.empty())
        return;
    w.Key("NetworkingConfig");
    w.StartObject();
    w.Key("EndpointsConfig");
    w.StartObject();
    write_string(w, config.network);
    w.StartObject();
    w.Key("Aliases");
    write_strings(w, config.aliases);
    w.EndObject();
    w.EndObject();
    w.EndObject();
}

} // namespace

void write_healthcheck(JsonWriter& w, const HealthcheckConfig& health, const char* key)
{
    w.Key(key);
    w.StartObject();
    w.Key("Test");
    write_strings(w, health.test);
    w.Key("Interval");
    w.Int64(health.interval_ns);
    w.Key("Timeout");
    w.Int64(health.timeout_ns);
    w.Key("StartPeriod");
    w.Int64(health.start_period_ns);
    w.Key("Retries");
    w.Int(health.retries);
    w.EndObject();
}

std::string container_create_body(const ContainerConfig& config)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("Image");
    write_string(w, config.image);
    w.Key("Env");
    write_strings(w, config.env);
    if (config.cmd) {
        w.Key("Cmd");
        write_strings(w, *config.cmd);
    }
    if (config.entrypoint) {
        w.Key("Entrypoint");
        write_strings(w, *config.entrypoint);
    }
    if (!config.working_dir.empty()) {
        w.Key("WorkingDir");
        write_string(w, config.working_dir);
    }
    if (!config.user.empty()) {
        w.Key("User");
        write_string(w, config.user);
    }
    write_labels(w, config.labels);
    if (config.healthcheck)
        write_healthcheck(w, *config.healthcheck, "Healthcheck");
    w.Key("ExposedPorts");
    w.StartObject();
    for (const auto& port : config.published_ports) {
        write_string(w, port);
        w.StartObject();
        w.EndObject();
    }
    w.EndObject();
    write_host_config(w, config);
    write_networking(w, config);
    w.EndObject();
    return buffer.GetString();
}

Result<std::string> create_container(EngineClient& client, const ContainerConfig& config)
{
    Request request{.method = Method::Post, .path = "/containers/create", .json = container_create_body(config)};
    if (!config.name.empty())
        request.query.emplace_back("name", config.name);
    auto answer = client.call(request);
    if (!answer)
        return answer.error();
    return id_of(answer.value());
}

Status start_container(EngineClient& client, const std::string& id)
{
    return done(client.call({.method = Method::Post, .path = "/containers/" + url_encode(id) + "/start"}));
}

Status put_archive(EngineClient& client, const std::string& id, const std::string& directory,
                   std::string_view tar)
{
    const Request request{.method = Method::Put,
                          .path = "/containers/" + url_encode(id) + "/archive",
                          .query = {{"path", directory}}};
    auto answer = client.send_bytes(request, tar, "application/x-tar");
    if (!answer)
        return answer.error();
    if (!answer.value().ok())
        return Error{http_error(client.describe(), request.method, request.path, answer.value().status,
                                answer.value().body)};
    return success();
}

Result<ContainerState> inspect_container(EngineClient& client, const std::string& id)
{
    auto answer = client.call({.path = "/containers/" + url_encode(id) + "/json"});
    if (!answer)
        return answer.error();
    const auto& doc = answer.value();
    ContainerState state;
    state.id = id_of(doc);
    state.name = text(doc, "Name");
    if (!state.name.empty() && state.name[0] == '/')
        state.name.erase(0, 1);
    const auto& s = member(doc, "State");
    state.status = text(s, "Status");
    state.running = boolean(s, "Running");
    state.exit_code = static_cast<int>(integer(s, "ExitCode"));
    state.pid = static_cast<int>(integer(s, "Pid"));
    state.error = text(s, "Error");
    state.oom_killed = boolean(s, "OOMKilled");
    state.health = text(member(s, "Health"), "Status");
    const auto& networks = member(member(doc, "NetworkSettings"), "Networks");
    if (networks.IsObject())
        for (const auto& network : networks.GetObject())
            if (const auto address = text(network.value, "IPAddress"); !address.empty())
                state.addresses[network.name.GetString()] = address;
    const auto& ports = member(member(doc, "NetworkSettings"), "Ports");
    if (ports.IsObject())
        for (const auto& port : ports.GetObject()) {
            if (!port.value.IsArray())
                continue;
            for (const auto& binding : port.value.GetArray()) {
                const auto host_port = text(binding, "HostPort");
                if (!host_port.empty()) {
                    state.host_ports[port.name.GetString()] = std::stoi(host_port);
                    break;
                }
            }
        }
    return state;
}

Result<Output> container_logs(EngineClient& client, const std::string& id, int tail)
{
    return client.output({.path = "/containers/" + url_encode(id) + "/logs",
                          .query = {{"stdout", "true"}, {"stderr", "true"}, {"tail", std::to_string(tail)}}});
}

Status kill_container(EngineClient& client, const std::string& id, const std::string& signal)
{
    return done(client.call(
        {.method = Method::Post, .path = "/containers/" + url_encode(id) + "/kill", .query = {{"signal", signal}}}));
}

Status remove_container(EngineClient& client, const std::string& id)
{
    const Request request{.method = Method::Delete, .path = "/containers/" + url_encode(id),
                          .query = {{"force", "true"}, {"v", "true"}}};
    auto sent = client.send(request);
    if (!sent)
        return sent.error();
    if (sent.value().ok() || sent.value().status == 404)
        return success();
    return Error{http_error(client.describe(), request.method, request.path, sent.value().status, sent.value().body)};
}

Result<int> wait_container(EngineClient& client, const std::string& id, std::chrono::seconds timeout,
                           const std::atomic<bool>* cancel)
{
    auto answer = client.call({.method = Method::Post, .path = "/containers/" + url_encode(id) + "/wait",
                               .query = {{"condition", "not-running"}}, .timeout = timeout, .cancel = cancel});
    if (!answer)
        return answer.error();
    const auto failure = text(member(answer.value(), "Error"), "Message");
    if (!failure.empty())
        return Error{fmt::format("{}: waiting for container {}: {}", client.describe(), id, failure)};
    return static_cast<int>(integer(answer.value(), "StatusCode"));
}

// -- exec

Result<std::string> exec_create(EngineClient& client, const std::string& container, const ExecConfig& config)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("Cmd");
    write_strings(w, config.cmd);
    w.Key("Env");
    write_strings(w, config.env);
    if (!config.working_dir.empty()) {
        w.Key("WorkingDir");
        write_string(w, config.working_dir);
    }
    if (!config.user.empty()) {
        w.Key("User");
        write_string(w, config.user);
    }
    w.Key("AttachStdin");
    w.Bool(false);
    w.Key("AttachStdout");
    w.Bool(true);
    w.Key("AttachStderr");
    w.Bool(true);
    w.Key("Tty");
    w.Bool(false);
    w.EndObject();
    auto answer = client.call(
        {.method = Method::Post, .path = "/containers/" + url_encode(container) + "/exec", .json = buffer.GetString()});
    if (!answer)
        return answer.error();
    return id_of(answer.value());
}

namespace {

Request exec_start_request(const std::string& exec_id, std::chrono::seconds timeout, const std::atomic<bool>* cancel)
{
    return {.method = Method::Post, .path = "/exec/" + url_encode(exec_id) + "/start",
            .json = R"({"Detach":false,"Tty":false})", .timeout = timeout, .cancel = cancel};
}

} // namespace

Status exec_start(EngineClient& client, const std::string& exec_id, const StreamDemuxer::OnData& on_data,
                  std::chrono::seconds timeout, const std::atomic<bool>* cancel)
{
    return client.stream_output(exec_start_request(exec_id, timeout, cancel), on_data);
}

Result<ExecState> exec_inspect(EngineClient& client, const std::string& exec_id)
{
    auto answer = client.call({.path = "/exec/" + url_encode(exec_id) + "/json"});
    if (!answer)
        return answer.error();
    const auto& doc = answer.value();
    ExecState state;
    state.running = boolean(doc, "Running");
    state.pid = static_cast<int>(integer(doc, "Pid"));
    if (!state.running && member(doc, "ExitCode").IsInt())
        state.exit_code = member(doc, "ExitCode").GetInt();
    return state;
}

Result<ExecResult> exec_run(EngineClient& client, const std::string& container, const ExecConfig& config,
                            std::chrono::seconds timeout, const std::atomic<bool>* cancel)
{
    auto id = exec_create(client, container, config);
    if (!id)
        return id.error();
    auto output = client.output(exec_start_request(id.value(), timeout, cancel));
    if (!output)
        return output.error();
    // The output ends when the command's streams close; its exit code may be recorded a moment later.
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto state = exec_inspect(client, id.value());
        if (!state)
            return state.error();
        if (state.value().exit_code)
            return ExecResult{*state.value().exit_code, std::move(output.value().out), std::move(output.value().err)};
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Error{fmt::format("{}: exec {} in {}: its output ended but it has no exit code after 2 s",
                             client.describe(), id.value(), container)};
}

} // namespace mel::packages::work::engine
