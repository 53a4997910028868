// work/distant — reference: libs/work-mel/src/distant.rs (packages.md §1.3, §2; DESIGN §6).
//
// `DistantEngine` picks a Provisioner by `location` when a request starts: `local` is the embedded provisioner
// (packages/work/local/); `compose`, `docker` and `podman` the container provisioner (packages/work/containers/,
// on a Docker or Podman engine); `swarm` the swarm provisioner (packages/work/swarm/, on a Docker Swarm); `api` without an API URL (parameter or MELODIUM_API_URL) runs on the location
// MELODIUM_LOCATION names (`local` when unset), saying so once; `api` with a URL and `kubernetes` fail the
// request with "not available in this build"; anything else is the reference's "not a recognized distant
// execution location".
//
// A provisioned worker is waited for on a thread of its own (not the blocking pool: a worker lives as long as
// its CI step), and cancelled when the program is interrupted or ends. Both provisioners wait for services
// MELODIUM_SERVICE_READY_TIMEOUT seconds (ready_timeout.h).

#include <atomic>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "packages/work/access.h"
#include "packages/work/containers/provisioner.h"
#include "packages/work/local/local_provisioner.h"
#include "packages/work/provisioner.h"
#include "packages/work/ready_timeout.h"
#include "packages/work/register.h"
#include "packages/work/specs.h"
#include "packages/work/swarm/provisioner.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"
#include "stdlib/engine/ids.h"

namespace mel::packages::work {

namespace {

constexpr const char* k_default_api_url = "https://api.melodium.tech/0.1";
/// Where `api` without an API URL runs (a location's name; `local` when unset).
constexpr const char* k_location_variable = "MELODIUM_LOCATION";

std::optional<std::string> env(const char* name)
{
    const char* v = std::getenv(name);
    if (!v || !*v)
        return std::nullopt;
    return std::string(v);
}

std::optional<std::string> optional_string(const Value& v)
{
    if (v.is_some())
        return v.option_value().as_string();
    return std::nullopt;
}

/// A provisioner of an engine (the container or the swarm provisioner), found and checked (the engine pinged)
/// when a request starts, on the thread that provisions and not on the engine's; an engine that was not found
/// or did not answer is tried again by the next request.
class LazyProvisioner final : public Provisioner {
public:
    using Make = std::function<Result<std::unique_ptr<Provisioner>>(unsigned service_ready_timeout,
                                                                    std::optional<std::string> binary)>;
    explicit LazyProvisioner(Make make) : m_make(std::move(make)) {}

    ProvisionResult start(const WorkerRequest& request, const ProvisionLog& log) override
    {
        Provisioner* provisioner = nullptr;
        {
            std::lock_guard lock(m_mutex);
            if (!m_made) {
                const auto timeout = service_ready_timeout_from_environment();
                if (!timeout)
                    return ProvisionResult{nullptr, {timeout.error().message}};
                // The binary workers run, as for the local provisioner: the bundle is made of it.
                auto made = m_make(timeout.value(), env("MELODIUM_WORKER_BINARY"));
                if (!made)
                    return ProvisionResult{nullptr, {made.error().message}};
                m_made = std::move(made).value();
                if (m_cancelled)
                    m_made->cancel();
            }
            provisioner = m_made.get();
        }
        return provisioner->start(request, log);
    }

    void cancel() override
    {
        std::lock_guard lock(m_mutex); // after a start() that is making the provisioner (a bounded ping)
        m_cancelled = true;
        if (m_made)
            m_made->cancel();
    }

private:
    Make m_make;
    std::mutex m_mutex;
    std::unique_ptr<Provisioner> m_made;
    bool m_cancelled = false;
};

Result<std::unique_ptr<Provisioner>> make_containers(const std::string& location, unsigned service_ready_timeout,
                                                     std::optional<std::string> binary)
{
    containers::ContainerOptions options{.location = location, .service_ready_timeout = service_ready_timeout};
    options.bundle.binary = std::move(binary);
    return containers::make_container_provisioner(std::move(options));
}

Result<std::unique_ptr<Provisioner>> make_swarm(unsigned, std::optional<std::string> binary)
{
    swarm::SwarmOptions options;
    options.bundle.binary = std::move(binary);
    auto placement = parse_timeout_variable(swarm::k_env_placement_timeout,
                                            std::getenv(swarm::k_env_placement_timeout),
                                            swarm::k_default_placement_timeout);
    if (!placement)
        return placement.error();
    options.placement_timeout = placement.value();
    return swarm::make_swarm_provisioner(std::move(options));
}

class DistantEngineObject final : public engine::ModelObject {
public:
    explicit DistantEngineObject(engine::Model& model)
        : m_location(model.param("location").as_string()), m_api_url(optional_string(model.param("api_url")))
    {
        if (!m_api_url)
            m_api_url = env("MELODIUM_API_URL");
    }

    /// The provisioner for a new request, or the reason there is none.
    Result<Provisioner*> provisioner(const engine::Model& model)
    {
        if (m_location == "api") {
            if (m_api_url)
                return Error("location \"api\" (" + *m_api_url +
                             "): the Mélodium API client is not available in this build; use location \"local\" "
                             "or unset MELODIUM_API_URL to run on this machine");
            const std::string instead = env(k_location_variable).value_or("local");
            if (!m_noted.exchange(true))
                model.log(engine::LogLevel::Info, "distant",
                          instead == "local"
                              ? std::string("no API URL configured (api_url or MELODIUM_API_URL): workers run on "
                                            "this machine (location \"local\")")
                              : "no API URL configured (api_url or MELODIUM_API_URL): workers run on location \"" +
                                    instead + "\" (" + k_location_variable + ")");
            if (instead == "api")
                return Error(std::string(k_location_variable) + "=api: name the location workers run on instead");
            return by_location(instead);
        }
        return by_location(m_location);
    }

    /// Whether the program is stopping (interrupted, or ending): no new worker is provisioned then.
    bool cancelled()
    {
        std::lock_guard lock(m_mutex);
        return m_cancelled;
    }

    /// Keeps `worker` to cancel it when the program is interrupted or ends.
    void adopt(const std::shared_ptr<ProvisionedWorker>& worker)
    {
        std::lock_guard lock(m_mutex);
        m_workers.push_back(worker);
        if (m_cancelled)
            worker->cancel();
    }

    /// `worker` has ended and is torn down: nothing to cancel any more.
    void forget(const std::shared_ptr<ProvisionedWorker>& worker)
    {
        std::lock_guard lock(m_mutex);
        std::erase(m_workers, worker);
    }

    /// Runs `job` on a thread of its own; `resume` is called from it at the end.
    void run_thread(std::function<void()> job)
    {
        std::lock_guard lock(m_mutex);
        m_threads.emplace_back(std::move(job));
    }

    void stop(engine::Model&) override { cancel_all(); }

    void shutdown(engine::Model&) override
    {
        cancel_all();
        std::vector<std::thread> threads;
        {
            std::lock_guard lock(m_mutex);
            threads.swap(m_threads);
        }
        for (auto& t : threads)
            t.join();
    }

    ~DistantEngineObject() override
    {
        cancel_all();
        for (auto& t : m_threads)
            if (t.joinable())
                t.join();
    }

private:
    Result<Provisioner*> by_location(const std::string& location)
    {
        if (location == "local")
            return local();
        if (location == "compose" || location == "podman" || location == "docker")
            return engine_provisioner(location, [location](unsigned timeout, std::optional<std::string> binary) {
                return make_containers(location, timeout, std::move(binary));
            });
        if (location == "swarm")
            return engine_provisioner(location, make_swarm);
        if (location == "kubernetes")
            return Error("location \"" + location + "\" is not available in this build; use \"local\"");
        return Error("\"" + location + "\" is not a recognized distant execution location");
    }

    /// The provisioner of `location` on an engine (made on the first request's thread: see LazyProvisioner).
    Result<Provisioner*> engine_provisioner(const std::string& location, LazyProvisioner::Make make)
    {
        std::lock_guard lock(m_mutex);
        auto& made = m_containers[location];
        if (!made)
            made = std::make_unique<LazyProvisioner>(std::move(make));
        return made.get();
    }

    Result<Provisioner*> local()
    {
        std::lock_guard lock(m_mutex);
        if (!m_local) {
            const auto timeout = service_ready_timeout_from_environment();
            if (!timeout)
                return timeout.error();
            m_local = local::make_local_provisioner(local::LocalOptions{.service_ready_timeout = timeout.value()});
        }
        return m_local.get();
    }

    void cancel_all()
    {
        std::vector<std::shared_ptr<ProvisionedWorker>> workers;
        std::vector<Provisioner*> provisioners;
        {
            std::lock_guard lock(m_mutex);
            m_cancelled = true;
            workers = m_workers;
            if (m_local)
                provisioners.push_back(m_local.get());
            for (auto& [location, made] : m_containers)
                provisioners.push_back(made.get());
        }
        for (auto* p : provisioners)
            p->cancel(); // a start() in progress ends soon; its worker, if any, is cancelled when adopted
        for (auto& w : workers)
            w->cancel();
    }

    std::string m_location;
    std::optional<std::string> m_api_url;
    std::atomic<bool> m_noted{false};
    std::mutex m_mutex;
    std::unique_ptr<Provisioner> m_local;
    std::map<std::string, std::unique_ptr<Provisioner>> m_containers;
    std::vector<std::shared_ptr<ProvisionedWorker>> m_workers;
    std::vector<std::thread> m_threads;
    bool m_cancelled = false;
};

/// Runs `f()` on a thread of the model's and resumes with its result. `f` must not own what it captures (GCC 12
/// may destroy a coroutine's lambda parameter twice).
template<class F> engine::Task<std::invoke_result_t<F&>> on_thread(DistantEngineObject& object, F f)
{
    using R = std::invoke_result_t<F&>;
    std::optional<R> result;
    std::exception_ptr error;
    co_await engine::wait_external([&](engine::Resumer resume) {
        auto shared = std::make_shared<engine::Resumer>(std::move(resume));
        object.run_thread([&, shared] {
            try {
                result.emplace(f());
            } catch (...) {
                error = std::current_exception();
            }
            (*shared)();
        });
    });
    if (error)
        std::rethrow_exception(error);
    co_return std::move(*result);
}

engine::Task<> send_errors(engine::Output& errors, const std::vector<std::string>& messages)
{
    for (const auto& m : messages) {
        const bool sent = co_await errors.send_one(Value::string(m));
        if (!sent)
            break;
    }
}

WorkerRequest request_of(engine::TreatmentContext& ctx)
{
    WorkerRequest r;
    r.max_duration = ctx.param("max_duration").as_u32();
    r.memory = ctx.param("memory").as_u32();
    r.cpu = ctx.param("cpu").as_u32();
    r.storage = ctx.param("storage").as_u32();
    r.edition = optional_string(ctx.param("edition")).value_or("scratch");
    if (const Value& arch = ctx.param("arch"); arch.is_some())
        if (const std::string* name = ArchData::from(arch.option_value()))
            r.arch = *name;
    r.volumes = volumes_of(ctx.param("volumes"));
    r.containers = containers_of(ctx.param("containers"));
    r.services = services_of(ctx.param("service_containers"));
    r.tags = tags_of(ctx.param("tags"));
    r.secret_key = stdlib::engine::random_uuid_v4();
    r.group_id = stdlib::engine::group_id();
    r.parent_run_id = stdlib::engine::run_id();
    return r;
}

engine::Task<> distant_body(engine::TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& access = ctx.output("access");
    auto& failed = ctx.output("failed");
    auto& errors = ctx.output("errors");
    const auto triggered = co_await trigger.recv_one();
    if (!triggered)
        co_return;

    engine::Model& model = ctx.model("distant_engine");
    auto& object = model.object<DistantEngineObject>();
    if (object.cancelled() || engine::this_fiber().world.stopping()) {
        co_await failed.send_one(Value());
        co_await errors.send_one(Value::string("the program is stopping: no worker is provisioned"));
        co_return;
    }
    const WorkerRequest request = request_of(ctx);
    auto provisioner = object.provisioner(model);
    if (!provisioner) {
        co_await failed.send_one(Value());
        co_await errors.send_one(Value::string(provisioner.error().message));
        co_return;
    }
    ProvisionLog log = [&model](engine::LogLevel level, const std::string& label, const std::string& message) {
        model.log(level, label, message);
    };
    Provisioner* p = provisioner.value();
    auto result = co_await on_thread(object, [p, &request, &log] { return p->start(request, log); });
    if (!result.worker) {
        co_await failed.send_one(Value());
        co_await send_errors(errors, result.errors);
        co_return;
    }
    std::shared_ptr<ProvisionedWorker> worker = std::move(result.worker);
    object.adopt(worker);
    co_await send_errors(errors, result.errors);
    co_await access.send_one(Access::make(worker->access()));
    co_await access.close();
    co_await failed.close();
    // The worker's end (and its non-fatal errors: a non-zero exit, the deadline, teardown problems).
    // No owning capture in a lambda given to a coroutine: GCC 12 may release it twice.
    ProvisionedWorker* running = worker.get();
    auto notes = co_await on_thread(object, [running] { return running->wait(); });
    object.forget(worker);
    co_await send_errors(errors, notes);
}

} // namespace

void register_distant(Registry& registry)
{
    auto area = registry.area("work/distant");
    area.model("DistantEngine")
        .param("location", "string", Value::string("api"))
        .param("api_url", "Option<string>", Value::none())
        .param("api_token", "Option<string>", Value::none())
        .doc("Provisions distant worker engines and gives access to them.\n\n"
             "`location` says where workers run: `local` runs each worker on this machine, in a pod of its own "
             "(Linux namespaces: its own network with its services, an overlay of this machine's filesystem that "
             "steps cannot change through, its volumes), torn down at the end. `api` (the default) uses the "
             "Mélodium API at `api_url` (or `MELODIUM_API_URL`) with `api_token` (or `MELODIUM_API_TOKEN`); "
             "with no API URL configured it runs on the location `MELODIUM_LOCATION` names (`local` when unset), "
             "as this build has no API client. `docker`, `podman` and `compose` (either engine) run each worker "
             "and its containers on a Docker or Podman engine (`DOCKER_HOST`, `CONTAINER_HOST`, or the default "
             "sockets), from the images they name. `kubernetes` is not available in this build. Services may take "
             "`MELODIUM_SERVICE_READY_TIMEOUT` seconds to become ready (default 60), on every location.")
        .implementation(engine::make_model<DistantEngineObject>());

    area.treatment("distant")
        .model("distant_engine", "DistantEngine")
        .param("max_duration", "u32")
        .param("memory", "u32")
        .param("cpu", "u32")
        .param("storage", "u32")
        .param("edition", "Option<string>")
        .param("arch", "Option<Arch>")
        .param("volumes", "Vec<Volume>")
        .param("containers", "Vec<Container>")
        .param("service_containers", "Vec<ServiceContainer>")
        .param("tags", "Vec<string>")
        .input("trigger", "Block<void>")
        .output("access", "Block<Access>")
        .output("failed", "Block<void>")
        .output("errors", "Stream<string>")
        .doc("Requests a worker when `trigger` arrives.\n\n"
             "When it runs, `access` gives the way to reach it (for `distrib::start`); the worker lives "
             "`max_duration` seconds at most. Non-fatal problems are streamed on `errors`, also after the worker "
             "ended. When no worker can be provided, `failed` is emitted and the reasons are streamed on "
             "`errors`.")
        .implementation(engine::make_treatment(distant_body));

    area.function("default_api_url")
        .returns("string")
        .doc("The Mélodium API URL: `MELODIUM_API_URL`, or the reference's default service address.")
        .body([](std::span<const Type>, std::span<const Value>) -> Result<Value> {
            return Value::string(env("MELODIUM_API_URL").value_or(k_default_api_url));
        });
}

} // namespace mel::packages::work
