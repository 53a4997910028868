// The run configuration of the local provisioner (run_config.h), as JSON through RapidJSON.

#include "packages/work/local/run_config.h"

#include <fstream>
#include <set>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "packages/work/engine/json.h"
#include "packages/work/json_writer.h"

namespace mel::packages::work::local {

namespace {

using Writer = JsonWriter;

void write_mounts(Writer& w, const std::vector<MountSpec>& mounts)
{
    w.StartArray();
    for (const auto& m : mounts) {
        w.StartObject();
        w.Key("name");
        write_string(w, m.name);
        w.Key("point");
        write_string(w, m.point);
        w.EndObject();
    }
    w.EndArray();
}

// The lenient readers of the work package's JSON (a missing or mistyped member reads as empty).
using work::engine::json::member;
using work::engine::json::text;
using work::engine::json::texts;

} // namespace

const ContainerConfig* RunConfig::container(const std::string& name) const
{
    for (const auto& c : containers)
        if (c.name == name)
            return &c;
    return nullptr;
}

const ServiceConfig* RunConfig::service(const std::string& name) const
{
    for (const auto& s : services)
        if (s.name == name)
            return &s;
    return nullptr;
}

std::string encode_config(const RunConfig& config)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("run_dir");
    write_string(w, config.run_dir);
    w.Key("melodium_binary");
    write_string(w, config.melodium_binary);
    w.Key("isolation");
    w.String(config.isolation == Isolation::Namespaces ? "namespaces" : "host");
    w.Key("keep_run");
    w.Bool(config.keep_run);
    w.Key("max_duration");
    w.Uint(config.max_duration);
    w.Key("service_ready_timeout");
    w.Uint(config.service_ready_timeout);
    w.Key("pod_hostname");
    write_string(w, config.pod_hostname);
    w.Key("volumes");
    write_strings(w, config.volumes);
    w.Key("containers");
    w.StartArray();
    for (const auto& c : config.containers) {
        w.StartObject();
        w.Key("name");
        write_string(w, c.name);
        w.Key("image");
        write_string(w, c.image);
        w.Key("mounts");
        write_mounts(w, c.mounts);
        w.EndObject();
    }
    w.EndArray();
    w.Key("services");
    w.StartArray();
    for (const auto& s : config.services) {
        w.StartObject();
        w.Key("name");
        write_string(w, s.name);
        w.Key("image");
        write_string(w, s.image);
        w.Key("adapter");
        write_string(w, s.adapter);
        w.Key("env");
        w.StartObject();
        for (const auto& [k, v] : s.env) {
            w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
            write_string(w, v);
        }
        w.EndObject();
        w.Key("command");
        if (s.command)
            write_strings(w, *s.command);
        else
            w.Null();
        w.EndObject();
    }
    w.EndArray();
    w.Key("worker_argv");
    write_strings(w, config.worker_argv);
    w.Key("worker_env");
    w.StartArray();
    for (const auto& [k, v] : config.worker_env) {
        w.StartArray();
        write_string(w, k);
        write_string(w, v);
        w.EndArray();
    }
    w.EndArray();
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

Result<RunConfig> decode_config(const std::string& json)
{
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    if (doc.HasParseError() || !doc.IsObject())
        return Error{"malformed run configuration"};
    RunConfig config;
    config.run_dir = text(doc, "run_dir");
    config.melodium_binary = text(doc, "melodium_binary");
    config.isolation = text(doc, "isolation") == "host" ? Isolation::Host : Isolation::Namespaces;
    config.keep_run = member(doc, "keep_run").IsBool() && member(doc, "keep_run").GetBool();
    if (member(doc, "max_duration").IsUint())
        config.max_duration = member(doc, "max_duration").GetUint();
    if (member(doc, "service_ready_timeout").IsUint())
        config.service_ready_timeout = member(doc, "service_ready_timeout").GetUint();
    config.pod_hostname = text(doc, "pod_hostname");
    config.volumes = texts(member(doc, "volumes"));
    if (member(doc, "containers").IsArray())
        for (const auto& c : member(doc, "containers").GetArray()) {
            ContainerConfig container{text(c, "name"), text(c, "image"), {}};
            if (member(c, "mounts").IsArray())
                for (const auto& m : member(c, "mounts").GetArray())
                    container.mounts.push_back(MountSpec{text(m, "name"), text(m, "point")});
            config.containers.push_back(std::move(container));
        }
    if (member(doc, "services").IsArray())
        for (const auto& s : member(doc, "services").GetArray()) {
            ServiceConfig service{text(s, "name"), text(s, "image"), text(s, "adapter"), {}, std::nullopt};
            if (member(s, "env").IsObject())
                for (const auto& e : member(s, "env").GetObject())
                    if (e.value.IsString())
                        service.env.emplace(std::string(e.name.GetString(), e.name.GetStringLength()),
                                            std::string(e.value.GetString(), e.value.GetStringLength()));
            if (member(s, "command").IsArray())
                service.command = texts(member(s, "command"));
            config.services.push_back(std::move(service));
        }
    config.worker_argv = texts(member(doc, "worker_argv"));
    if (member(doc, "worker_env").IsArray())
        for (const auto& pair : member(doc, "worker_env").GetArray()) {
            const auto both = texts(pair);
            if (both.size() == 2)
                config.worker_env.emplace_back(both[0], both[1]);
        }
    if (config.run_dir.empty() || config.run_dir.front() != '/')
        return Error{"run configuration without an absolute run directory"};
    return config;
}

Result<RunConfig> read_config(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{"cannot read the run configuration " + path};
    std::ostringstream content;
    content << in.rdbuf();
    return decode_config(content.str());
}

std::vector<std::string> container_base_environment(const std::string& hostname)
{
    return {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
            "HOSTNAME=" + hostname};
}

std::string hosts_file(const RunConfig& config)
{
    std::string names;
    std::set<std::string> seen{"localhost"};
    const auto add = [&](const std::string& name) {
        if (seen.insert(name).second)
            names += " " + name;
    };
    for (const auto& c : config.containers)
        add(c.name);
    for (const auto& s : config.services)
        add(s.name);
    return "# generated by melodium's local provisioner: every container and service of this pod\n"
           "127.0.0.1\tlocalhost" +
           names + "\n::1\tlocalhost ip6-localhost ip6-loopback\n";
}

} // namespace mel::packages::work::local
