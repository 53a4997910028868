// work/resources — reference: libs/work-mel/src/resources/mod.rs, container.rs (packages.md §1.3, §2.5,
// §6.3). The worker-side resolution of executors and filesystems by name, through the worker environment
// contract (worker_contract.h): the executor kind says what runs commands; the executor containers' list and
// per-container variables say where each one is; the volumes' list and per-volume variables give each
// volume's directory.
//
// Executors: a none name is this machine. A named one exists in `local-ns` workers (our local provisioner: the
// value is the socket of the container's exec agent). `podman`/`docker` (the reference's compose workers) and
// the Kubernetes executor are not available in this build and say so.

#include <cstdlib>
#include <string>

#include "packages/fs/filesystem.h"
#include "packages/process/exec.h"
#include "packages/process/local.h"
#include "packages/work/local/agent_client.h"
#include "packages/work/register.h"
#include "packages/work/worker_contract.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::work {

namespace {

std::string env_or_empty(const std::string& name)
{
    const char* v = std::getenv(name.c_str());
    return v ? v : "";
}

/// Where container `name` runs (the agent socket of a local-ns worker), or the reference's error.
Result<std::string> container_location(const std::string& name)
{
    if (!contract::listed(env_or_empty(contract::k_env_containers), name))
        return Error("No container '" + name + "' listed as available");
    std::string where = env_or_empty(contract::container_variable(name));
    if (where.empty())
        return Error("No container '" + name + "' available");
    return where;
}

Result<Value> executor_named(const std::string& name)
{
    const std::string kind = env_or_empty(contract::k_env_executor);
    if (kind == contract::k_executor_local_ns) {
        auto where = container_location(name);
        if (!where)
            return where.error();
        return process::Executor::make(local::agent_executor_engine(where.value()));
    }
    if (kind == contract::k_executor_podman || kind == contract::k_executor_docker) {
        auto where = container_location(name);
        if (!where)
            return where.error();
        return Error("Executor '" + kind + "' (container '" + name + "') is not available in this build");
    }
    return Error("Executor name not set");
}

Result<Value> filesystem_named(const std::string& name)
{
    if (!contract::listed(env_or_empty(contract::k_env_volumes), name))
        return Error("No volume '" + name + "' listed as available");
    std::string path = env_or_empty(contract::volume_variable(name));
    if (path.empty())
        return Error("No volume '" + name + "' available");
    return fs::FileSystem::make(std::move(path));
}

engine::Task<> get_executor_body(engine::TreatmentContext& ctx)
{
    auto& name = ctx.input("name");
    auto& executor = ctx.output("executor");
    auto& error = ctx.output("error");
    auto& failed = ctx.output("failed");
    const auto given = co_await name.recv_one();
    if (!given)
        co_return;
    if (given->is_none()) {
        co_await executor.send_one(process::Executor::make(process::local_executor_engine()));
        co_return;
    }
    auto found = executor_named(given->option_value().as_string());
    if (found) {
        co_await executor.send_one(std::move(found.value()));
        co_return;
    }
    co_await failed.send_one(Value());
    co_await error.send_one(Value::string(found.error().message));
}

engine::Task<> get_filesystem_body(engine::TreatmentContext& ctx)
{
    auto& name = ctx.input("name");
    auto& filesystem = ctx.output("filesystem");
    auto& error = ctx.output("error");
    auto& failed = ctx.output("failed");
    const auto given = co_await name.recv_one();
    if (!given)
        co_return;
    auto found = filesystem_named(given->as_string());
    if (found) {
        co_await filesystem.send_one(std::move(found.value()));
        co_return;
    }
    co_await failed.send_one(Value());
    co_await error.send_one(Value::string(found.error().message));
}

} // namespace

void register_resources(Registry& registry)
{
    auto area = registry.area("work/resources");
    area.treatment("getExecutor")
        .input("name", "Block<Option<string>>")
        .output("executor", "Block<Executor>")
        .output("error", "Block<string>")
        .output("failed", "Block<void>")
        .doc("The executor of the work environment named `name`.\n\n"
             "When `name` is none, the executor running commands on this machine. Otherwise the container of "
             "that name of the worker this engine runs as (MELODIUM_RUN_CONTAINERS). `failed` then `error` are "
             "emitted when no executor of that name exists.")
        .implementation(engine::make_treatment(get_executor_body));
    area.treatment("getFileSystem")
        .input("name", "Block<string>")
        .output("filesystem", "Block<FileSystem>")
        .output("error", "Block<string>")
        .output("failed", "Block<void>")
        .doc("The filesystem of the volume named `name` of the worker this engine runs as "
             "(MELODIUM_RUN_VOLUMES), rooted at the volume's directory. `failed` then `error` are emitted when "
             "no volume of that name exists.")
        .implementation(engine::make_treatment(get_filesystem_body));
}

} // namespace mel::packages::work
