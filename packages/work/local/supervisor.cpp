// The pod supervisor (helpers.h; packages.md §6.3 steps 3–8): one single-threaded process per run, started by
// the dispatcher with a control socket (fd 3) and the worker's end of the dispatcher's socketpair (fd 4). It
// creates the pod (a holder process owning new network, UTS and IPC namespaces, `lo` up), starts the service
// containers and waits until they are ready, starts the executor containers (each PID 1 of its own PID and mount
// namespaces, joined to the pod), then the worker; it enforces max_duration and tears everything down when the
// worker ends, when the dispatcher asks (its end of the control socket closes: cancel(), Ctrl-C, or the
// dispatcher's death, even by SIGKILL), or at the deadline. Every process it starts dies with it
// (PR_SET_PDEATHSIG), and killing a container's PID 1 ends every process of that container.

#include "packages/work/local/helpers.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "packages/process/spawn.h"
#include "packages/work/local/supervisor_protocol.h"
#include "packages/work/local/wire.h"
#include "packages/work/worker_contract.h"

extern char** environ;

namespace mel::packages::work::local {

namespace {

namespace stdfs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int k_control = k_helper_status_fd; // fd 3
constexpr int k_worker_socket = k_supervisor_worker_fd;
constexpr auto k_grace = std::chrono::seconds(10);

double seconds_since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void to_dispatcher(const Strings& message)
{
    send_message(k_control, message);
}

void log(engine::LogLevel level, const std::string& label, const std::string& text)
{
    report_log(k_control, level, label, text);
}

/// A child of the supervisor that must not outlive it, between fork/clone and exec: async-signal-safe calls only.
void child_prologue(pid_t supervisor, int death_signal = SIGKILL)
{
    ::prctl(PR_SET_PDEATHSIG, death_signal);
    // The supervisor already gone? (In a new PID namespace the parent is outside: getppid() is 0 there, and the
    // helper notices the supervisor's end on its status socket instead.)
    const pid_t parent = ::getppid();
    if (parent != supervisor && parent != 0)
        ::_exit(1);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
}

/// fork() or, with namespace flags, clone() used as fork (no new stack: the child runs on a copy of ours).
pid_t fork_with(unsigned long namespaces)
{
    if (namespaces == 0)
        return ::fork();
    return static_cast<pid_t>(::syscall(SYS_clone, namespaces | SIGCHLD, nullptr, nullptr, nullptr, 0));
}

struct Helper {
    std::string kind; // k_mode_service, k_mode_container
    std::string name;
    pid_t pid = -1;
    int status = -1; // our end of its status socket
    bool ready = false;
};

class Supervisor {
public:
    explicit Supervisor(const RunConfig& config) : m_config(config), m_self(::getpid()) {}

    int run()
    {
        m_signals = block_helper_signals();
        write_pid_file();
        const auto started = Clock::now();
        m_deadline = m_config.max_duration ? started + std::chrono::seconds(m_config.max_duration) : Clock::time_point::max();
        if (const Status set = set_up(started); !set.ok()) {
            to_dispatcher(encode_failed(set.error().message));
            tear_down(Teardown::Hard);
            finish();
            return 1;
        }
        to_dispatcher(encode_ready());
        const Teardown how = watch();
        tear_down(how);
        finish();
        return 0;
    }

private:
    enum class Teardown { Graceful, Hard };

    bool isolated() const { return m_config.isolation == Isolation::Namespaces; }


    void write_pid_file()
    {
        std::ofstream(m_config.supervisor_pid_path()) << m_self << "\n";
    }

    Status set_up(Clock::time_point started)
    {
        // The worker runs on the host and only waits for the dispatcher until the pod is ready: started first,
        // its own start-up (exec, loading) overlaps the pod's.
        if (Status s = start_worker(); !s.ok())
            return s;
        write_pod_files();
        if (isolated())
            if (Status s = make_pod(); !s.ok())
                return s;
        for (const auto& service : m_config.services)
            if (Status s = start_helper(k_mode_service, service.name); !s.ok())
                return s;
        if (Status s = await_ready(); !s.ok())
            return s;
        for (const auto& container : m_config.containers)
            if (Status s = start_helper(k_mode_container, container.name); !s.ok())
                return s;
        if (Status s = await_ready(); !s.ok())
            return s;
        for (const auto& container : m_config.containers)
            log(engine::LogLevel::Info, container.name,
                "image " + container.image + ": running on the host's root filesystem");
        log(engine::LogLevel::Info, "pod",
            fmt::format("pod ready in {:.2f} s ({} container{}, {} service{}{})", seconds_since(started),
                        m_config.containers.size(), m_config.containers.size() == 1 ? "" : "s",
                        m_config.services.size(), m_config.services.size() == 1 ? "" : "s",
                        isolated() ? "" : "; host fallback: no isolation"));
        return success();
    }

    void write_pod_files()
    {
        std::ofstream(m_config.pod_file("hosts")) << hosts_file(m_config);
        std::ofstream(m_config.pod_file("hostname")) << m_config.pod_hostname << "\n";
        std::ifstream host_resolv("/etc/resolv.conf");
        std::ostringstream resolv;
        resolv << host_resolv.rdbuf();
        std::ofstream(m_config.pod_file("resolv.conf")) << resolv.str();
    }

    /// The pod holder: a child in new network, UTS and IPC namespaces that only waits.
    Status make_pod()
    {
        int ready[2];
        if (::pipe2(ready, O_CLOEXEC) != 0)
            return system_failure("pipe");
        const std::string hostname = m_config.pod_hostname;
        m_pod = ::fork();
        if (m_pod == 0) {
            child_prologue(m_self);
            char result = 'n';
            if (::unshare(CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC) == 0) {
                result = 'h';
                if (::sethostname(hostname.data(), hostname.size()) == 0) {
                    result = 'l';
                    const int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
                    ifreq request{};
                    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
                    if (sock >= 0 && ::ioctl(sock, SIOCGIFFLAGS, &request) == 0) {
                        request.ifr_flags |= IFF_UP | IFF_RUNNING;
                        if (::ioctl(sock, SIOCSIFFLAGS, &request) == 0)
                            result = 'y';
                    }
                }
            }
            const int error = errno;
            (void)!::write(ready[1], &result, 1);
            (void)!::write(ready[1], &error, sizeof(error));
            if (result != 'y')
                ::_exit(1);
            while (true)
                ::pause();
        }
        ::close(ready[1]);
        char result = 0;
        int error = 0;
        const bool got = m_pod > 0 && ::read(ready[0], &result, 1) == 1 &&
                         ::read(ready[0], &error, sizeof(error)) == static_cast<ssize_t>(sizeof(error));
        ::close(ready[0]);
        if (!got || result != 'y') {
            const char* stage = result == 'n' ? "unshare(network, UTS, IPC)" : result == 'h' ? "sethostname"
                                                                           : "bring lo up";
            return m_pod < 0 ? system_failure("fork") : system_failure(std::string("pod: ") + stage, error);
        }
        for (const char* ns : {"net", "uts", "ipc"}) {
            const int fd = ::open(fmt::format("/proc/{}/ns/{}", m_pod, ns).c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                return system_failure("open the pod's namespace");
            m_pod_namespaces.push_back(fd);
        }
        return success();
    }

    Status start_helper(const std::string& kind, const std::string& name)
    {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
            return system_failure("socketpair");
        std::vector<std::string> argv_texts{m_config.melodium_binary, k_agent_command, kind, m_config.config_path(),
                                            name};
        std::vector<std::string> env_texts = container_base_environment(name);
        std::vector<char*> argv = process::pointers(argv_texts), envp = process::pointers(env_texts);
        const std::vector<int> namespaces = m_pod_namespaces;
        const pid_t pid = fork_with(isolated() ? CLONE_NEWPID | CLONE_NEWNS : 0);
        // A host-mode agent must outlive its own end long enough to kill its commands' process groups: SIGTERM.
        const int death_signal = isolated() ? SIGKILL : SIGTERM;
        if (pid == 0) {
            child_prologue(m_self, death_signal);
            for (int fd : namespaces)
                if (::setns(fd, 0) != 0)
                    ::_exit(125);
            if (::dup2(pair[1], k_helper_status_fd) < 0)
                ::_exit(125);
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        const int error = errno;
        ::close(pair[1]);
        if (pid < 0) {
            ::close(pair[0]);
            return system_failure(fmt::format("start {} {}", kind, name), error);
        }
        m_helpers.push_back(Helper{kind, name, pid, pair[0], false});
        return success();
    }

    /// Forwards every helper's messages until all are ready; a failure (or the dispatcher leaving) ends it.
    Status await_ready()
    {
        const auto limit = Clock::now() + std::chrono::seconds(m_config.service_ready_timeout + 10);
        while (true) {
            std::vector<pollfd> fds{{k_control, POLLIN, 0}};
            std::vector<Helper*> waiting;
            for (auto& helper : m_helpers)
                if (!helper.ready && helper.status >= 0) {
                    fds.push_back({helper.status, POLLIN, 0});
                    waiting.push_back(&helper);
                }
            if (waiting.empty())
                return success();
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(limit - Clock::now()).count();
            if (left <= 0)
                return Error{waiting.front()->kind + " " + waiting.front()->name + " did not become ready in time"};
            if (::poll(fds.data(), fds.size(), static_cast<int>(left)) < 0)
                continue;
            if (fds[0].revents)
                return Error{"cancelled while provisioning"};
            for (std::size_t i = 1; i < fds.size(); ++i) {
                if (!fds[i].revents)
                    continue;
                Helper& helper = *waiting[i - 1];
                Strings message;
                const Received got = receive_message(helper.status, message, nullptr, true);
                if (got == Received::WouldBlock)
                    continue;
                if (got != Received::Message)
                    return Error{fmt::format("{} {} ended while starting{}", helper.kind, helper.name,
                                             describe_end(helper))};
                const auto control = parse_control(message);
                if (!control)
                    continue;
                if (control->kind == ControlKind::Ready) {
                    helper.ready = true;
                    if (helper.kind == k_mode_service)
                        log(engine::LogLevel::Info, helper.name, helper.name + " ready");
                } else if (control->kind == ControlKind::Failed) {
                    return Error{control->text};
                } else if (control->kind == ControlKind::Log) {
                    to_dispatcher(message);
                }
            }
        }
    }

    /// ", exit N" for a helper that ended (reaped here).
    std::string describe_end(Helper& helper)
    {
        int status = 0;
        if (::waitpid(helper.pid, &status, 0) != helper.pid)
            return {};
        helper.pid = -1;
        if (WIFEXITED(status))
            return WEXITSTATUS(status) == 125 ? " (cannot join the pod's namespaces)"
                                              : fmt::format(" (exit {})", WEXITSTATUS(status));
        return fmt::format(" (signal {})", WTERMSIG(status));
    }

    Status start_worker()
    {
        if (m_config.worker_argv.empty())
            return Error{"no worker command"};
        std::map<std::string, std::string> env;
        for (char** entry = environ; entry && *entry; ++entry) {
            const std::string text(*entry);
            const auto equal = text.find('=');
            if (equal != std::string::npos)
                env.emplace(text.substr(0, equal), text.substr(equal + 1));
        }
        for (const auto& [name, value] : m_config.worker_env)
            env.insert_or_assign(name, value);
        std::vector<std::string> env_texts, argv_texts = m_config.worker_argv;
        for (const auto& [name, value] : env)
            env_texts.push_back(name + "=" + value);
        std::vector<char*> argv = process::pointers(argv_texts), envp = process::pointers(env_texts);
        m_worker = ::fork();
        if (m_worker == 0) {
            child_prologue(m_self);
            // k_worker_socket_fd is the control socket here (k_control): replaced in the worker.
            if (::dup2(k_worker_socket, contract::k_worker_socket_fd) < 0)
                ::_exit(126);
            ::syscall(SYS_close_range, static_cast<unsigned>(contract::k_worker_socket_fd + 1), ~0U, 0U);
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        if (m_worker < 0)
            return system_failure("start the worker");
        ::close(k_worker_socket); // the worker holds it now
        return success();
    }

    /// Until the worker ends (graceful), or the dispatcher leaves, a signal, the deadline (hard).
    Teardown watch()
    {
        while (true) {
            std::vector<pollfd> fds{{k_control, POLLIN, 0}, {m_signals, POLLIN, 0}};
            std::vector<Helper*> listening;
            for (auto& helper : m_helpers)
                if (helper.status >= 0) {
                    fds.push_back({helper.status, POLLIN, 0});
                    listening.push_back(&helper);
                }
            int timeout = -1;
            if (m_deadline != Clock::time_point::max()) {
                const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(m_deadline - Clock::now());
                timeout = static_cast<int>(std::max<long long>(0, left.count()));
            }
            const int ready = ::poll(fds.data(), fds.size(), timeout);
            if (ready == 0) {
                m_notes.push_back(fmt::format("max_duration of {} s reached: the pod and the worker were killed",
                                              m_config.max_duration));
                log(engine::LogLevel::Error, "pod", m_notes.back());
                return Teardown::Hard;
            }
            if (ready < 0)
                continue;
            if (fds[0].revents) {
                Strings message;
                if (receive_message(k_control, message, nullptr, true) != Received::WouldBlock)
                    return Teardown::Hard; // cancel(), or the dispatcher is gone
            }
            if (fds[1].revents && on_signals())
                return Teardown::Hard;
            for (std::size_t i = 2; i < fds.size(); ++i)
                if (fds[i].revents)
                    forward(*listening[i - 2]);
            if (m_worker_done)
                return Teardown::Graceful;
        }
    }

    /// Reaps; true when asked to stop by a signal.
    bool on_signals()
    {
        bool stop = false;
        signalfd_siginfo info{};
        while (::read(m_signals, &info, sizeof(info)) == sizeof(info))
            stop = stop || info.ssi_signo != SIGCHLD;
        reap(false);
        return stop;
    }

    void reap(bool quiet)
    {
        int status = 0;
        pid_t pid = 0;
        while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0)
            on_ended(pid, status, quiet);
    }

    void on_ended(pid_t pid, int status, bool quiet)
    {
        const std::string how = WIFEXITED(status) ? std::to_string(WEXITSTATUS(status)) : k_no_exit_code;
        if (pid == m_worker) {
            m_worker = -1;
            m_worker_done = true;
            m_worker_exit = how;
            // Ended by the teardown (cancelled, interrupted, the deadline: each says so itself): not a note.
            if (how != "0" && !m_worker_stopped)
                m_notes.push_back(WIFEXITED(status) ? "worker exited with code " + how
                                                    : fmt::format("worker killed by signal {}", WTERMSIG(status)));
            return;
        }
        if (pid == m_pod) {
            m_pod = -1;
            if (!quiet)
                log(engine::LogLevel::Warning, "pod", "the pod's namespace holder ended");
            return;
        }
        for (auto& helper : m_helpers)
            if (helper.pid == pid) {
                helper.pid = -1;
                if (!quiet)
                    log(engine::LogLevel::Warning, helper.name,
                        fmt::format("{} {} ended unexpectedly (exit {})", helper.kind, helper.name, how));
            }
    }

    void forward(Helper& helper)
    {
        Strings message;
        const Received got = receive_message(helper.status, message, nullptr, true);
        if (got == Received::WouldBlock)
            return;
        if (got != Received::Message) {
            ::close(helper.status);
            helper.status = -1;
            return;
        }
        const auto control = parse_control(message);
        if (control && control->kind == ControlKind::Log)
            to_dispatcher(message);
    }

    void tear_down(Teardown how)
    {
        const auto started = Clock::now();
        // Executor containers: killing PID 1 ends every process of the container (running commands end with no
        // exit code). Services stop cleanly when the run ended normally.
        if (m_worker > 0) {
            m_worker_stopped = true;
            ::kill(m_worker, how == Teardown::Hard ? SIGKILL : SIGTERM);
        }
        for (auto& helper : m_helpers)
            if (helper.pid > 0)
                ::kill(helper.pid, stop_signal(helper, how));
        const auto limit = Clock::now() + (how == Teardown::Hard ? std::chrono::seconds(2) : k_grace);
        while (running() && Clock::now() < limit) {
            pollfd entry{m_signals, POLLIN, 0};
            ::poll(&entry, 1, 50);
            signalfd_siginfo info{};
            while (::read(m_signals, &info, sizeof(info)) == sizeof(info)) {
            }
            reap(true);
        }
        if (running()) {
            m_notes.push_back("processes of the pod did not end in time: killed");
            if (m_worker > 0)
                ::kill(m_worker, SIGKILL);
            for (auto& helper : m_helpers)
                if (helper.pid > 0)
                    ::kill(helper.pid, SIGKILL);
            while (running()) {
                int status = 0;
                const pid_t pid = ::waitpid(-1, &status, 0);
                if (pid < 0)
                    break;
                on_ended(pid, status, true);
            }
        }
        for (auto& helper : m_helpers)
            if (helper.status >= 0) {
                ::close(helper.status);
                helper.status = -1;
            }
        if (m_pod > 0) {
            ::kill(m_pod, SIGKILL);
            int status = 0;
            ::waitpid(m_pod, &status, 0);
            m_pod = -1;
        }
        for (int fd : m_pod_namespaces)
            ::close(fd);
        m_pod_namespaces.clear();
        remove_run_dir();
        log(engine::LogLevel::Debug, "pod", fmt::format("pod torn down in {:.2f} s", seconds_since(started)));
    }

    /// Killing a container's PID 1 ends the whole container; a host-mode agent must kill its commands itself
    /// (SIGTERM); a service stops cleanly unless the teardown is hard.
    int stop_signal(const Helper& helper, Teardown how) const
    {
        if (!isolated())
            return SIGTERM;
        return how == Teardown::Hard || helper.kind == k_mode_container ? SIGKILL : SIGTERM;
    }

    bool running() const
    {
        if (m_worker > 0)
            return true;
        for (const auto& helper : m_helpers)
            if (helper.pid > 0)
                return true;
        return false;
    }

    /// Mounts under the run directory seen from here (there should be none: every container mount is in a
    /// namespace of its own).
    std::vector<std::string> mounts_below(const std::string& dir)
    {
        std::vector<std::string> out;
        std::ifstream in("/proc/self/mountinfo");
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string id, parent, devices, root, point;
            fields >> id >> parent >> devices >> root >> point;
            if (point == dir || point.rfind(dir + "/", 0) == 0)
                out.push_back(point);
        }
        return out;
    }

    void remove_run_dir()
    {
        if (m_config.keep_run) {
            log(engine::LogLevel::Info, "pod", "run directory kept: " + m_config.run_dir);
            return;
        }
        auto leftover = mounts_below(m_config.run_dir);
        for (auto it = leftover.rbegin(); it != leftover.rend(); ++it) {
            m_notes.push_back("unmounted a leftover mount " + *it);
            ::umount2(it->c_str(), MNT_DETACH);
        }
        std::error_code ec;
        stdfs::remove_all(m_config.run_dir, ec);
        if (ec)
            m_notes.push_back("cannot remove the run directory " + m_config.run_dir + ": " + ec.message());
        const stdfs::path group = stdfs::path(m_config.run_dir).parent_path();
        stdfs::remove(group, ec); // only when empty: other runs of the group may be alive
    }

    void finish()
    {
        to_dispatcher(encode_done(m_worker_exit, m_notes));
    }

    const RunConfig& m_config;
    const pid_t m_self;
    int m_signals = -1;
    Clock::time_point m_deadline;
    pid_t m_pod = -1;
    std::vector<int> m_pod_namespaces;
    std::vector<Helper> m_helpers;
    pid_t m_worker = -1;
    bool m_worker_done = false;
    bool m_worker_stopped = false; // the teardown signalled it
    std::string m_worker_exit = k_no_exit_code;
    std::vector<std::string> m_notes;
};

} // namespace

int supervise_main(const RunConfig& config)
{
    Supervisor supervisor(config);
    return supervisor.run();
}

} // namespace mel::packages::work::local
