// The dispatcher's side of the local provisioner (local_provisioner.h): checks the request, lays out the run
// directory, writes the run configuration and starts the pod supervisor (`melodium agent supervise`, helpers.h)
// with a control socket and the worker's end of a socketpair; everything else happens in the supervisor, a
// single-threaded process of its own, so that no code of this multithreaded engine runs after a fork and the
// pod is torn down even when this process dies.

#include "packages/work/local/local_provisioner.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "packages/process/spawn.h"
#include "packages/work/local/helpers.h"
#include "packages/work/local/run_config.h"
#include "packages/work/local/supervisor_protocol.h"
#include "packages/work/local/wire.h"
#include "packages/work/worker_contract.h"
#include "stdlib/engine/ids.h"

extern char** environ;

namespace mel::packages::work::local {

namespace {

namespace stdfs = std::filesystem;

std::string env_text(const char* name)
{
    const char* value = ::getenv(name);
    return value ? value : "";
}

bool env_flag(const char* name)
{
    const char* value = ::getenv(name);
    if (!value)
        return false;
    const std::string text(value);
    return text != "0" && text != "false" && text != "no";
}

/// Names end up in paths and environment variable names.
bool valid_name(const std::string& name)
{
    if (name.empty() || name.size() > 40)
        return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
            return false;
    return name != "." && name != "..";
}

void send_log(const ProvisionLog& log, engine::LogLevel level, const std::string& label, const std::string& text)
{
    if (log)
        log(level, label, text);
}

/// The supervisor's messages until it is ready (true) or says why not; logs are forwarded.
struct Control {
    int fd = -1;
    pid_t supervisor = -1;
};

/// Handles one message of the supervisor (supervisor_protocol.h); returns its kind, nullopt for anything else
/// (ignored).
std::optional<ControlKind> handle_control(const Strings& message, const ProvisionLog& log,
                                          std::vector<std::string>& errors, std::string& worker_exit)
{
    const auto control = parse_control(message);
    if (!control)
        return std::nullopt;
    switch (control->kind) {
    case ControlKind::Log: send_log(log, control->level, control->label, control->text); break;
    case ControlKind::Failed: errors.push_back(control->text); break;
    case ControlKind::Done:
        worker_exit = control->worker_exit;
        errors.insert(errors.end(), control->notes.begin(), control->notes.end());
        break;
    case ControlKind::Ready: break;
    }
    return control->kind;
}

/// Reads until the supervisor's "done" or the end, then reaps the supervisor.
void finish(Control& control, const ProvisionLog& log, std::vector<std::string>& errors)
{
    std::string worker_exit;
    while (control.fd >= 0) {
        Strings message;
        const Received got = receive_message(control.fd, message);
        if (got != Received::Message)
            break;
        if (handle_control(message, log, errors, worker_exit) == ControlKind::Done)
            break;
    }
    if (control.supervisor > 0) {
        int status = 0;
        while (::waitpid(control.supervisor, &status, 0) < 0 && errno == EINTR) {
        }
        if (!(WIFEXITED(status) && WEXITSTATUS(status) <= 1))
            errors.push_back(fmt::format("the pod supervisor ended abnormally ({})",
                                         WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                                           : "signal " + std::to_string(WTERMSIG(status))));
        control.supervisor = -1;
    }
}

class LocalWorker final : public ProvisionedWorker {
public:
    LocalWorker(AccessData access, Control control, ProvisionLog log)
        : m_access(std::move(access)), m_control(control), m_log(std::move(log))
    {
    }
    ~LocalWorker() override
    {
        cancel();
        wait();
    }

    const AccessData& access() const override { return m_access; }

    std::vector<std::string> wait() override
    {
        std::lock_guard waiting(m_wait_mutex);
        if (m_waited)
            return m_errors;
        finish(m_control, m_log, m_errors);
        {
            std::lock_guard lock(m_mutex);
            ::close(m_control.fd);
            m_control.fd = -1;
        }
        m_access.attached->discard(); // no effect once distrib took it
        m_waited = true;
        return m_errors;
    }

    void cancel() override
    {
        std::lock_guard lock(m_mutex);
        if (m_control.fd >= 0 && !m_cancelled)
            ::shutdown(m_control.fd, SHUT_WR); // the supervisor reads the end: it tears the pod down now
        m_cancelled = true;
    }

private:
    AccessData m_access;
    Control m_control;
    ProvisionLog m_log;
    std::mutex m_mutex;      // m_control.fd against cancel()
    std::mutex m_wait_mutex; // one wait() at a time
    bool m_cancelled = false;
    bool m_waited = false;
    std::vector<std::string> m_errors;
};

/// Removes run directories whose supervisor is gone (a supervisor killed by SIGKILL cannot remove its own).
void sweep_stale_runs(const std::string& state)
{
    std::error_code ec;
    for (const auto& group : stdfs::directory_iterator(state + "/runs", ec)) {
        std::error_code inner;
        for (const auto& run : stdfs::directory_iterator(group.path(), inner)) {
            std::ifstream pid_file(run.path() / k_supervisor_pid_file);
            long pid = 0;
            if (!(pid_file >> pid) || pid <= 0)
                continue; // being created, or not ours
            std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
            std::string text((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
            const std::string supervising = std::string(k_agent_command) + '\0' + k_mode_supervise + '\0';
            if (text.find(supervising) != std::string::npos &&
                text.find(run.path().string()) != std::string::npos)
                continue; // alive
            stdfs::remove_all(run.path(), inner);
        }
        stdfs::remove(group.path(), inner); // when empty
    }
}

class LocalProvisioner final : public Provisioner {
public:
    LocalProvisioner(LocalOptions options, std::string binary)
        : m_binary(std::move(binary)), m_options(std::move(options))
    {
    }

    ProvisionResult start(const WorkerRequest& request, const ProvisionLog& log) override
    {
        ProvisionResult result;
        RunConfig config;
        if (!plan(request, log, config, result.errors))
            return result;
        if (const Status laid_out = lay_out(request, config); !laid_out.ok()) {
            result.errors.push_back(laid_out.error().message);
            return result;
        }

        const std::string run_id = stdlib::engine::random_uuid_v4();
        const std::string recv_key = stdlib::engine::random_uuid_v4();
        config.worker_argv = worker_command(request, config, recv_key);
        config.worker_env = worker_environment(request, config, run_id);
        if (const Status written = write_config(config); !written.ok()) {
            result.errors.push_back(written.error().message);
            remove_run(config);
            return result;
        }

        int control[2], worker[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, control) != 0) {
            result.errors.push_back(system_failure("socketpair").message);
            remove_run(config);
            return result;
        }
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, worker) != 0) {
            result.errors.push_back(system_failure("socketpair").message);
            ::close(control[0]);
            ::close(control[1]);
            remove_run(config);
            return result;
        }
        Control handle;
        handle.fd = control[0];
        const Status spawned = spawn_supervisor(config, control[1], worker[1], handle.supervisor);
        ::close(control[1]);
        ::close(worker[1]);
        if (!spawned.ok()) {
            ::close(control[0]);
            ::close(worker[0]);
            result.errors.push_back(spawned.error().message);
            remove_run(config);
            return result;
        }

        AccessData access;
        access.addresses = {"127.0.0.1"};
        access.tls = false;
        access.remote_key = recv_key;
        access.self_key = request.secret_key;
        access.attached = std::make_shared<AttachedSocket>(worker[0]);

        std::string worker_exit;
        while (true) {
            Strings message;
            const Received got = receive_message(handle.fd, message);
            if (got != Received::Message) {
                result.errors.push_back("the pod supervisor ended while provisioning");
                break;
            }
            const auto kind = handle_control(message, log, result.errors, worker_exit);
            if (kind == ControlKind::Ready) {
                result.worker = std::make_unique<LocalWorker>(std::move(access), handle, log);
                return result;
            }
            if (kind == ControlKind::Failed || kind == ControlKind::Done)
                break;
        }
        finish(handle, log, result.errors);
        ::close(handle.fd);
        access.attached->discard();
        return result;
    }

private:
    /// Checks the request and fills what does not depend on the run directory.
    bool plan(const WorkerRequest& request, const ProvisionLog& log, RunConfig& config,
              std::vector<std::string>& errors)
    {
        std::set<std::string> names, volumes;
        for (const auto& volume : request.volumes) {
            if (!valid_name(volume.name))
                errors.push_back("volume name '" + volume.name + "' is not supported (letters, digits, _ - .)");
            else if (!volumes.insert(volume.name).second)
                errors.push_back("volume '" + volume.name + "' is requested twice");
            config.volumes.push_back(volume.name);
        }
        const auto check_container = [&](const ContainerSpec& c) {
            if (!valid_name(c.name))
                errors.push_back("container name '" + c.name + "' is not supported (letters, digits, _ - .)");
            else if (!names.insert(c.name).second)
                errors.push_back("container name '" + c.name + "' is used twice");
            for (const auto& mount : c.mounts) {
                if (!volumes.count(mount.name))
                    errors.push_back("container " + c.name + " mounts volume '" + mount.name +
                                     "', which is not requested");
                if (mount.point.empty() || mount.point.front() != '/')
                    errors.push_back("container " + c.name + ": mount point '" + mount.point + "' is not absolute");
            }
        };
        for (const auto& container : request.containers) {
            check_container(container);
            config.containers.push_back(ContainerConfig{container.name, container.image, container.mounts});
        }
        for (const auto& service : request.services) {
            check_container(service);
            const std::string adapter = service_adapter(service.image);
            if (adapter.empty())
                errors.push_back("service container " + service.name + ": image '" + service.image +
                                 "' cannot run on the local provisioner (service images with an adapter: postgres:*)");
            config.services.push_back(
                ServiceConfig{service.name, service.image, adapter, service.env, service.command});
        }

        config.isolation = (::geteuid() == 0 && !m_options.force_host) ? Isolation::Namespaces : Isolation::Host;
        if (config.isolation == Isolation::Host) {
            send_log(log, engine::LogLevel::Warning, "local",
                     "no namespaces (not root; unprivileged user namespaces are not used by this build): commands "
                     "run as plain processes on this machine, volumes are plain directories, nothing is isolated");
            if (!request.services.empty())
                errors.push_back("service containers need the namespace pod (run as root)");
        }
        if (!errors.empty())
            return false;
        config.melodium_binary = m_binary;
        config.keep_run = m_options.keep_runs.value_or(env_flag("MELODIUM_KEEP_RUNS"));
        config.max_duration = request.max_duration;
        config.service_ready_timeout = m_options.service_ready_timeout;
        config.pod_hostname = request.containers.empty() ? "pod" : request.containers.front().name;
        return true;
    }

    Status lay_out(const WorkerRequest& request, RunConfig& config)
    {
        const std::string state = local_state_dir(m_options);
        std::error_code ec;
        stdfs::create_directories(state + "/runs", ec);
        ::chmod(state.c_str(), 0700);
        sweep_stale_runs(state);
        std::string group = stdlib::engine::parse_uuid(request.group_id).value_or("");
        if (group.empty())
            group = stdlib::engine::random_uuid_v4();
        for (int attempt = 0; attempt < 8; ++attempt) {
            const std::string dir = state + "/runs/" + group + "/" + stdlib::engine::random_uuid_v4().substr(0, 8);
            stdfs::create_directories(stdfs::path(dir).parent_path(), ec);
            if (::mkdir(dir.c_str(), 0755) == 0) {
                config.run_dir = dir;
                break;
            }
        }
        if (config.run_dir.empty())
            return Error{"cannot create a run directory under " + state + "/runs"};
        for (const auto& volume : config.volumes)
            stdfs::create_directories(config.volume_dir(volume), ec);
        for (const auto& container : config.containers)
            stdfs::create_directories(config.container_dir(container.name), ec);
        for (const auto& service : config.services)
            stdfs::create_directories(config.container_dir(service.name), ec);
        stdfs::create_directories(config.pod_dir(), ec);
        stdfs::create_directories(config.agent_dir(), ec);
        if (ec) {
            const std::string reason = ec.message();
            remove_run(config);
            return Error{"cannot lay out the run directory " + config.run_dir + ": " + reason};
        }
        return success();
    }

    static void remove_run(const RunConfig& config)
    {
        std::error_code ec;
        stdfs::remove_all(config.run_dir, ec);
        stdfs::remove(stdfs::path(config.run_dir).parent_path(), ec);
    }

    /// The worker's command line (worker_contract.h): its socket on k_worker_socket_fd, its keys, its limits.
    std::vector<std::string> worker_command(const WorkerRequest& request, const RunConfig& config,
                                            const std::string& recv_key) const
    {
        using namespace contract;
        std::vector<std::string> argv =
            m_options.worker_command.value_or(std::vector<std::string>{config.melodium_binary, k_worker_command});
        for (const std::string& word : {std::string(k_arg_socket_fd), std::to_string(k_worker_socket_fd),
                                        std::string(k_arg_recv_key), recv_key, std::string(k_arg_send_key),
                                        request.secret_key, std::string(k_arg_wait), std::string("30")})
            argv.push_back(word);
        if (request.max_duration > 0) {
            argv.push_back(k_arg_duration);
            argv.push_back(std::to_string(request.max_duration));
        }
        return argv;
    }

    static Status write_config(const RunConfig& config)
    {
        std::ofstream out(config.config_path(), std::ios::binary);
        out << encode_config(config);
        if (!out.good())
            return Error{"cannot write " + config.config_path()};
        return success();
    }

    static std::vector<std::pair<std::string, std::string>>
    worker_environment(const WorkerRequest& request, const RunConfig& config, const std::string& run_id)
    {
        std::vector<std::pair<std::string, std::string>> env;
        std::vector<std::string> containers, services;
        env.emplace_back(contract::k_env_group_id, request.group_id);
        env.emplace_back(contract::k_env_run_id, run_id);
        env.emplace_back(contract::k_env_executor, contract::k_executor_local_ns);
        for (const auto& c : config.containers) {
            containers.push_back(c.name);
            env.emplace_back(contract::container_variable(c.name), config.agent_socket(c.name));
        }
        for (const auto& s : config.services) {
            services.push_back(s.name);
            env.emplace_back(contract::service_container_variable(s.name), s.name);
        }
        for (const auto& v : config.volumes)
            env.emplace_back(contract::volume_variable(v), config.volume_dir(v));
        env.emplace_back(contract::k_env_containers, contract::join_names(containers));
        env.emplace_back(contract::k_env_service_containers, contract::join_names(services));
        env.emplace_back(contract::k_env_volumes, contract::join_names(config.volumes));
        return env;
    }

    /// posix_spawn of `melodium agent supervise RUN.json` with `control` as fd 3 and `worker` as fd 4, in a
    /// process group of its own (Ctrl-C on the terminal reaches the dispatcher, which then cancels).
    static Status spawn_supervisor(const RunConfig& config, int control, int worker, pid_t& pid)
    {
        // Out of the way of 3 and 4 first, so that neither dup2 overwrites the other's source.
        const int high_control = ::fcntl(control, F_DUPFD_CLOEXEC, 10);
        const int high_worker = ::fcntl(worker, F_DUPFD_CLOEXEC, 10);
        if (high_control < 0 || high_worker < 0) {
            const int error = errno;
            ::close(high_control);
            ::close(high_worker);
            return supervisor_failure(config, error);
        }
        posix_spawn_file_actions_t actions;
        posix_spawnattr_t attributes;
        ::posix_spawn_file_actions_init(&actions);
        ::posix_spawnattr_init(&attributes);
        sigset_t none, defaulted;
        sigemptyset(&none);
        sigemptyset(&defaulted);
        for (int signo : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD})
            sigaddset(&defaulted, signo);
        int rc = ::posix_spawnattr_setpgroup(&attributes, 0);
        rc = rc ? rc : ::posix_spawnattr_setsigmask(&attributes, &none);
        rc = rc ? rc : ::posix_spawnattr_setsigdefault(&attributes, &defaulted);
        rc = rc ? rc
                : ::posix_spawnattr_setflags(&attributes,
                                             POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        rc = rc ? rc : ::posix_spawn_file_actions_adddup2(&actions, high_control, k_helper_status_fd);
        rc = rc ? rc : ::posix_spawn_file_actions_adddup2(&actions, high_worker, k_supervisor_worker_fd);
        rc = rc ? rc : ::posix_spawn_file_actions_addclosefrom_np(&actions, k_supervisor_worker_fd + 1);
        std::vector<std::string> texts{config.melodium_binary, k_agent_command, k_mode_supervise, config.config_path()};
        std::vector<char*> argv = process::pointers(texts);
        if (!rc)
            rc = ::posix_spawn(&pid, config.melodium_binary.c_str(), &actions, &attributes, argv.data(), environ);
        ::posix_spawn_file_actions_destroy(&actions);
        ::posix_spawnattr_destroy(&attributes);
        ::close(high_control);
        ::close(high_worker);
        if (rc != 0)
            return supervisor_failure(config, rc);
        return success();
    }

    static Error supervisor_failure(const RunConfig& config, int error)
    {
        return system_failure("cannot start the pod supervisor " + config.melodium_binary, error);
    }

    std::string m_binary;
    LocalOptions m_options;
};

} // namespace

std::string local_state_dir(const LocalOptions& options)
{
    if (!options.state_dir.empty())
        return options.state_dir;
    if (const std::string dir = env_text("MELODIUM_WORK_DIR"); !dir.empty())
        return dir;
    if (const std::string runtime = env_text("XDG_RUNTIME_DIR"); !runtime.empty())
        return runtime + "/melodium";
    return "/tmp/melodium-" + std::to_string(::getuid());
}

std::string service_adapter(const std::string& image)
{
    std::string name = image;
    for (const char* prefix : {"docker.io/library/", "docker.io/", "library/"})
        if (name.rfind(prefix, 0) == 0) {
            name = name.substr(std::strlen(prefix));
            break;
        }
    if (const auto at = name.find('@'); at != std::string::npos)
        name = name.substr(0, at);
    if (const auto colon = name.find(':'); colon != std::string::npos)
        name = name.substr(0, colon);
    return name == "postgres" ? k_postgres_adapter : "";
}

std::unique_ptr<Provisioner> make_local_provisioner(LocalOptions options)
{
    std::string binary = options.melodium_binary;
    if (binary.empty())
        binary = env_text("MELODIUM_WORKER_BINARY");
    if (binary.empty()) {
        std::error_code ec;
        binary = stdfs::read_symlink("/proc/self/exe", ec).string();
    }
    return std::make_unique<LocalProvisioner>(std::move(options), std::move(binary));
}

} // namespace mel::packages::work::local
