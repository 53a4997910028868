// The container provisioner (provisioner.h): checks a request, prepares the engine once (the bundle of
// melodium, run.h), then makes the run's objects in order — network, volumes, services (ready), executors
// (ready), the worker (listening) — and tears down whatever was made when a step fails.

#include "packages/work/containers/provisioner.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "packages/work/containers/run.h"
#include "packages/work/containers/sweep.h"
#include "packages/work/containers/worker_link.h"
#include "packages/work/local/helpers.h"
#include "packages/work/worker_contract.h"
#include "stdlib/engine/ids.h"

namespace mel::packages::work::containers {

namespace {

using mel::engine::LogLevel;

/// The request's own `arch` must be the engine's. A container's `arch` is not: the cicd steps ask for arm64
/// whenever their user gives none (the reference's default), so a difference is only logged (arch_notes), and
/// what is refused is an image built for another architecture (check_image).
std::vector<std::string> check_request(const WorkerRequest& request, const std::string& engine_arch)
{
    std::vector<std::string> errors = check_names(request);
    if (request.arch && !request.arch->empty() && *request.arch != engine_arch)
        errors.push_back(fmt::format("the worker asks for arch {}; the engine runs {} only", *request.arch,
                                     engine_arch));
    return errors;
}

void arch_notes(const WorkerRequest& request, const std::string& engine_arch, const ProvisionLog& log);
Status check_image(const ContainerSpec& spec, const engine::ImageInfo& image, const std::string& engine_arch);

class ContainerProvisioner final : public Provisioner {
public:
    ContainerProvisioner(ContainerOptions options, std::shared_ptr<EngineContext> engine, WorkerLink link)
        : m_options(std::move(options)), m_engine(std::move(engine)), m_link(std::move(link))
    {
    }

    ProvisionResult start(const WorkerRequest& request, const ProvisionLog& log) override
    {
        ProvisionResult result;
        if (!m_announced.exchange(true))
            say(log, LogLevel::Info, "containers",
                fmt::format("using {} at {} ({})", m_engine->name(), m_engine->client->endpoint().url(),
                            m_engine->client->endpoint().source));
        if (!m_swept.exchange(true))
            sweep_on_start(*m_engine->client, log); // what killed dispatchers of this host left (sweep.h)
        result.errors = check_request(request, m_engine->version.arch);
        if (m_engine->stopping)
            result.errors.push_back("the program is stopping: no worker is provisioned");
        if (!result.errors.empty())
            return result;
        arch_notes(request, m_engine->version.arch, log);
        const auto bundle = prepare(log);
        if (!bundle) {
            result.errors.push_back(bundle.error().message);
            return result;
        }
        RunObjects run = new_run(request);
        const Status made = make_run(request, bundle.value(), run, log, result);
        if (!made.ok()) {
            result.worker.reset();
            result.errors.push_back(made.error().message);
            for (auto& problem : tear_down(*m_engine->client, run))
                result.errors.push_back(std::move(problem));
        }
        return result;
    }

    void cancel() override { m_engine->stopping = true; }

private:
    /// The bundle on the engine, made and checked once per provisioner.
    Result<BundleOnEngine> prepare(const ProvisionLog& log)
    {
        std::lock_guard lock(m_bundle_mutex);
        if (m_bundle)
            return *m_bundle;
        auto bundle = make_bundle(m_options.bundle);
        if (!bundle)
            return Error{"cannot make the bundle of melodium: " + bundle.error().message};
        auto on_engine = ensure_bundle(*m_engine, bundle.value(), log);
        if (!on_engine)
            return on_engine.error();
        m_bundle = on_engine.value();
        return *m_bundle;
    }

    Status make_run(const WorkerRequest& request, const BundleOnEngine& bundle, RunObjects& run,
                    const ProvisionLog& log, ProvisionResult& result)
    {
        using Clock = std::chrono::steady_clock;
        const auto began = Clock::now();
        auto& client = *m_engine->client;
        std::map<std::string, engine::ImageInfo> images;
        for (const ContainerSpec* spec : specs(request)) {
            if (images.count(spec->image))
                continue;
            auto image = ensure_image(*m_engine, *spec, log);
            if (!image)
                return image.error();
            if (const Status runs = check_image(*spec, image.value(), m_engine->version.arch); !runs.ok())
                return runs;
            images.emplace(spec->image, std::move(image).value());
        }
        const auto imaged = Clock::now();
        auto network = engine::create_network(client, run.network_name(), run.labels);
        if (!network)
            return network.error();
        run.network = network.value();
        for (const auto& volume : request.volumes)
            if (const Status made = add_volume(run, run.container_name(volume.name)); !made.ok())
                return made;
        if (const Status made = add_volume(run, run.own_name("agents")); !made.ok())
            return made;

        std::vector<std::pair<const ServiceSpec*, std::string>> services;
        for (const auto& service : request.services) {
            auto config = base_config(run, service);
            for (const auto& [key, value] : service.env)
                config.env.push_back(key + "=" + value);
            config.cmd = service.command;
            auto id = add_container(run, config, service.name, log);
            if (!id)
                return id.error();
            services.emplace_back(&service, id.value());
        }
        // Every container starts before any is waited for: the executors' agents and the worker start while the
        // services get ready (Postgres takes seconds). Nothing reaches the dispatcher before all are ready.
        std::vector<std::string> service_hosts; // in the executors' /etc/hosts (run.h: service_host)
        for (const auto& [service, id] : services) {
            auto host = service_host(*m_engine, run, service->name, id);
            if (!host) {
                // A service that has already exited has no address: its readiness says why, with its last lines.
                const Status ready = wait_service(*m_engine, run, bundle, service->name, id,
                                                  images[service->image], m_options.service_ready_timeout);
                return ready.ok() ? Status(host.error()) : ready;
            }
            service_hosts.push_back(std::move(host).value());
        }

        std::vector<std::pair<std::string, std::string>> executors;
        for (const auto& container : request.containers) {
            auto config = base_config(run, container);
            config.entrypoint = bundle.command;
            for (const std::string& word : {std::string(local::k_agent_command), std::string(local::k_mode_serve),
                                            std::string(local::k_arg_socket), agent_socket(container.name)})
                config.entrypoint->push_back(word);
            config.cmd = std::vector<std::string>{};
            config.extra_hosts = service_hosts;
            config.mounts.insert(config.mounts.begin(), {{bundle.volume, k_bundle_root, true},
                                                         {run.own_name("agents"), k_agents_dir}});
            auto id = add_container(run, config, container.name, log);
            if (!id)
                return id.error();
            executors.emplace_back(container.name, id.value());
        }

        const std::string recv_key = stdlib::engine::random_uuid_v4();
        auto identity = worker_identity(m_link, run.own_name("worker"));
        if (!identity)
            return identity.error();
        std::function<Status(const std::string&)> install;
        if (identity.value())
            install = [&](const std::string& id) {
                return install_identity(*m_engine->client, id, *identity.value());
            };
        auto worker = add_container(run, worker_config(request, bundle, run, recv_key, identity.value()),
                                    "worker", log, install);
        if (!worker)
            return worker.error();
        const auto started = Clock::now();

        for (const auto& [service, id] : services) {
            if (const Status ready = wait_service(*m_engine, run, bundle, service->name, id, images[service->image],
                                                  m_options.service_ready_timeout);
                !ready.ok())
                return ready;
            say(log, LogLevel::Info, service->name, "service ready");
        }
        for (const auto& [name, id] : executors)
            if (const Status ready = wait_executor(*m_engine, bundle, name, id, m_options.ready_timeout); !ready.ok())
                return ready;
        auto port = wait_worker(*m_engine, worker.value(), m_options.ready_timeout);
        if (!port)
            return port.error();
        say(log, LogLevel::Info, "containers",
            fmt::format("worker of run {} ready on {}:{}{}", run.short_id, m_link.addresses.front(),
                        port.value(), m_link.tls ? " (TLS, its certificate pinned)" : ""));
        const auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
        say(log, LogLevel::Debug, "containers",
            fmt::format("run {} provisioned in {:.2f} s: images {:.2f} s, network, volumes and containers started "
                        "{:.2f} s, ready {:.2f} s",
                        run.short_id, seconds(Clock::now() - began), seconds(imaged - began),
                        seconds(started - imaged), seconds(Clock::now() - started)));

        AccessData access;
        access.addresses = m_link.addresses;
        access.port = static_cast<std::uint16_t>(port.value());
        access.tls = m_link.tls;
        if (identity.value())
            access.pinned_certificate = identity.value()->certificate;
        // The worker listens (its log says so), but Podman's forwarding of the published port has been seen to
        // refuse a connection made at once (integration/container_steps, once in CI).
        access.dial_retry = std::chrono::seconds(5);
        access.remote_key = recv_key;
        access.self_key = request.secret_key;
        result.worker = make_worker(m_engine, run, worker.value(), std::move(access), request.max_duration, log);
        return success();
    }

    static std::vector<const ContainerSpec*> specs(const WorkerRequest& request)
    {
        std::vector<const ContainerSpec*> all;
        for (const auto& service : request.services)
            all.push_back(&service);
        for (const auto& container : request.containers)
            all.push_back(&container);
        return all;
    }

    Status add_volume(RunObjects& run, const std::string& name)
    {
        auto made = engine::create_volume(*m_engine->client, name, run.labels);
        if (!made)
            return made.error();
        run.volumes.push_back(name);
        return success();
    }

    /// What executors and services share: name, image, network alias, limits, the request's volumes.
    engine::ContainerConfig base_config(const RunObjects& run, const ContainerSpec& spec) const
    {
        engine::ContainerConfig config;
        config.name = run.container_name(spec.name);
        config.image = spec.image;
        config.labels = run.labels;
        config.network = run.network_name();
        config.aliases = {spec.name};
        config.cpu_millicores = spec.cpu;
        config.memory_mb = spec.memory;
        config.ulimits = m_engine->ulimits();
        for (const auto& mount : spec.mounts)
            config.mounts.push_back({run.container_name(mount.name), mount.point});
        return config;
    }

    /// Creates and starts the container; `before_start` (when given) prepares it once created.
    Result<std::string> add_container(RunObjects& run, const engine::ContainerConfig& config,
                                      const std::string& label, const ProvisionLog& log,
                                      const std::function<Status(const std::string&)>& before_start = {})
    {
        auto id = engine::create_container(*m_engine->client, config);
        if (!id)
            return Error{label + ": " + id.error().message};
        run.containers.push_back(id.value());
        if (const Status prepared = before_start ? before_start(id.value()) : success(); !prepared.ok())
            return Error{label + ": " + prepared.error().message};
        if (const Status started = engine::start_container(*m_engine->client, id.value()); !started.ok())
            return Error{label + ": " + started.error().message};
        say(log, LogLevel::Debug, label, "container " + config.name + " started from " + config.image);
        return id;
    }

    /// The worker (worker_contract.h): `dist` listening on the container's port (TLS as worker_link.h says),
    /// its environment.
    engine::ContainerConfig worker_config(const WorkerRequest& request, const BundleOnEngine& bundle,
                                          const RunObjects& run, const std::string& recv_key,
                                          const std::optional<TlsIdentity>& identity) const
    {
        engine::ContainerConfig config;
        config.name = run.own_name("worker");
        config.image = bundle.image;
        // The worker starts before the services and executors are waited for (make_run): it waits for the
        // dispatcher as long as they may take, and 30 s more.
        config.cmd = worker_arguments(request, tls_arguments(identity), recv_key,
                                      m_options.service_ready_timeout + m_options.ready_timeout + 30);
        config.labels = run.labels;
        config.network = run.network_name();
        config.published_ports = {std::to_string(k_worker_port) + "/tcp"};
        config.publish_address = m_link.publish_address;
        config.cpu_millicores = request.cpu;
        config.memory_mb = request.memory;
        config.ulimits = m_engine->ulimits();
        config.mounts.push_back({run.own_name("agents"), k_agents_dir});
        config.env = worker_environment(request, run);
        for (const auto& v : request.volumes)
            config.mounts.push_back({run.container_name(v.name), worker_volume_dir(v.name)});
        return config;
    }

    ContainerOptions m_options;
    std::shared_ptr<EngineContext> m_engine;
    WorkerLink m_link;
    std::atomic<bool> m_announced{false};
    std::atomic<bool> m_swept{false};
    std::mutex m_bundle_mutex;
    std::optional<BundleOnEngine> m_bundle;
};

void arch_notes(const WorkerRequest& request, const std::string& engine_arch, const ProvisionLog& log)
{
    for (const auto& c : request.containers)
        if (!c.arch.empty() && c.arch != engine_arch)
            say(log, LogLevel::Warning, c.name,
                fmt::format("asks for arch {}; the engine runs {}: the container runs on {}", c.arch, engine_arch,
                            engine_arch));
}

Status check_image(const ContainerSpec& spec, const engine::ImageInfo& image, const std::string& engine_arch)
{
    if (image.architecture.empty() || image.architecture == engine_arch)
        return success();
    return Error{fmt::format("{}: image {} is built for {}; the engine runs {} only", spec.name, spec.image,
                             image.architecture, engine_arch)};
}

} // namespace

Result<std::unique_ptr<Provisioner>> make_container_provisioner(ContainerOptions options)
{
    auto flavour = engine::flavour_of(options.location);
    if (!flavour)
        return flavour.error();
    const engine::Environment environment =
        options.environment.empty() ? engine::process_environment() : options.environment;
    auto endpoint = engine::discover(flavour.value(), environment);
    if (!endpoint)
        return endpoint.error();
    auto link = plan_worker_link(endpoint.value(), options.location);
    if (!link)
        return link.error();
    auto context = std::make_shared<EngineContext>();
    context->client = std::make_unique<engine::EngineClient>(endpoint.value());
    auto version = context->client->version();
    if (!version)
        return Error{"location \"" + options.location + "\": the engine does not answer: " + version.error().message};
    context->version = version.value();
    return std::unique_ptr<Provisioner>(std::make_unique<ContainerProvisioner>(
        std::move(options), std::move(context), std::move(link).value()));
}

} // namespace mel::packages::work::containers
