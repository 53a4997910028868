// Service containers through adapters (packages.md §6.4.4): `postgres:*` runs Debian's own PostgreSQL
// binaries (/usr/lib/postgresql/<version>/bin) as the `postgres` user, as the image's entrypoint would: initdb
// with POSTGRES_USER as superuser and POSTGRES_PASSWORD (scram-sha-256 over TCP), the server on the pod's
// 127.0.0.1:5432 (and ::1), then POSTGRES_DB created. Ready only once it accepts connections and the database
// exists. This process is PID 1 of the service's PID namespace; its own mount namespace gives the server a
// private /run, /tmp and /dev/shm, and shows the data directory (in the run directory) at /run/melodium/data.

#include "packages/work/local/helpers.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "packages/work/local/wire.h"

namespace mel::packages::work::local {

namespace {

namespace stdfs = std::filesystem;

constexpr const char* k_base = "/run/melodium";
constexpr const char* k_data = "/run/melodium/data";
constexpr const char* k_sockets = "/run/postgresql";

struct Failure {
    std::string text;
};

void check(bool ok, const std::string& what)
{
    if (!ok)
        throw Failure{what + ": " + std::strerror(errno)};
}

std::string env_or(const ServiceConfig& service, const std::string& name, const std::string& fallback)
{
    const auto it = service.env.find(name);
    return it == service.env.end() || it->second.empty() ? fallback : it->second;
}

/// The newest /usr/lib/postgresql/<version>/bin holding a server.
std::pair<int, std::string> postgres_binaries()
{
    std::pair<int, std::string> best{0, {}};
    std::error_code ec;
    for (const auto& entry : stdfs::directory_iterator("/usr/lib/postgresql", ec)) {
        const std::string version = entry.path().filename();
        const std::string bin = entry.path() / "bin";
        if (!std::all_of(version.begin(), version.end(), ::isdigit) || version.empty())
            continue;
        if (::access((bin + "/postgres").c_str(), X_OK) != 0 || ::access((bin + "/initdb").c_str(), X_OK) != 0)
            continue;
        if (std::stoi(version) > best.first)
            best = {std::stoi(version), bin};
    }
    if (best.second.empty())
        throw Failure{"no PostgreSQL server under /usr/lib/postgresql (install Debian's `postgresql` package)"};
    return best;
}

struct Account {
    uid_t uid;
    gid_t gid;
};

Account postgres_account()
{
    const passwd* entry = ::getpwnam("postgres");
    if (!entry)
        throw Failure{"no `postgres` user on this machine (install Debian's `postgresql` package)"};
    return {entry->pw_uid, entry->pw_gid};
}

/// Starts `argv` as the postgres user, stdout and stderr appended to `log`.
pid_t start_as(const Account& account, const std::vector<std::string>& argv, const std::string& log)
{
    std::vector<std::string> texts = argv;
    std::vector<char*> pointers;
    for (auto& t : texts)
        pointers.push_back(t.data());
    pointers.push_back(nullptr);
    const char* env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/run/melodium", nullptr};
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    check(out >= 0, "open " + log);
    const pid_t pid = ::fork();
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        const int in = ::open("/dev/null", O_RDONLY);
        if (in < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0)
            ::_exit(126);
        if (::setgroups(0, nullptr) != 0 || ::setgid(account.gid) != 0 || ::setuid(account.uid) != 0)
            ::_exit(126);
        if (::chdir(k_base) != 0)
            ::_exit(126);
        ::execve(pointers[0], pointers.data(), const_cast<char* const*>(env));
        ::_exit(127);
    }
    const int error = errno;
    ::close(out);
    errno = error;
    check(pid > 0, "fork");
    return pid;
}

int wait_for(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string tail_of(const std::string& path)
{
    std::ifstream in(path);
    std::string line, last;
    std::vector<std::string> lines;
    while (std::getline(in, line))
        lines.push_back(line);
    for (std::size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i)
        last += (last.empty() ? "" : " | ") + lines[i];
    return last;
}

std::string quoted_identifier(const std::string& name)
{
    std::string out = "\"";
    for (char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void private_mounts(const std::string& data_dir, const Account& account)
{
    check(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0, "make the mounts private");
    check(::mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") == 0, "mount tmpfs on /run");
    check(::mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == 0, "mount tmpfs on /tmp");
    check(::mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") == 0, "mount tmpfs on /dev/shm");
    check(make_directories(k_data), std::string("mkdir ") + k_data);
    check(::mkdir(k_sockets, 0775) == 0 || errno == EEXIST, std::string("mkdir ") + k_sockets);
    check(::chown(k_sockets, account.uid, account.gid) == 0, std::string("chown ") + k_sockets);
    check(make_directories(data_dir), "mkdir " + data_dir);
    check(::chown(data_dir.c_str(), account.uid, account.gid) == 0 && ::chmod(data_dir.c_str(), 0700) == 0,
          "chown " + data_dir);
    check(::mount(data_dir.c_str(), k_data, nullptr, MS_BIND, nullptr) == 0, "bind the data directory");
}

class Postgres {
public:
    Postgres(const RunConfig& config, const ServiceConfig& service) : m_config(config), m_service(service) {}

    /// Initializes and starts the server; returns once it is ready.
    void start()
    {
        const auto [version, bin] = postgres_binaries();
        m_bin = bin;
        m_account = postgres_account();
        const std::string dir = m_config.container_dir(m_service.name);
        m_log = dir + "/postgres.log";
        check(make_directories(dir), "mkdir " + dir);
        private_mounts(dir + "/data", m_account);

        const std::string user = env_or(m_service, "POSTGRES_USER", "postgres");
        const std::string password = env_or(m_service, "POSTGRES_PASSWORD", "");
        const std::string database = env_or(m_service, "POSTGRES_DB", user);
        std::string host_auth = env_or(m_service, "POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
        if (password.empty() && host_auth != "trust")
            throw Failure{"POSTGRES_PASSWORD is not set (as the postgres image, the adapter refuses to start; set "
                          "POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password)"};
        report_log(k_helper_status_fd, "info", m_service.name,
                   "image " + m_service.image + ": PostgreSQL " + std::to_string(version) +
                       " from the host's binaries (" + bin + ")");

        const std::string pwfile = std::string(k_base) + "/pwfile";
        {
            std::ofstream out(pwfile);
            out << password << "\n";
        }
        check(::chown(pwfile.c_str(), m_account.uid, m_account.gid) == 0 && ::chmod(pwfile.c_str(), 0600) == 0,
              "chown " + pwfile);
        std::vector<std::string> initdb{bin + "/initdb", "-D", k_data, "-U", user, "-E", "UTF8", "--locale=C.UTF-8",
                                        "--auth-local=trust", "--auth-host=" + host_auth, "--no-sync"};
        if (!password.empty())
            initdb.push_back("--pwfile=" + pwfile);
        const int initialized = wait_for(start_as(m_account, initdb, dir + "/initdb.log"));
        ::unlink(pwfile.c_str());
        if (initialized != 0)
            throw Failure{"initdb failed (exit " + std::to_string(initialized) + "): " + tail_of(dir + "/initdb.log")};

        std::vector<std::string> server{bin + "/postgres", "-D", k_data, "-p", "5432", "-c",
                                        "listen_addresses=127.0.0.1,::1", "-c", std::string("unix_socket_directories=") + k_sockets,
                                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"};
        if (m_service.command && !m_service.command->empty()) {
            // The image's CMD override: `postgres -c …` keeps the server's options; anything else is not ours.
            const auto& words = *m_service.command;
            if (words.front() == "postgres")
                server.insert(server.end(), words.begin() + 1, words.end());
            else
                report_log(k_helper_status_fd, "warning", m_service.name,
                           "command '" + words.front() + "' is ignored: the postgres adapter only runs the server");
        }
        m_server = start_as(m_account, server, m_log);
        wait_ready();
        if (database != "postgres")
            create_database(user, database);
    }

    pid_t server() const { return m_server; }
    const std::string& log() const { return m_log; }

    /// Fast shutdown (SIGINT), then SIGKILL after `grace`.
    void stop(std::chrono::milliseconds grace)
    {
        if (m_server <= 0)
            return;
        ::kill(m_server, SIGINT);
        const auto deadline = std::chrono::steady_clock::now() + grace;
        int status = 0;
        while (::waitpid(m_server, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(m_server, SIGKILL);
                wait_for(m_server);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        m_server = -1;
    }

    void forget_server() { m_server = -1; }

private:
    void wait_ready()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(m_config.service_ready_timeout);
        const std::string isready = m_bin + "/pg_isready";
        while (true) {
            int status = 0;
            if (::waitpid(m_server, &status, WNOHANG) == m_server) {
                m_server = -1;
                throw Failure{"the server ended while starting: " + tail_of(m_log)};
            }
            if (wait_for(start_as(m_account, {isready, "-q", "-h", k_sockets, "-p", "5432"}, "/dev/null")) == 0)
                return;
            if (std::chrono::steady_clock::now() > deadline)
                throw Failure{"not accepting connections after " + std::to_string(m_config.service_ready_timeout) +
                              " s: " + tail_of(m_log)};
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    }

    void create_database(const std::string& user, const std::string& database)
    {
        const std::string sql = "CREATE DATABASE " + quoted_identifier(database);
        const std::string log = m_config.container_dir(m_service.name) + "/createdb.log";
        const int created = wait_for(start_as(m_account,
                                              {m_bin + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", k_sockets,
                                               "-p", "5432", "-U", user, "-d", "postgres", "-c", sql},
                                              log));
        if (created != 0)
            throw Failure{"cannot create database " + database + ": " + tail_of(log)};
    }

    const RunConfig& m_config;
    const ServiceConfig& m_service;
    std::string m_bin;
    std::string m_log;
    Account m_account{};
    pid_t m_server = -1;
};

/// Until SIGTERM/SIGINT/SIGHUP or the supervisor's end; false when the server ended by itself.
bool serve(Postgres& postgres)
{
    const sigset_t handled = helper_signals();
    const int signals = ::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signals < 0)
        return true;
    while (true) {
        pollfd fds[2] = {{signals, POLLIN, 0}, {k_helper_status_fd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0)
            continue;
        if (fds[1].revents)
            return true; // the supervisor is gone (or closed our channel): stop
        signalfd_siginfo info{};
        bool stop = false;
        while (::read(signals, &info, sizeof(info)) == sizeof(info))
            stop = stop || info.ssi_signo != SIGCHLD;
        int status = 0;
        pid_t pid = 0;
        while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0)
            if (pid == postgres.server()) {
                postgres.forget_server();
                return false;
            }
        if (stop)
            return true;
    }
}

} // namespace

int service_main(const RunConfig& config, const std::string& name)
{
    const int status = k_helper_status_fd;
    const ServiceConfig* service = config.service(name);
    if (!service || service->adapter != "postgres") {
        send_message(status, {"failed", "service " + name + ": no adapter"});
        return 1;
    }
    // Blocked only: no SIGPIPE change here, the server started from this process inherits dispositions.
    const sigset_t handled = helper_signals();
    ::sigprocmask(SIG_BLOCK, &handled, nullptr);
    Postgres postgres(config, *service);
    try {
        postgres.start();
    } catch (const Failure& failure) {
        postgres.stop(std::chrono::milliseconds(2000));
        send_message(status, {"failed", "service " + name + " (" + service->image + "): " + failure.text});
        return 1;
    }
    send_message(status, {"ready"});
    const bool asked = serve(postgres);
    if (!asked)
        report_log(status, "error", name, "the PostgreSQL server ended: " + tail_of(postgres.log()));
    postgres.stop(std::chrono::milliseconds(5000));
    return asked ? 0 : 1;
}

} // namespace mel::packages::work::local
