// The Swarm part of the Engine API (api.h).

#include "packages/work/swarm/api.h"

#include <openssl/evp.h>

#include <algorithm>

#include "packages/work/engine/json.h"

namespace mel::packages::work::swarm {

namespace {

using engine::Method;
using engine::url_encode;
using namespace engine::json;

std::string base64(const std::string& data)
{
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

/// A DELETE that succeeds when the object is already gone.
Status remove(engine::EngineClient& client, const std::string& path)
{
    auto answer = client.send({.method = Method::Delete, .path = path});
    if (!answer)
        return answer.error();
    if (answer.value().ok() || answer.value().status == 404)
        return success();
    return Error{engine::http_error(client.describe(), Method::Delete, path, answer.value().status,
                                    answer.value().body)};
}

/// The ids of the objects at `path` carrying `label`.
Result<std::vector<std::string>> ids_by_label(engine::EngineClient& client, const std::string& path,
                                               const std::string& label)
{
    auto answer = client.call({.path = path, .query = {{"filters", engine::label_filter(label)}}});
    if (!answer)
        return answer.error();
    std::vector<std::string> ids;
    if (answer.value().IsArray())
        for (const auto& item : answer.value().GetArray())
            ids.push_back(id_of(item));
    return ids;
}

void write_resources(Writer& w, const char* key, std::uint32_t millicores, std::uint32_t mb)
{
    w.Key(key);
    w.StartObject();
    if (millicores) {
        w.Key("NanoCPUs");
        w.Int64(static_cast<std::int64_t>(millicores) * 1'000'000);
    }
    if (mb) {
        w.Key("MemoryBytes");
        w.Int64(static_cast<std::int64_t>(mb) * 1024 * 1024);
    }
    w.EndObject();
}

void write_container_spec(Writer& w, const ServiceSpec& spec)
{
    w.Key("ContainerSpec");
    w.StartObject();
    w.Key("Image");
    write_string(w, spec.image);
    write_labels(w, spec.labels);
    if (!spec.command.empty()) {
        w.Key("Command");
        write_strings(w, spec.command);
    }
    if (!spec.args.empty()) {
        w.Key("Args");
        write_strings(w, spec.args);
    }
    w.Key("Env");
    write_strings(w, spec.env);
    w.Key("Init");
    w.Bool(true);
    w.Key("Mounts");
    w.StartArray();
    for (const auto& mount : spec.mounts) {
        w.StartObject();
        w.Key("Type");
        w.String(mount.type == ServiceMount::Type::Volume ? "volume" : "bind");
        w.Key("Source");
        write_string(w, mount.source);
        w.Key("Target");
        write_string(w, mount.target);
        w.Key("ReadOnly");
        w.Bool(mount.read_only);
        if (mount.type == ServiceMount::Type::Volume) {
            w.Key("VolumeOptions");
            w.StartObject();
            write_labels(w, mount.volume_labels);
            w.EndObject();
        }
        w.EndObject();
    }
    w.EndArray();
    w.Key("Secrets");
    w.StartArray();
    for (const auto& secret : spec.secrets) {
        w.StartObject();
        w.Key("File");
        w.StartObject();
        w.Key("Name");
        write_string(w, secret.file);
        w.Key("UID");
        w.String("0");
        w.Key("GID");
        w.String("0");
        w.Key("Mode");
        w.Uint(secret.mode);
        w.EndObject();
        w.Key("SecretID");
        write_string(w, secret.id);
        w.Key("SecretName");
        write_string(w, secret.name);
        w.EndObject();
    }
    w.EndArray();
    if (spec.healthcheck)
        engine::write_healthcheck(w, *spec.healthcheck, "HealthCheck");
    w.EndObject();
}

std::string written(const std::function<void(Writer&)>& write)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    write(w);
    return buffer.GetString();
}

} // namespace

Result<SwarmInfo> swarm_info(engine::EngineClient& client)
{
    auto answer = client.call({.path = "/info"});
    if (!answer)
        return answer.error();
    const auto& swarm = member(answer.value(), "Swarm");
    return SwarmInfo{text(swarm, "NodeID"), text(swarm, "LocalNodeState"), boolean(swarm, "ControlAvailable"),
                     text(swarm, "Error")};
}

std::string service_create_body(const ServiceSpec& spec)
{
    return written([&](Writer& w) {
        w.StartObject();
        w.Key("Name");
        write_string(w, spec.name);
        write_labels(w, spec.labels);
        w.Key("TaskTemplate");
        w.StartObject();
        write_container_spec(w, spec);
        w.Key("Resources");
        w.StartObject();
        write_resources(w, "Limits", spec.limit_millicores, spec.limit_mb);
        write_resources(w, "Reservations", spec.reserve_millicores, spec.reserve_mb);
        w.EndObject();
        w.Key("RestartPolicy");
        w.StartObject();
        w.Key("Condition");
        w.String("none");
        w.EndObject();
        w.Key("Placement");
        w.StartObject();
        w.Key("Constraints");
        write_strings(w, spec.constraints);
        w.EndObject();
        if (!spec.network.empty()) {
            w.Key("Networks");
            w.StartArray();
            w.StartObject();
            w.Key("Target");
            write_string(w, spec.network);
            w.Key("Aliases");
            write_strings(w, spec.aliases);
            w.EndObject();
            w.EndArray();
        }
        w.EndObject();
        w.Key("Mode");
        w.StartObject();
        w.Key("Replicated");
        w.StartObject();
        w.Key("Replicas");
        w.Int(1);
        w.EndObject();
        w.EndObject();
        w.Key("EndpointSpec");
        w.StartObject();
        w.Key("Mode");
        w.String("dnsrr");
        w.Key("Ports");
        w.StartArray();
        for (int port : spec.host_ports) {
            w.StartObject();
            w.Key("Protocol");
            w.String("tcp");
            w.Key("TargetPort");
            w.Int(port);
            w.Key("PublishMode");
            w.String("host");
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        w.EndObject();
    });
}

Result<std::string> create_service(engine::EngineClient& client, const ServiceSpec& spec)
{
    auto answer = client.call({.method = Method::Post, .path = "/services/create", .json = service_create_body(spec)});
    if (!answer)
        return answer.error();
    return text(answer.value(), "ID");
}

Status remove_service(engine::EngineClient& client, const std::string& id)
{
    return remove(client, "/services/" + url_encode(id));
}

Result<std::vector<std::string>> services_by_label(engine::EngineClient& client, const std::string& label)
{
    return ids_by_label(client, "/services", label);
}

bool Task::ended() const
{
    static const char* const k_ended[] = {"complete", "failed", "rejected", "shutdown", "orphaned", "remove"};
    return std::find(std::begin(k_ended), std::end(k_ended), state) != std::end(k_ended);
}

Result<std::vector<Task>> tasks(engine::EngineClient& client, const std::string& service_id)
{
    engine::Request request{.path = "/tasks"};
    if (!service_id.empty())
        request.query = {{"filters", "{\"service\":[\"" + service_id + "\"]}"}};
    auto answer = client.call(request);
    if (!answer)
        return answer.error();
    std::vector<Task> found;
    if (!answer.value().IsArray())
        return found;
    for (const auto& item : answer.value().GetArray()) {
        Task task;
        task.id = text(item, "ID");
        task.service_id = text(item, "ServiceID");
        task.node_id = text(item, "NodeID");
        task.desired_state = text(item, "DesiredState");
        task.created = engine::epoch_seconds(text(item, "CreatedAt"));
        const auto& status = member(item, "Status");
        task.state = text(status, "State");
        task.message = text(status, "Message");
        task.error = text(status, "Err");
        const auto& container = member(status, "ContainerStatus");
        task.container_id = text(container, "ContainerID");
        if (container.IsObject() && container.HasMember("ExitCode") && task.ended())
            task.exit_code = static_cast<int>(integer(container, "ExitCode"));
        const auto& ports = member(member(status, "PortStatus"), "Ports");
        if (ports.IsArray())
            for (const auto& port : ports.GetArray())
                task.published[static_cast<int>(integer(port, "TargetPort"))] =
                    static_cast<int>(integer(port, "PublishedPort"));
        found.push_back(std::move(task));
    }
    std::stable_sort(found.begin(), found.end(), [](const Task& a, const Task& b) { return a.created > b.created; });
    return found;
}

Result<NodeInfo> node(engine::EngineClient& client, const std::string& id)
{
    auto answer = client.call({.path = "/nodes/" + url_encode(id)});
    if (!answer)
        return answer.error();
    const auto& doc = answer.value();
    return NodeInfo{text(doc, "ID"), text(member(doc, "Description"), "Hostname"),
                    text(member(doc, "Status"), "Addr"), labels_of(member(doc, "Spec"))};
}

Result<std::string> create_overlay(engine::EngineClient& client, const std::string& name,
                                   const engine::Labels& labels)
{
    const std::string body = written([&](Writer& w) {
        w.StartObject();
        w.Key("Name");
        write_string(w, name);
        w.Key("Driver");
        w.String("overlay");
        w.Key("Attachable");
        w.Bool(true);
        w.Key("CheckDuplicate");
        w.Bool(true);
        write_labels(w, labels);
        w.EndObject();
    });
    auto answer = client.call({.method = Method::Post, .path = "/networks/create", .json = body});
    if (!answer)
        return answer.error();
    return id_of(answer.value());
}

Result<std::string> create_secret(engine::EngineClient& client, const std::string& name, const std::string& data,
                                  const engine::Labels& labels)
{
    const std::string body = written([&](Writer& w) {
        w.StartObject();
        w.Key("Name");
        write_string(w, name);
        w.Key("Data");
        write_string(w, base64(data));
        write_labels(w, labels);
        w.EndObject();
    });
    auto answer = client.call({.method = Method::Post, .path = "/secrets/create", .json = body});
    if (!answer)
        return answer.error();
    return id_of(answer.value());
}

Status remove_secret(engine::EngineClient& client, const std::string& id)
{
    return remove(client, "/secrets/" + url_encode(id));
}

Result<std::vector<std::string>> secrets_by_label(engine::EngineClient& client, const std::string& label)
{
    return ids_by_label(client, "/secrets", label);
}

} // namespace mel::packages::work::swarm
