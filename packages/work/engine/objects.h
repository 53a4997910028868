#pragma once

// Typed Engine API operations the container provisioner needs (issue 18), each a thin function over
// EngineClient (client.h): images, networks, volumes, containers, execs, listings by label, and Podman's
// health-check run. Every failure is an Error whose message names the engine, the call, the status and the
// engine's message (client.h); the functions block and are safe to call from several threads at once.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "packages/work/engine/client.h"
#include "packages/work/json_writer.h"
#include "runtime/model/result.h"

namespace mel::packages::work::engine {

using Labels = std::map<std::string, std::string>;

// -- images

struct HealthcheckConfig {
    std::vector<std::string> test; // ["CMD-SHELL", "pg_isready"], ["CMD", …], ["NONE"]
    std::int64_t interval_ns = 0;
    std::int64_t timeout_ns = 0;
    std::int64_t start_period_ns = 0;
    int retries = 0;
};

struct ImageInfo {
    std::string id;
    std::vector<std::string> tags;
    std::string os;
    std::string architecture;
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::vector<std::string> env;
    std::vector<std::string> exposed_ports; // "8080/tcp"
    std::optional<HealthcheckConfig> healthcheck;
};

/// `key`: {Test, Interval, Timeout, StartPeriod, Retries} (a container's "Healthcheck", a Swarm service's
/// ContainerSpec "HealthCheck").
void write_healthcheck(JsonWriter& w, const HealthcheckConfig& health, const char* key);

/// The image, or nullopt when the engine has none of that name (Podman answers 404, Docker 20.10 500
/// "No such image": both mean absent).
Result<std::optional<ImageInfo>> inspect_image(EngineClient& client, const std::string& name);

/// POST /images/load of a `docker save` archive: the names the engine reports as loaded.
Result<std::vector<std::string>> load_image(EngineClient& client, const std::string& archive_path);

/// A reference split for `POST /images/create`: "localhost:5000/a/b:1" → {"localhost:5000/a/b", "1"};
/// no tag → "latest"; a digest ("name@sha256:…") stays whole with an empty tag.
struct ImageReference {
    std::string repository;
    std::string tag;
};
ImageReference split_reference(const std::string& image);

/// Pulls image; each progress message (a JSON line of the engine, as text: "Pulling fs layer",
/// "Downloading", …) goes to on_progress. A failing pull (the engine's error in the stream or its status)
/// is an Error naming the image. registry_auth: the X-Registry-Auth header's value (base64 JSON), or empty.
/// `cancel` becoming true ends it (an Error) within about a second.
Status pull_image(EngineClient& client, const std::string& image,
                  const std::function<void(const std::string&)>& on_progress, const std::string& registry_auth = {},
                  std::chrono::seconds timeout = std::chrono::seconds(1800),
                  const std::atomic<bool>* cancel = nullptr);

// -- networks, volumes

/// A bridge network (not internal), with labels: its id.
Result<std::string> create_network(EngineClient& client, const std::string& name, const Labels& labels);
Status remove_network(EngineClient& client, const std::string& id_or_name);

/// A local named volume with labels: its name.
Result<std::string> create_volume(EngineClient& client, const std::string& name, const Labels& labels);
Status remove_volume(EngineClient& client, const std::string& name);

// -- containers

struct VolumeMount {
    std::string volume; // a named volume
    std::string target; // absolute path in the container
    bool read_only = false;
};

struct Ulimit {
    std::string name; // "nofile"
    std::int64_t soft = 0;
    std::int64_t hard = 0;
};

struct ContainerConfig {
    std::string name;
    std::string image;
    std::vector<std::string> env; // "K=V"
    std::optional<std::vector<std::string>> cmd;
    std::optional<std::vector<std::string>> entrypoint;
    Labels labels;
    std::vector<VolumeMount> mounts;
    std::string network;              // joined at create
    std::vector<std::string> aliases; // names on that network
    bool init = true;                 // HostConfig.Init: a reaping PID 1 that forwards signals
    std::uint32_t cpu_millicores = 0; // 0: no limit (→ NanoCpus)
    std::uint32_t memory_mb = 0;      // 0: no limit (→ Memory)
    /// Container ports ("5432/tcp") published on publish_address at a port the engine picks.
    std::vector<std::string> published_ports;
    /// The engine host's address the ports are published on: its loopback, or "0.0.0.0" (every address) for
    /// a dispatcher on another machine.
    std::string publish_address = "127.0.0.1";
    std::vector<Ulimit> ulimits;
    /// Replaces the image's health check (its `test` ["NONE"] disables it); nullopt keeps the image's.
    std::optional<HealthcheckConfig> healthcheck;
    std::string working_dir;
    std::string user;
    /// "name:address" lines added to the container's /etc/hosts (HostConfig.ExtraHosts).
    std::vector<std::string> extra_hosts;
};

/// The request body of POST /containers/create for config (JSON text).
std::string container_create_body(const ContainerConfig& config);

/// POST /containers/create: the container's id.
Result<std::string> create_container(EngineClient& client, const ContainerConfig& config);
Status start_container(EngineClient& client, const std::string& id);

struct ContainerState {
    std::string id;
    std::string name;
    std::string status; // created, running, exited, …
    bool running = false;
    int exit_code = 0;
    int pid = 0;
    std::string health; // starting, healthy, unhealthy; empty without a health check
    std::string error;  // State.Error
    bool oom_killed = false;
    std::map<std::string, int> host_ports; // "8080/tcp" → the published host port
    std::map<std::string, std::string> addresses; // network name → the container's IPv4 address on it
};
Result<ContainerState> inspect_container(EngineClient& client, const std::string& id);

/// The last `tail` lines of both streams, kept apart.
Result<Output> container_logs(EngineClient& client, const std::string& id, int tail);
/// POST /containers/{id}/kill with the signal ("KILL", "TERM"). A container that is not running: an error.
Status kill_container(EngineClient& client, const std::string& id, const std::string& signal = "KILL");
/// DELETE /containers/{id}?force=true&v=true (anonymous volumes with it). A missing container: success.
Status remove_container(EngineClient& client, const std::string& id);
/// PUT /containers/{id}/archive: extracts `tar` (an uncompressed tar archive) under `directory` (Docker
/// refuses one that does not exist in the container, 404; Podman 4.3 makes it); also before the container
/// starts, so that its files are there at its start.
Status put_archive(EngineClient& client, const std::string& id, const std::string& directory,
                   std::string_view tar);
/// POST /containers/{id}/wait: the exit code once it has stopped (bounded by timeout; 0: unbounded).
Result<int> wait_container(EngineClient& client, const std::string& id,
                           std::chrono::seconds timeout = std::chrono::seconds(0),
                           const std::atomic<bool>* cancel = nullptr);

// -- exec

struct ExecConfig {
    std::vector<std::string> cmd;
    std::vector<std::string> env; // "K=V"
    std::string working_dir;
    std::string user;
};

struct ExecResult {
    int exit_code = 0;
    std::string out;
    std::string err;
};

/// POST /containers/{id}/exec (no TTY, stdout and stderr attached): the exec's id.
Result<std::string> exec_create(EngineClient& client, const std::string& container, const ExecConfig& config);
/// POST /exec/{id}/start attached: output frame by frame to on_data until the command ends.
Status exec_start(EngineClient& client, const std::string& exec_id, const StreamDemuxer::OnData& on_data,
                  std::chrono::seconds timeout = std::chrono::seconds(0), const std::atomic<bool>* cancel = nullptr);

struct ExecState {
    bool running = false;
    std::optional<int> exit_code; // once it has ended
    int pid = 0;
};
Result<ExecState> exec_inspect(EngineClient& client, const std::string& exec_id);
/// create, start (collected), inspect: the exact exit code and the two streams apart. `cancel` becoming true
/// ends the wait for its output (an Error; the command may go on).
Result<ExecResult> exec_run(EngineClient& client, const std::string& container, const ExecConfig& config,
                            std::chrono::seconds timeout = std::chrono::seconds(0),
                            const std::atomic<bool>* cancel = nullptr);

// -- listings

/// A listed object: containers (all, also stopped), networks and volumes carrying a label ("k" or "k=v").
struct Listed {
    std::string id; // volumes: the name
    std::string name;
    Labels labels;
    std::string state; // containers only
    std::int64_t created = 0; // seconds since the epoch; 0 when the engine gives none
};
enum class ObjectKind { Container, Network, Volume };
Result<std::vector<Listed>> list_by_label(EngineClient& client, ObjectKind kind, const std::string& label);
/// The `filters` parameter for one label: {"label":["k=v"]}.
std::string label_filter(const std::string& label);
/// An engine's RFC 3339 time ("2026-12-08T01:07:57.668799177Z", "2026-12-08T02:07:57+01:00", as networks and
/// volumes give it) in seconds since the epoch; 0 when the text is not one.
std::int64_t epoch_seconds(std::string_view text);

// -- Podman

/// Runs the container's health check once (POST /v4.0.0/libpod/containers/{id}/healthcheck) and gives the
/// status it reports (healthy, unhealthy, starting). Podman runs health checks through systemd timers
/// only; without systemd the provisioner runs them.
Result<std::string> podman_run_healthcheck(EngineClient& client, const std::string& id);

} // namespace mel::packages::work::engine
