// Program shipping for `melodium dist` (docs/distribution.md "Program shipping"). The reference ships
// melodium-share designs of every reachable element (packages.md §3.3 LoadAndLaunch); both of our ends run
// the same interpreter, so we ship source text and check it again on the worker.

#include "cli/dist_program.h"

#include <fstream>
#include <set>

#include <fmt/format.h>
#include <melodium/version.h>


namespace mel::cli {

namespace distrib = packages::distrib;

namespace {

Status write_file(const std::filesystem::path& file, const std::string& text)
{
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out)
        return Error{fmt::format("cannot write {}", file.string())};
    return success();
}

bool safe_segment(const std::string& s)
{
    return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
           s.find('\0') == std::string::npos;
}

std::string toml_string(const std::string& s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

/// `use` path of an identifier: `pkg/a/b::name`.
std::string use_path(const Identifier& id) { return id.to_string(); }

void collect_data_types(const Type& type, std::set<std::string>& uses, std::set<std::string>& packages)
{
    if (type.leaf_kind() == Type::LeafKind::Data) {
        uses.insert(use_path(type.data_type().id));
        packages.insert(type.data_type().id.package());
    }
}

std::string flow_type(const Port& port)
{
    return fmt::format("{}<{}>", port.flow == Flow::Stream ? "Stream" : "Block", port.type.to_string());
}

} // namespace

Status write_shipped_program(const distrib::ShippedProgram& program, const std::filesystem::path& dir)
{
    for (const auto& pkg : program.packages) {
        if (!safe_segment(pkg.name))
            return Error{fmt::format("invalid package name `{}`", pkg.name.substr(0, 64))};
        if (pkg.standalone) {
            for (const auto& area : pkg.areas)
                if (area.path.empty())
                    if (auto s = write_file(dir / (pkg.name + ".mel"), area.text); !s)
                        return s;
            continue;
        }
        std::string compo = fmt::format("name = {}\nversion = {}\n\n[dependencies]\n", toml_string(pkg.name),
                                        toml_string(pkg.version));
        for (const auto& [name, req] : pkg.dependencies)
            compo += fmt::format("{} = {}\n", toml_string(name), toml_string(req));
        if (auto s = write_file(dir / pkg.name / "Compo.toml", compo); !s)
            return s;
        for (const auto& area : pkg.areas) {
            std::filesystem::path file = dir / pkg.name;
            for (const auto& segment : area.path)
                if (!safe_segment(segment))
                    return Error{fmt::format("invalid area path in `{}`", pkg.name)};
            if (area.path.empty())
                file /= "lib-root.mel";
            for (std::size_t i = 0; i < area.path.size(); ++i)
                file /= i + 1 == area.path.size() ? area.path[i] + ".mel" : area.path[i];
            if (auto s = write_file(file, area.text); !s)
                return s;
        }
    }
    return success();
}

std::string worker_entry_source(const Identifier& remote_id, const std::string& requirement,
                                const TreatmentDescriptor* remote, const std::map<std::string, Value>& params)
{
    const std::string version = k_language_version;
    std::set<std::string> uses{use_path(remote_id) + " as remoteTreatment"};
    std::set<std::string> packages{"distrib"};
    std::string body, header_params;
    if (remote) {
        for (const char* element : {"WorkerEngine", "track", "feedStream", "feedBlock", "sinkStream", "sinkBlock"})
            uses.insert(fmt::format("distrib/worker::{}", element));
        std::string args;
        for (const auto& p : remote->parameters) {
            if (!params.count(p.name))
                continue;
            collect_data_types(p.type, uses, packages);
            header_params += fmt::format("{}{} {}: {}", header_params.empty() ? "" : ", ",
                                         p.variability == Variability::Const ? "const" : "var", p.name,
                                         p.type.to_string());
            args += fmt::format("{}{} = {}", args.empty() ? "" : ", ", p.name, p.name);
        }
        body += "    track[worker_engine = worker]()\n";
        body += fmt::format("    remote: remoteTreatment({})\n", args);
        std::size_t n = 0;
        for (const auto& port : remote->inputs) {
            collect_data_types(port.type, uses, packages);
            const std::string inst = fmt::format("feed{}", n++);
            body += fmt::format("    {}: feed{}<{}>[worker = worker](name = \"{}\")\n", inst,
                                port.flow == Flow::Stream ? "Stream" : "Block", port.type.to_string(), port.name);
            body += fmt::format("    track.trigger -> {}.trigger\n    {}.data -> remote.{}\n", inst, inst, port.name);
        }
        n = 0;
        for (const auto& port : remote->outputs) {
            collect_data_types(port.type, uses, packages);
            const std::string inst = fmt::format("sink{}", n++);
            body += fmt::format("    {}: sink{}<{}>[worker = worker](name = \"{}\")\n", inst,
                                port.flow == Flow::Stream ? "Stream" : "Block", port.type.to_string(), port.name);
            body += fmt::format("    track.trigger -> {}.trigger\n    remote.{} -> {}.data\n", inst, port.name, inst);
        }
    }
    std::string require = fmt::format("{}:{}", remote_id.package(), requirement);
    for (const auto& p : packages)
        if (p != remote_id.package())
            require += fmt::format(" {}:={}", p, version);
    std::string text = fmt::format("#! name = distrib_worker_entry\n#! version = 0.1.0\n#! require = {}\n\n", require);
    for (const auto& u : uses)
        text += fmt::format("use {}\n", u);
    text += fmt::format("\ntreatment main({})\n", header_params);
    if (remote)
        text += "  model worker: WorkerEngine()\n";
    text += "{\n" + body + "}\n";
    return text;
}

std::string port_type_text(const Port& port) { return flow_type(port); }

} // namespace mel::cli
