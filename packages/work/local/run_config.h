#pragma once

// What the dispatcher tells the pod supervisor (and the supervisor its agents): one run of the local
// provisioner, written as JSON to <run dir>/run.json. The layout of the run directory is fixed here.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "packages/work/provisioner.h"
#include "runtime/model/result.h"

namespace mel::packages::work::local {

enum class Isolation {
    Namespaces, // root: a pod of namespaces per run
    Host,       // fallback: commands run as plain host processes
};

/// The service adapters (service_adapter() in local_provisioner.h picks one per image).
inline constexpr const char* k_postgres_adapter = "postgres";

struct ServiceConfig {
    std::string name;
    std::string image;
    std::string adapter; // k_postgres_adapter
    std::map<std::string, std::string> env;
    std::optional<std::vector<std::string>> command;
};

struct ContainerConfig {
    std::string name;
    std::string image;
    std::vector<MountSpec> mounts;
};

/// In each run directory: the supervisor's pid (a later start() removes runs whose supervisor is gone).
inline constexpr const char* k_supervisor_pid_file = "supervisor.pid";

struct RunConfig {
    std::string run_dir;         // absolute
    std::string melodium_binary; // the binary whose hidden `agent` mode runs the helpers
    Isolation isolation = Isolation::Namespaces;
    bool keep_run = false;
    std::uint32_t max_duration = 0; // seconds; 0: none
    std::uint32_t service_ready_timeout = 60;
    std::string pod_hostname;
    std::vector<std::string> volumes;
    std::vector<ContainerConfig> containers;
    std::vector<ServiceConfig> services;
    std::vector<std::string> worker_argv;
    std::vector<std::pair<std::string, std::string>> worker_env; // set over the supervisor's environment

    std::string config_path() const { return run_dir + "/run.json"; }
    std::string supervisor_pid_path() const { return run_dir + "/" + k_supervisor_pid_file; }
    std::string volume_dir(const std::string& volume) const { return run_dir + "/volumes/" + volume; }
    std::string container_dir(const std::string& name) const { return run_dir + "/containers/" + name; }
    std::string agent_dir() const { return run_dir + "/agent"; }
    std::string agent_socket(const std::string& name) const { return agent_dir() + "/" + name + ".sock"; }
    std::string pod_dir() const { return run_dir + "/pod"; }
    std::string pod_file(const std::string& file) const { return pod_dir() + "/" + file; }
    const ContainerConfig* container(const std::string& name) const;
    const ServiceConfig* service(const std::string& name) const;
};

std::string encode_config(const RunConfig& config);
Result<RunConfig> decode_config(const std::string& json);
Result<RunConfig> read_config(const std::string& path);

/// The environment every container starts from (as an image's config would give it).
std::vector<std::string> container_base_environment(const std::string& hostname);

/// The generated /etc/hosts of a pod: localhost and every container and service name on 127.0.0.1.
std::string hosts_file(const RunConfig& config);

} // namespace mel::packages::work::local
