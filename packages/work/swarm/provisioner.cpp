// The swarm provisioner (provisioner.h): the manager checked, melodium's image on it, then per request the
// overlay network, the worker's secrets, the worker service (placed by Swarm), the executors pinned to its
// node; the worker watched through its task; the teardown of everything on every path.

#include "packages/work/swarm/provisioner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "packages/work/containers/run.h"
#include "packages/work/local/helpers.h"
#include "packages/work/swarm/api.h"
#include "packages/work/tls_identity.h"
#include "packages/work/watched_worker.h"
#include "packages/work/worker_contract.h"
#include "stdlib/engine/ids.h"

namespace mel::packages::work::swarm {

namespace {

using containers::say;
using mel::engine::LogLevel;
using Clock = std::chrono::steady_clock;
constexpr auto k_poll = std::chrono::milliseconds(250);
constexpr const char* k_label = "swarm";
constexpr const char* k_secrets_dir = "/run/secrets/";

/// The manager and what every run shares.
struct Cluster {
    std::unique_ptr<engine::EngineClient> client;
    engine::VersionInfo version;
    std::string manager_node;
    std::atomic<bool> stopping{false};
    std::string describe() const { return client->describe(); }
};

/// melodium's image on the cluster.
struct BundleOnCluster {
    std::string image_id;
    std::string reference;
    std::string volume;               // melodium-bundle-<hash12>, on each node that ran a worker
    std::string hash;
    std::vector<std::string> command; // the bundled melodium
};

/// Sleeps k_poll, or less when the cluster is stopping.
void pause(const Cluster& cluster)
{
    for (int i = 0; i < 5 && !cluster.stopping; ++i)
        std::this_thread::sleep_for(k_poll / 5);
}

/// What a run made, for its teardown.
struct SwarmRun {
    containers::RunObjects run;
    std::string network;
    std::vector<std::string> secrets;
    std::vector<std::string> services;
    std::string node; // the worker's node, once placed
    std::string label() const { return std::string(containers::k_label_run) + "=" + run.run_id; }
    /// A service's name must be a DNS label: executor N is melodium-S-N with `.` and `_` as `-`; the run's own
    /// services are melodium-S--WHAT (a logical name never starts with `-`).
    std::string service_name(const std::string& name) const
    {
        std::string text = run.container_name(name);
        std::replace_if(text.begin(), text.end(), [](char c) { return c == '.' || c == '_'; }, '-');
        return text;
    }
    std::string own_service(const std::string& what) const { return run.container_name("-" + what); }
};

/// `<bundled melodium> words…` as a service's command and arguments (arguments, so that the image's CMD is not
/// appended).
void run_bundled(ServiceSpec& spec, const BundleOnCluster& bundle, const std::vector<std::string>& words)
{
    spec.command = {bundle.command.front()};
    spec.args.assign(bundle.command.begin() + 1, bundle.command.end());
    spec.args.insert(spec.args.end(), words.begin(), words.end());
}

engine::HealthcheckConfig probe_health(const BundleOnCluster& bundle, const std::vector<std::string>& target,
                                       unsigned timeout)
{
    engine::HealthcheckConfig health;
    health.test = {"CMD"};
    health.test.insert(health.test.end(), bundle.command.begin(), bundle.command.end());
    for (const char* word : {local::k_agent_command, local::k_mode_probe, local::k_arg_timeout, "2"})
        health.test.push_back(word);
    health.test.insert(health.test.end(), target.begin(), target.end());
    health.interval_ns = 500'000'000;
    health.timeout_ns = 5'000'000'000;
    health.retries = static_cast<int>(timeout * 2 + 1);
    return health;
}

/// Placement constraints of the request: its arch, its tags (`K=V` → node.labels.K==V, `K` → node.labels.K==true).
Result<std::vector<std::string>> constraints_of(const WorkerRequest& request)
{
    std::vector<std::string> constraints;
    if (request.arch && !request.arch->empty()) {
        if (*request.arch == "amd64")
            constraints.emplace_back("node.platform.arch==x86_64");
        else if (*request.arch == "arm64")
            constraints.emplace_back("node.platform.arch==aarch64");
        else
            return Error{"arch '" + *request.arch + "' is not one of amd64, arm64"};
    }
    const auto plain = [](const std::string& text) {
        return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
        });
    };
    for (const auto& tag : request.tags) {
        const auto equals = tag.find('=');
        const std::string key = tag.substr(0, equals);
        const std::string value = equals == std::string::npos ? "true" : tag.substr(equals + 1);
        if (!plain(key) || !plain(value))
            return Error{"tag '" + tag + "' is not a node label constraint: give KEY or KEY=VALUE (letters, digits, "
                                         ". _ -); it becomes node.labels.KEY==VALUE (VALUE: true when absent)"};
        constraints.push_back("node.labels." + key + "==" + value);
    }
    return constraints;
}

/// The newest task of a service once it runs (its health check passed); an error with Swarm's reason when it
/// ends, stays unplaced for `placement` seconds, or is not running after `ready` more seconds.
Result<Task> wait_running(Cluster& cluster, const std::string& service, const std::string& what, unsigned placement,
                          unsigned ready)
{
    const auto start = Clock::now();
    std::optional<Clock::time_point> placed;
    Task last;
    while (!cluster.stopping) {
        auto found = tasks(*cluster.client, service);
        if (!found)
            return Error{what + ": " + found.error().message};
        if (!found.value().empty()) {
            last = found.value().front();
            if (last.state == "running")
                return last;
            const std::string reason = !last.error.empty() ? last.error : last.message;
            if (last.ended())
                return Error{fmt::format("{}: its task is {}{}: {}", what, last.state,
                                         last.exit_code ? fmt::format(" (exit code {})", *last.exit_code) : "",
                                         reason)};
            if (!last.node_id.empty() && !placed)
                placed = Clock::now();
            if (!placed && Clock::now() - start > std::chrono::seconds(placement))
                return Error{fmt::format("{}: no node of the swarm took it within {} s: {} ({} sets how many seconds "
                                         "a task may wait for a node)",
                                         what, placement, reason, k_env_placement_timeout)};
            if (placed && Clock::now() - *placed > std::chrono::seconds(ready))
                return Error{fmt::format("{}: not ready after {} s on node {} (its task is {}: {})", what, ready,
                                         last.node_id, last.state, reason)};
        }
        pause(cluster);
    }
    return Error{what + ": the program is stopping"};
}

/// Removes everything of the run (teardown on every path): the problems met.
std::vector<std::string> tear_down(Cluster& cluster, const SwarmRun& made, const BundleOnCluster& bundle,
                                   const ProvisionLog& log);

class SwarmWorker;

class SwarmProvisioner final : public Provisioner {
public:
    SwarmProvisioner(SwarmOptions options, std::shared_ptr<Cluster> cluster)
        : m_options(std::move(options)), m_cluster(std::move(cluster))
    {
    }

    ProvisionResult start(const WorkerRequest& request, const ProvisionLog& log) override;
    void cancel() override { m_cluster->stopping = true; }

private:
    Result<BundleOnCluster> prepare(const ProvisionLog& log);
    Status make_run(const WorkerRequest& request, const BundleOnCluster& bundle,
                    const std::vector<std::string>& constraints, SwarmRun& made, const ProvisionLog& log,
                    ProvisionResult& result);
    /// The image's ID on the manager, or the reference itself (pulled by the nodes) when the manager has none.
    Result<std::string> image_id(const ContainerSpec& spec, const ProvisionLog& log);
    Result<std::string> add_service(SwarmRun& made, const ServiceSpec& spec, const ProvisionLog& log);

    SwarmOptions m_options;
    std::shared_ptr<Cluster> m_cluster;
    std::atomic<bool> m_announced{false};
    std::mutex m_bundle_mutex;
    std::optional<BundleOnCluster> m_bundle;
};

class SwarmWorker final : public WatchedWorker {
public:
    SwarmWorker(std::shared_ptr<Cluster> cluster, SwarmRun made, BundleOnCluster bundle, std::string worker_service,
                AccessData access, std::uint32_t max_duration, ProvisionLog log)
        : WatchedWorker(std::move(access), max_duration), m_cluster(std::move(cluster)), m_made(std::move(made)),
          m_bundle(std::move(bundle)), m_worker(std::move(worker_service)), m_log(std::move(log))
    {
    }
    ~SwarmWorker() override { finish(); }

private:
    /// Until the worker's task ends, the deadline, or cancel().
    void watch(std::vector<std::string>& errors) override
    {
        while (!cancelled()) {
            if (deadline_passed(errors, "services"))
                return;
            auto found = tasks(*m_cluster->client, m_worker);
            if (!found) {
                errors.push_back("the worker's task is lost: " + found.error().message);
                return;
            }
            if (found.value().empty() || found.value().front().ended()) {
                note_ended_executors(errors);
                if (found.value().empty())
                    errors.push_back("the worker's task is gone");
                else
                    note_exit(errors, found.value().front());
                return;
            }
            pause(std::chrono::milliseconds(500));
        }
    }

    void note_exit(std::vector<std::string>& errors, const Task& task)
    {
        if (task.state == "complete")
            return;
        const std::string reason = !task.error.empty() ? task.error : task.message;
        errors.push_back(fmt::format("the worker's task is {}{} ({})", task.state,
                                       task.exit_code ? fmt::format(", exit code {}", *task.exit_code) : "", reason));
    }

    /// The executors whose task ended during the run (killed from outside, out of memory, their node lost).
    void note_ended_executors(std::vector<std::string>& errors)
    {
        for (const auto& [name, id] : m_executors) {
            auto found = tasks(*m_cluster->client, id);
            if (cancelled() || !found || found.value().empty() || !found.value().front().ended())
                continue;
            const Task& task = found.value().front();
            errors.push_back(fmt::format("container {} ({}) ended during the run (its task is {}{}: {}): what ran "
                                           "in it ended with it",
                                           name, m_made.service_name(name), task.state,
                                           task.exit_code ? fmt::format(", exit code {}", *task.exit_code) : "",
                                           !task.error.empty() ? task.error : task.message));
        }
    }

    std::vector<std::string> tear_down() override
    {
        say(m_log, LogLevel::Debug, k_label, "tearing down run " + m_made.run.run_id);
        return swarm::tear_down(*m_cluster, m_made, m_bundle, m_log);
    }

public:
    std::vector<std::pair<std::string, std::string>> m_executors; // name → service id

private:
    std::shared_ptr<Cluster> m_cluster;
    SwarmRun m_made;
    BundleOnCluster m_bundle;
    std::string m_worker;
    ProvisionLog m_log;
};

ProvisionResult SwarmProvisioner::start(const WorkerRequest& request, const ProvisionLog& log)
{
    ProvisionResult result;
    if (!m_announced.exchange(true))
        say(log, LogLevel::Info, k_label,
            fmt::format("using the swarm of Docker {} at {} ({}), manager node {}", m_cluster->version.version,
                        m_cluster->client->endpoint().url(), m_cluster->client->endpoint().source,
                        m_cluster->manager_node));
    result.errors = containers::check_names(request);
    std::set<std::string> service_names;
    for (const auto& container : request.containers)
        if (!service_names.insert(SwarmRun{}.service_name(container.name)).second)
            result.errors.push_back("container " + container.name + ": another container's name differs from it "
                                    "only by `.`, `_` or `-`, which Swarm's service names cannot tell apart");
    auto constraints = constraints_of(request);
    if (!constraints)
        result.errors.push_back(constraints.error().message);
    if (m_cluster->stopping)
        result.errors.push_back("the program is stopping: no worker is provisioned");
    if (!result.errors.empty())
        return result;
    const auto bundle = prepare(log);
    if (!bundle) {
        result.errors.push_back(bundle.error().message);
        return result;
    }
    SwarmRun made{containers::new_run(request), {}, {}, {}, {}};
    const Status done = make_run(request, bundle.value(), constraints.value(), made, log, result);
    if (!done.ok()) {
        result.worker.reset();
        result.errors.push_back(done.error().message);
        for (auto& problem : tear_down(*m_cluster, made, bundle.value(), log))
            result.errors.push_back(std::move(problem));
    }
    return result;
}

Result<BundleOnCluster> SwarmProvisioner::prepare(const ProvisionLog& log)
{
    std::lock_guard lock(m_bundle_mutex);
    if (m_bundle)
        return *m_bundle;
    auto bundle = containers::make_bundle(m_options.bundle);
    if (!bundle)
        return Error{"cannot make the bundle of melodium: " + bundle.error().message};
    auto& client = *m_cluster->client;
    auto image = engine::inspect_image(client, bundle.value().reference);
    if (!image)
        return image.error();
    if (!image.value()) {
        say(log, LogLevel::Info, k_label,
            fmt::format("loading melodium's image {} into the manager ({})", bundle.value().reference,
                        m_cluster->describe()));
        auto loaded = engine::load_image(client, bundle.value().tar_path);
        if (!loaded)
            return Error{"loading melodium's image " + bundle.value().reference + ": " + loaded.error().message};
        image = engine::inspect_image(client, bundle.value().reference);
        if (!image || !image.value())
            return Error{"melodium's image " + bundle.value().reference + " is not on the manager after its load"};
    }
    m_bundle = BundleOnCluster{image.value()->id, bundle.value().reference,
                               "melodium-bundle-" + bundle.value().hash.substr(0, 12), bundle.value().hash,
                               bundle.value().command};
    say(log, LogLevel::Info, k_label,
        fmt::format("melodium's image {} ({}) must be on every node that may run work: `docker load -i {}` on each "
                    "(`melodium agent bundle` prints the archive)",
                    m_bundle->reference, m_bundle->image_id, bundle.value().tar_path));
    return *m_bundle;
}

Result<std::string> SwarmProvisioner::image_id(const ContainerSpec& spec, const ProvisionLog& log)
{
    auto image = engine::inspect_image(*m_cluster->client, spec.image);
    if (!image)
        return Error{spec.name + ": " + image.error().message};
    if (image.value())
        return image.value()->id;
    say(log, LogLevel::Warning, spec.name,
        fmt::format("image {} is not on the manager: the service names it as it is and its node pulls it (load it "
                    "on every node, `docker load -i`, when the nodes reach no registry that has it)",
                    spec.image));
    return spec.image;
}

Result<std::string> SwarmProvisioner::add_service(SwarmRun& made, const ServiceSpec& spec, const ProvisionLog& log)
{
    auto id = create_service(*m_cluster->client, spec);
    if (!id)
        return Error{spec.name + ": " + id.error().message};
    made.services.push_back(id.value());
    say(log, LogLevel::Debug, k_label, "service " + spec.name + " created from " + spec.image);
    return id;
}

Status SwarmProvisioner::make_run(const WorkerRequest& request, const BundleOnCluster& bundle,
                                  const std::vector<std::string>& constraints, SwarmRun& made,
                                  const ProvisionLog& log, ProvisionResult& result)
{
    using containers::k_agents_dir;
    auto& client = *m_cluster->client;
    const auto& run = made.run;
    std::map<std::string, std::string> images;
    for (const auto& container : request.containers) {
        if (images.count(container.image))
            continue;
        auto id = image_id(container, log);
        if (!id)
            return id.error();
        images[container.image] = id.value();
    }
    if (!request.services.empty())
        return Error{"service containers (" + request.services.front().name +
                     ", …) are not available on location \"swarm\" in this build (docs/cluster.md)"};

    auto network = create_overlay(client, run.network_name(), run.labels);
    if (!network)
        return network.error();
    made.network = network.value();

    auto identity = make_self_signed(run.own_name("worker"), "", std::chrono::hours(7 * 24));
    if (!identity)
        return Error{"the worker's TLS certificate: " + identity.error().message};
    std::vector<SecretFile> secrets;
    for (const auto& [what, data, mode] :
         {std::tuple{"worker-cert", identity.value().certificate, 0444u}, std::tuple{"worker-key", identity.value().key, 0400u}}) {
        const std::string name = run.own_name(what);
        auto id = create_secret(client, name, data, run.labels);
        if (!id)
            return id.error();
        made.secrets.push_back(id.value());
        secrets.push_back({id.value(), name, name, mode});
    }

    const engine::Labels bundle_labels{{containers::k_label_bundle, bundle.hash}};
    ServiceSpec worker;
    worker.name = made.own_service("worker");
    worker.labels = run.labels;
    worker.image = bundle.image_id;
    const std::string recv_key = stdlib::engine::random_uuid_v4();
    const std::vector<std::string> tls{contract::k_arg_certificate, k_secrets_dir + secrets[0].file,
                                       contract::k_arg_key, k_secrets_dir + secrets[1].file};
    run_bundled(worker, bundle,
                containers::worker_arguments(request, tls, recv_key, 2 * m_options.ready_timeout + 30));
    worker.env = containers::worker_environment(request, run);
    worker.secrets = secrets;
    worker.mounts.push_back({ServiceMount::Type::Volume, bundle.volume, containers::k_bundle_root, false, bundle_labels});
    worker.mounts.push_back({ServiceMount::Type::Volume, run.own_name("agents"), k_agents_dir, false, run.labels});
    for (const auto& v : request.volumes)
        worker.mounts.push_back({ServiceMount::Type::Volume, run.container_name(v.name),
                                 containers::worker_volume_dir(v.name), false, run.labels});
    worker.healthcheck = probe_health(bundle, {local::k_arg_tcp, fmt::format("127.0.0.1:{}", containers::k_worker_port)},
                                      m_options.ready_timeout);
    worker.reserve_millicores = request.cpu;
    worker.reserve_mb = request.memory;
    for (const auto& c : request.containers) {
        worker.reserve_millicores += c.cpu;
        worker.reserve_mb += c.memory;
    }
    worker.limit_millicores = request.cpu;
    worker.limit_mb = request.memory;
    worker.constraints = constraints;
    worker.network = made.network;
    worker.aliases = {"worker"};
    worker.host_ports = {containers::k_worker_port};
    auto worker_id = add_service(made, worker, log);
    if (!worker_id)
        return worker_id.error();
    auto worker_task = wait_running(*m_cluster, worker_id.value(), "the worker (service " + worker.name + ")",
                                    m_options.placement_timeout, m_options.ready_timeout);
    if (!worker_task)
        return worker_task.error();
    made.node = worker_task.value().node_id;
    auto node_info = node(client, made.node);
    if (!node_info)
        return node_info.error();
    say(log, LogLevel::Info, k_label,
        fmt::format("run {}: the worker is on node {} ({})", run.short_id, node_info.value().hostname,
                    node_info.value().address));

    std::vector<std::pair<std::string, std::string>> executors;
    for (const auto& container : request.containers) {
        ServiceSpec spec;
        spec.name = made.service_name(container.name);
        spec.labels = run.labels;
        spec.image = images[container.image];
        run_bundled(spec, bundle,
                    {local::k_agent_command, local::k_mode_serve, local::k_arg_socket,
                     containers::agent_socket(container.name)});
        spec.mounts.push_back({ServiceMount::Type::Volume, bundle.volume, containers::k_bundle_root, true, bundle_labels});
        spec.mounts.push_back({ServiceMount::Type::Volume, run.own_name("agents"), k_agents_dir, false, run.labels});
        for (const auto& mount : container.mounts)
            spec.mounts.push_back(
                {ServiceMount::Type::Volume, run.container_name(mount.name), mount.point, false, run.labels});
        spec.healthcheck = probe_health(bundle, {local::k_arg_unix, containers::agent_socket(container.name)},
                                        m_options.ready_timeout);
        spec.limit_millicores = container.cpu;
        spec.limit_mb = container.memory;
        spec.constraints = {"node.id==" + made.node};
        spec.network = made.network;
        spec.aliases = {container.name};
        auto id = add_service(made, spec, log);
        if (!id)
            return id.error();
        executors.emplace_back(container.name, id.value());
    }
    for (const auto& [name, id] : executors) {
        auto ready = wait_running(*m_cluster, id, "container " + name + " (service " + made.service_name(name) + ")",
                                  m_options.placement_timeout, m_options.ready_timeout);
        if (!ready)
            return ready.error();
    }

    const auto port = worker_task.value().published.find(containers::k_worker_port);
    if (port == worker_task.value().published.end() || port->second == 0)
        return Error{fmt::format("the worker's task on node {} publishes no port for {}", node_info.value().hostname,
                                 containers::k_worker_port)};
    say(log, LogLevel::Info, k_label,
        fmt::format("worker of run {} ready on {}:{} (TLS, its certificate pinned)", run.short_id,
                    node_info.value().address, port->second));
    AccessData access;
    access.addresses = {node_info.value().address};
    access.port = static_cast<std::uint16_t>(port->second);
    access.tls = true;
    access.pinned_certificate = identity.value().certificate;
    access.dial_retry = std::chrono::seconds(10);
    access.remote_key = recv_key;
    access.self_key = request.secret_key;
    auto worker_object = std::make_unique<SwarmWorker>(m_cluster, made, bundle, worker_id.value(), std::move(access),
                                                       request.max_duration, log);
    worker_object->m_executors = executors;
    result.worker = std::move(worker_object);
    return success();
}

/// Waits until the manager lists no task of `services` (their containers are gone from their nodes).
bool wait_tasks_gone(Cluster& cluster, const std::set<std::string>& services, std::chrono::seconds bound)
{
    const auto end = Clock::now() + bound;
    while (Clock::now() < end) {
        auto all = tasks(*cluster.client, "");
        if (all && std::none_of(all.value().begin(), all.value().end(),
                                [&](const Task& t) { return services.count(t.service_id); }))
            return true;
        std::this_thread::sleep_for(k_poll);
    }
    return false;
}

/// Retries `remove` while it fails, up to `bound` (an object still in use by containers going away).
Status retrying(const std::function<Status()>& remove, std::chrono::seconds bound)
{
    const auto end = Clock::now() + bound;
    for (;;) {
        Status removed = remove();
        if (removed.ok() || Clock::now() >= end)
            return removed;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
}

/// The run's volumes on its node: through the manager's API when the node is the manager, else by a one-shot
/// service there running the bundled `agent rm-volumes` against the node's engine socket.
void remove_volumes(Cluster& cluster, const SwarmRun& made, const BundleOnCluster& bundle,
                    std::vector<std::string>& problems)
{
    auto& client = *cluster.client;
    if (made.node == cluster.manager_node) {
        auto listed = engine::list_by_label(client, engine::ObjectKind::Volume, made.label());
        if (!listed) {
            problems.push_back("teardown: " + listed.error().message);
            return;
        }
        for (const auto& volume : listed.value())
            if (const Status removed = retrying([&] { return engine::remove_volume(client, volume.id); },
                                                std::chrono::seconds(15));
                !removed.ok())
                problems.push_back("teardown: " + removed.error().message);
        return;
    }
    auto info = node(client, made.node);
    std::string socket = k_default_node_socket;
    if (info && info.value().labels.count(k_node_socket_label))
        socket = info.value().labels.at(k_node_socket_label);
    const std::string where = info ? info.value().hostname : made.node;
    ServiceSpec janitor;
    janitor.name = made.own_service("cleanup");
    janitor.labels = made.run.labels;
    janitor.image = bundle.image_id;
    run_bundled(janitor, bundle,
                {local::k_agent_command, local::k_mode_rm_volumes, local::k_arg_label, made.label(),
                 local::k_arg_timeout, "20"});
    janitor.env = {"DOCKER_HOST=unix:///var/run/docker.sock"};
    janitor.mounts.push_back({ServiceMount::Type::Bind, socket, "/var/run/docker.sock", false, {}});
    janitor.constraints = {"node.id==" + made.node};
    auto id = create_service(client, janitor);
    if (!id) {
        problems.push_back(fmt::format("teardown: the run's volumes on node {} remain: {}", where, id.error().message));
        return;
    }
    const auto end = Clock::now() + std::chrono::seconds(60);
    std::optional<Task> last;
    while (Clock::now() < end) {
        auto found = tasks(client, id.value());
        if (found && !found.value().empty()) {
            last = found.value().front();
            if (last->ended())
                break;
        }
        std::this_thread::sleep_for(k_poll);
    }
    if (!last || last->state != "complete")
        problems.push_back(fmt::format(
            "teardown: the run's volumes on node {} may remain: the cleanup service on it (bind of {}, the node "
            "label {} names another socket) is {}{}: {}",
            where, socket, k_node_socket_label, last ? last->state : "not started",
            last && last->exit_code ? fmt::format(", exit code {}", *last->exit_code) : "",
            last ? (!last->error.empty() ? last->error : last->message) : "no task"));
    if (const Status removed = remove_service(client, id.value()); !removed.ok())
        problems.push_back("teardown: " + removed.error().message);
    wait_tasks_gone(cluster, {id.value()}, std::chrono::seconds(30));
}

std::vector<std::string> tear_down(Cluster& cluster, const SwarmRun& made, const BundleOnCluster& bundle,
                                   const ProvisionLog& log)
{
    auto& client = *cluster.client;
    std::vector<std::string> problems;
    std::set<std::string> services(made.services.begin(), made.services.end());
    if (auto listed = services_by_label(client, made.label()))
        services.insert(listed.value().begin(), listed.value().end());
    else
        problems.push_back("teardown: " + listed.error().message);
    for (const auto& id : services)
        if (const Status removed = remove_service(client, id); !removed.ok())
            problems.push_back("teardown: " + removed.error().message);
    if (!wait_tasks_gone(cluster, services, std::chrono::seconds(30)))
        problems.push_back("teardown: the tasks of run " + made.run.run_id + " were still listed after 30 s");
    std::set<std::string> secrets(made.secrets.begin(), made.secrets.end());
    if (auto listed = secrets_by_label(client, made.label()))
        secrets.insert(listed.value().begin(), listed.value().end());
    for (const auto& id : secrets)
        if (const Status removed = remove_secret(client, id); !removed.ok())
            problems.push_back("teardown: " + removed.error().message);
    std::set<std::string> networks;
    if (!made.network.empty())
        networks.insert(made.network);
    if (auto listed = engine::list_by_label(client, engine::ObjectKind::Network, made.label()))
        for (const auto& n : listed.value())
            networks.insert(n.id);
    for (const auto& id : networks)
        if (const Status removed = retrying([&] { return engine::remove_network(client, id); }, std::chrono::seconds(15));
            !removed.ok())
            problems.push_back("teardown: " + removed.error().message);
    if (!made.node.empty())
        remove_volumes(cluster, made, bundle, problems);
    say(log, LogLevel::Debug, k_label, "run " + made.run.run_id + " torn down");
    return problems;
}

} // namespace

Result<std::unique_ptr<Provisioner>> make_swarm_provisioner(SwarmOptions options)
{
    const engine::Environment environment =
        options.environment.empty() ? engine::process_environment() : options.environment;
    auto endpoint = engine::discover(engine::Flavour::Docker, environment);
    if (!endpoint)
        return endpoint.error();
    if (endpoint.value().transport == engine::Transport::Tcp && !endpoint.value().tls)
        return Error{fmt::format("location \"swarm\": {} is reached without TLS: each run's keys would cross the "
                                 "network in clear. Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH for a manager "
                                 "serving TLS (dockerd --tlsverify), or run melodium on the manager's machine",
                                 endpoint.value().describe())};
    auto cluster = std::make_shared<Cluster>();
    cluster->client = std::make_unique<engine::EngineClient>(endpoint.value());
    auto version = cluster->client->version();
    if (!version)
        return Error{"location \"swarm\": the engine does not answer: " + version.error().message};
    cluster->version = version.value();
    auto info = swarm_info(*cluster->client);
    if (!info)
        return Error{"location \"swarm\": " + info.error().message};
    if (!info.value().manager)
        return Error{fmt::format(
            "location \"swarm\": {} is not a manager of a swarm (its swarm state: {}{}): point DOCKER_HOST at a "
            "manager's engine (`docker node ls` works there), or make this engine one (`docker swarm init`)",
            cluster->describe(), info.value().local_state.empty() ? "none" : info.value().local_state,
            info.value().error.empty() ? "" : ", " + info.value().error)};
    cluster->manager_node = info.value().node_id;
    return std::unique_ptr<Provisioner>(std::make_unique<SwarmProvisioner>(std::move(options), std::move(cluster)));
}

} // namespace mel::packages::work::swarm
