// The exec agent (agent_server.h). A connection carries one command: the request, then the agent's
// "started"/"failed", then "exited"/"signaled" when the command's process is reaped. Programs are looked up in
// the container's PATH by execvp, after the child's environment has been installed.

#include "packages/work/local/agent_server.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "packages/process/environment.h"
#include "packages/process/spawn.h"
#include "packages/work/local/agent_protocol.h"
#include "packages/work/local/helpers.h"

extern char** environ;

namespace mel::packages::work::local {

namespace {

struct Connection {
    pid_t pid = -1;     // the command, once started
    bool requested = false;
};

std::map<std::string, std::string> own_environment()
{
    std::map<std::string, std::string> env;
    for (char** entry = environ; entry && *entry; ++entry) {
        const std::string text(*entry);
        const auto equal = text.find('=');
        if (equal != std::string::npos)
            env.emplace(text.substr(0, equal), text.substr(equal + 1));
    }
    return env;
}

std::vector<std::string> child_environment(const ExecRequest& request)
{
    const auto base = own_environment();
    std::map<std::string, std::string> env;
    if (!request.clear_env)
        env = base;
    const process::VariableLookup lookup = [&base](const std::string& name) -> std::optional<std::string> {
        const auto it = base.find(name);
        if (it == base.end())
            return std::nullopt;
        return it->second;
    };
    for (const auto& [name, value] : request.variables)
        env.insert_or_assign(name, request.expand_variables ? process::expand_variables(value, lookup) : value);
    std::vector<std::string> out;
    for (const auto& [name, value] : env)
        out.push_back(name + "=" + value);
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& texts)
{
    std::vector<char*> out;
    for (auto& text : texts)
        out.push_back(text.data());
    out.push_back(nullptr);
    return out;
}

/// The child's side, between fork and exec: only async-signal-safe calls. Reports a failure on `report` as one
/// byte (the stage: 'd' working directory, 'x' exec) then the errno.
[[noreturn]] void exec_child(const ExecRequest& request, const int stdio[3], int report, char** argv, char** envp)
{
    ::setsid();
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int signo : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD})
        ::signal(signo, SIG_DFL);
    for (int target = 0; target < 3; ++target)
        if (::dup2(stdio[target], target) < 0)
            ::_exit(126);
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC); // `report` included: it closes on exec
    if (request.working_directory && ::chdir(request.working_directory->c_str()) != 0) {
        const int error = errno;
        char message[1 + sizeof(int)] = {'d'};
        std::memcpy(message + 1, &error, sizeof(int));
        (void)!::write(report, message, sizeof(message));
        ::_exit(127);
    }
    environ = envp;
    ::execvp(argv[0], argv);
    const int error = errno;
    char message[1 + sizeof(int)] = {'x'};
    std::memcpy(message + 1, &error, sizeof(int));
    (void)!::write(report, message, sizeof(message));
    const char* what = error == ENOENT ? ": command not found\n" : ": cannot execute\n";
    (void)!::write(2, "melodium agent: ", 16);
    (void)!::write(2, argv[0], std::strlen(argv[0]));
    (void)!::write(2, what, std::strlen(what));
    ::_exit(error == ENOENT ? 127 : 126);
}

class Agent {
public:
    Agent(int listen_fd, AgentRole role, int parent_fd) : m_listen(listen_fd), m_role(role), m_parent(parent_fd) {}

    int run()
    {
        m_signals = block_helper_signals();
        if (m_signals < 0)
            return 1;
        if (m_role == AgentRole::HostMode)
            ::prctl(PR_SET_CHILD_SUBREAPER, 1);
        while (!m_stop)
            step();
        shut_down();
        return 0;
    }

private:
    void step()
    {
        std::vector<pollfd> fds{{m_listen, POLLIN, 0}, {m_signals, POLLIN, 0}};
        if (m_parent >= 0)
            fds.push_back({m_parent, POLLIN, 0});
        const std::size_t first_client = fds.size();
        std::vector<int> order;
        for (const auto& [fd, connection] : m_connections) {
            fds.push_back({fd, POLLIN, 0});
            order.push_back(fd);
        }
        if (::poll(fds.data(), fds.size(), -1) < 0)
            return;
        if (fds[1].revents)
            on_signals();
        if (m_parent >= 0 && fds[2].revents)
            m_stop = true; // whoever started us is gone
        for (std::size_t i = first_client; i < fds.size(); ++i)
            if (fds[i].revents)
                on_client(order[i - first_client]);
        if (fds[0].revents & POLLIN)
            on_accept();
    }

    void on_accept()
    {
        const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0)
            m_connections.emplace(fd, Connection{});
    }

    void on_signals()
    {
        signalfd_siginfo info{};
        while (::read(m_signals, &info, sizeof(info)) == sizeof(info))
            if (info.ssi_signo != SIGCHLD)
                m_stop = true;
        reap();
    }

    void reap()
    {
        int status = 0;
        pid_t pid = 0;
        while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
            for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
                if (it->second.pid != pid)
                    continue;
                const Strings report = WIFEXITED(status)
                                           ? Strings{k_exited, std::to_string(WEXITSTATUS(status))}
                                           : Strings{k_signaled, std::to_string(WTERMSIG(status))};
                send_message(it->first, report, {}, true);
                ::close(it->first);
                m_connections.erase(it);
                break;
            }
        }
    }

    void on_client(int fd)
    {
        Strings message;
        std::vector<int> fds;
        const Received got = receive_message(fd, message, &fds, true);
        if (got == Received::WouldBlock)
            return;
        Connection& connection = m_connections[fd];
        if (got != Received::Message) {
            for (int received : fds)
                ::close(received);
            kill_command(connection);
            ::close(fd);
            m_connections.erase(fd);
            return;
        }
        if (!message.empty() && message[0] == k_kill) {
            for (int received : fds)
                ::close(received);
            kill_command(connection);
            return;
        }
        if (message.size() == 2 && message[0] == k_signal) {
            for (int received : fds)
                ::close(received);
            signal_command(connection, std::atoi(message[1].c_str()));
            return;
        }
        ExecRequest request;
        if (connection.requested || !decode_exec(message, request)) {
            for (int received : fds)
                ::close(received);
            send_message(fd, {k_failed, "malformed request to the container agent"}, {}, true);
            return;
        }
        connection.requested = true;
        start(fd, connection, request, fds);
        for (int received : fds)
            ::close(received);
    }

    void start(int fd, Connection& connection, const ExecRequest& request, const std::vector<int>& fds)
    {
        const std::size_t expected = request.stdin_piped + request.stdout_piped + request.stderr_piped;
        if (fds.size() != expected) {
            send_message(fd, {k_failed, "the container agent did not receive the command's pipes"}, {}, true);
            return;
        }
        const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const int null_out = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        std::size_t next = 0;
        const int stdio[3] = {request.stdin_piped ? fds[next++] : null_in,
                              request.stdout_piped ? fds[next++] : null_out,
                              request.stderr_piped ? fds[next++] : null_out};
        std::vector<std::string> argv_texts = request.argv;
        std::vector<std::string> env_texts = child_environment(request);
        std::vector<char*> argv = pointers(argv_texts);
        std::vector<char*> envp = pointers(env_texts);
        int report[2];
        if (::pipe2(report, O_CLOEXEC) != 0) {
            send_message(fd, {k_failed, process::os_error(errno).message}, {}, true);
            return;
        }
        const pid_t pid = ::fork();
        if (pid == 0)
            exec_child(request, stdio, report[1], argv.data(), envp.data());
        const int fork_error = errno;
        ::close(report[1]);
        ::close(null_in);
        ::close(null_out);
        if (pid < 0) {
            ::close(report[0]);
            send_message(fd, {k_failed, process::os_error(fork_error).message}, {}, true);
            return;
        }
        char failure[1 + sizeof(int)] = {};
        ssize_t got = 0;
        while ((got = ::read(report[0], failure, sizeof(failure))) < 0 && errno == EINTR) {
        }
        ::close(report[0]);
        if (got == static_cast<ssize_t>(sizeof(failure)) && failure[0] == 'd') {
            int error = 0;
            std::memcpy(&error, failure + 1, sizeof(int));
            send_message(fd, {k_failed, process::working_directory_error(*request.working_directory, error).message},
                         {}, true);
            return; // the child exits on its own; reaped without a report
        }
        connection.pid = pid;
        if (m_role == AgentRole::HostMode)
            m_groups.push_back(pid);
        send_message(fd, {k_started, std::to_string(pid)}, {}, true);
    }

    /// SIGINT or SIGTERM (anything else is refused) to the command's process group.
    static void signal_command(Connection& connection, int signo)
    {
        if (connection.pid <= 0 || (signo != SIGINT && signo != SIGTERM))
            return;
        ::kill(-connection.pid, signo);
        ::kill(connection.pid, signo);
    }

    static void kill_command(Connection& connection)
    {
        if (connection.pid <= 0)
            return;
        ::kill(-connection.pid, SIGKILL); // its process group: what it started too
        ::kill(connection.pid, SIGKILL);
    }

    void shut_down()
    {
        for (auto& [fd, connection] : m_connections) {
            kill_command(connection);
            ::close(fd);
        }
        m_connections.clear();
        if (m_role == AgentRole::HostMode)
            for (pid_t group : m_groups) // what the commands left behind (a group id is not reused while in use)
                ::kill(-group, SIGKILL);
    }

    int m_listen;
    AgentRole m_role;
    int m_parent;
    int m_signals = -1;
    bool m_stop = false;
    std::map<int, Connection> m_connections;
    std::vector<pid_t> m_groups; // host mode: every command's process group
};

} // namespace

int serve_exec_agent(int listen_fd, AgentRole role, int parent_fd)
{
    Agent agent(listen_fd, role, parent_fd);
    return agent.run();
}

int serve_main(const std::string& path)
{
    const auto listening = listen_unix(path);
    if (!listening.ok()) {
        std::fprintf(stderr, "melodium agent serve: %s\n", listening.error().message.c_str());
        return 1;
    }
    const int code = serve_exec_agent(listening.value(), AgentRole::HostMode, -1);
    ::close(listening.value());
    ::unlink(path.c_str());
    return code;
}

} // namespace mel::packages::work::local
