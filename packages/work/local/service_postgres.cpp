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

#include "packages/work/local/supervisor_protocol.h"
#include "packages/work/local/wire.h"

namespace mel::packages::work::local {

namespace {

namespace stdfs = std::filesystem;

constexpr const char* k_base = "/run/melodium";
constexpr const char* k_data = "/run/melodium/data";
constexpr const char* k_sockets = "/run/postgresql";

std::string env_or(const ServiceConfig& service, const std::string& name, const std::string& fallback)
{
    const auto it = service.env.find(name);
    return it == service.env.end() || it->second.empty() ? fallback : it->second;
}

/// The newest /usr/lib/postgresql/<version>/bin holding a server.
Result<std::pair<int, std::string>> postgres_binaries()
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
        return Error{"no PostgreSQL server under /usr/lib/postgresql (install Debian's `postgresql` package)"};
    return best;
}

struct Account {
    uid_t uid;
    gid_t gid;
};

Result<Account> postgres_account()
{
    const passwd* entry = ::getpwnam("postgres");
    if (!entry)
        return Error{"no `postgres` user on this machine (install Debian's `postgresql` package)"};
    return Account{entry->pw_uid, entry->pw_gid};
}

/// Starts `argv` as the postgres user, stdout and stderr appended to `log`.
Result<pid_t> start_as(const Account& account, const std::vector<std::string>& argv, const std::string& log)
{
    std::vector<std::string> texts = argv;
    std::vector<char*> pointers;
    for (auto& t : texts)
        pointers.push_back(t.data());
    pointers.push_back(nullptr);
    const char* env[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/run/melodium", nullptr};
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (out < 0)
        return system_failure("open " + log);
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
    if (pid < 0)
        return system_failure("fork", error);
    return pid;
}

int wait_for(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Runs `argv` as the postgres user to its end (start_as); its exit code (128 + signal when killed).
Result<int> run_as(const Account& account, const std::vector<std::string>& argv, const std::string& log)
{
    const auto pid = start_as(account, argv, log);
    if (!pid.ok())
        return pid.error();
    return wait_for(pid.value());
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

/// A private /run, /tmp and /dev/shm for the server, and the data directory at k_data.
Status private_mounts(const std::string& data_dir, const Account& account)
{
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return system_failure("make the mounts private");
    const std::pair<const char*, const char*> tmpfs[] = {
        {"/run", "mode=755"}, {"/tmp", "mode=1777"}, {"/dev/shm", "mode=1777"}};
    for (const auto& [point, options] : tmpfs)
        if (::mount("tmpfs", point, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
            return system_failure(std::string("mount tmpfs on ") + point);
    if (Status s = make_directories(k_data, std::string("mkdir ") + k_data); !s.ok())
        return s;
    if (::mkdir(k_sockets, 0775) != 0 && errno != EEXIST)
        return system_failure(std::string("mkdir ") + k_sockets);
    if (::chown(k_sockets, account.uid, account.gid) != 0)
        return system_failure(std::string("chown ") + k_sockets);
    if (Status s = make_directories(data_dir, "mkdir " + data_dir); !s.ok())
        return s;
    if (::chown(data_dir.c_str(), account.uid, account.gid) != 0 || ::chmod(data_dir.c_str(), 0700) != 0)
        return system_failure("chown " + data_dir);
    if (::mount(data_dir.c_str(), k_data, nullptr, MS_BIND, nullptr) != 0)
        return system_failure("bind the data directory");
    return success();
}

class Postgres {
public:
    Postgres(const RunConfig& config, const ServiceConfig& service) : m_config(config), m_service(service) {}

    /// Initializes and starts the server; returns once it is ready.
    Status start()
    {
        const auto binaries = postgres_binaries();
        if (!binaries.ok())
            return binaries.error();
        const auto [version, bin] = binaries.value();
        m_bin = bin;
        const auto account = postgres_account();
        if (!account.ok())
            return account.error();
        m_account = account.value();
        const std::string dir = m_config.container_dir(m_service.name);
        m_log = dir + "/postgres.log";
        if (Status s = make_directories(dir, "mkdir " + dir); !s.ok())
            return s;
        if (Status s = private_mounts(dir + "/data", m_account); !s.ok())
            return s;

        const std::string user = env_or(m_service, "POSTGRES_USER", "postgres");
        const std::string password = env_or(m_service, "POSTGRES_PASSWORD", "");
        const std::string database = env_or(m_service, "POSTGRES_DB", user);
        std::string host_auth = env_or(m_service, "POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
        if (password.empty() && host_auth != "trust")
            return Error{"POSTGRES_PASSWORD is not set (as the postgres image, the adapter refuses to start; set "
                         "POSTGRES_HOST_AUTH_METHOD=trust to allow connections without a password)"};
        report_log(k_helper_status_fd, engine::LogLevel::Info, m_service.name,
                   "image " + m_service.image + ": PostgreSQL " + std::to_string(version) +
                       " from the host's binaries (" + bin + ")");
        if (Status s = initialize(user, password, host_auth); !s.ok())
            return s;
        const auto server = start_as(m_account, server_command(), m_log);
        if (!server.ok())
            return server.error();
        m_server = server.value();
        if (Status s = wait_ready(); !s.ok())
            return s;
        if (database != "postgres")
            return create_database(user, database);
        return success();
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
    /// initdb with `user` as superuser and `password` (through a file only the postgres user reads).
    Status initialize(const std::string& user, const std::string& password, const std::string& host_auth)
    {
        const std::string dir = m_config.container_dir(m_service.name);
        const std::string pwfile = std::string(k_base) + "/pwfile";
        {
            std::ofstream out(pwfile);
            out << password << "\n";
        }
        if (::chown(pwfile.c_str(), m_account.uid, m_account.gid) != 0 || ::chmod(pwfile.c_str(), 0600) != 0)
            return system_failure("chown " + pwfile);
        std::vector<std::string> initdb{m_bin + "/initdb", "-D", k_data, "-U", user, "-E", "UTF8", "--locale=C.UTF-8",
                                        "--auth-local=trust", "--auth-host=" + host_auth, "--no-sync"};
        if (!password.empty())
            initdb.push_back("--pwfile=" + pwfile);
        const auto initialized = run_as(m_account, initdb, dir + "/initdb.log");
        ::unlink(pwfile.c_str());
        if (!initialized.ok())
            return initialized.error();
        if (initialized.value() != 0)
            return Error{"initdb failed (exit " + std::to_string(initialized.value()) +
                         "): " + tail_of(dir + "/initdb.log")};
        return success();
    }

    /// The server's command line: our options, then those of a `postgres …` command override.
    std::vector<std::string> server_command() const
    {
        std::vector<std::string> server{m_bin + "/postgres", "-D", k_data, "-p", "5432", "-c",
                                        "listen_addresses=127.0.0.1,::1", "-c", std::string("unix_socket_directories=") + k_sockets,
                                        "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"};
        if (m_service.command && !m_service.command->empty()) {
            // The image's CMD override: `postgres -c …` keeps the server's options; anything else is not ours.
            const auto& words = *m_service.command;
            if (words.front() == "postgres")
                server.insert(server.end(), words.begin() + 1, words.end());
            else
                report_log(k_helper_status_fd, engine::LogLevel::Warning, m_service.name,
                           "command '" + words.front() + "' is ignored: the postgres adapter only runs the server");
        }
        return server;
    }

    Status wait_ready()
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(m_config.service_ready_timeout);
        const std::string isready = m_bin + "/pg_isready";
        while (true) {
            int status = 0;
            if (::waitpid(m_server, &status, WNOHANG) == m_server) {
                m_server = -1;
                return Error{"the server ended while starting: " + tail_of(m_log)};
            }
            const auto ready = run_as(m_account, {isready, "-q", "-h", k_sockets, "-p", "5432"}, "/dev/null");
            if (!ready.ok())
                return ready.error();
            if (ready.value() == 0)
                return success();
            if (std::chrono::steady_clock::now() > deadline)
                return Error{"not accepting connections after " + std::to_string(m_config.service_ready_timeout) +
                             " s: " + tail_of(m_log)};
            std::this_thread::sleep_for(std::chrono::milliseconds(30));
        }
    }

    Status create_database(const std::string& user, const std::string& database)
    {
        const std::string sql = "CREATE DATABASE " + quoted_identifier(database);
        const std::string log = m_config.container_dir(m_service.name) + "/createdb.log";
        const auto created = run_as(m_account,
                                    {m_bin + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", k_sockets, "-p",
                                     "5432", "-U", user, "-d", "postgres", "-c", sql},
                                    log);
        if (!created.ok())
            return created.error();
        if (created.value() != 0)
            return Error{"cannot create database " + database + ": " + tail_of(log)};
        return success();
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
    if (!service || service->adapter != k_postgres_adapter) {
        send_message(status, encode_failed("service " + name + ": no adapter"));
        return 1;
    }
    // Blocked only: no SIGPIPE change here, the server started from this process inherits dispositions.
    const sigset_t handled = helper_signals();
    ::sigprocmask(SIG_BLOCK, &handled, nullptr);
    Postgres postgres(config, *service);
    if (const Status started = postgres.start(); !started.ok()) {
        postgres.stop(std::chrono::milliseconds(2000));
        send_message(status, encode_failed("service " + name + " (" + service->image + "): " + started.error().message));
        return 1;
    }
    send_message(status, encode_ready());
    const bool asked = serve(postgres);
    if (!asked)
        report_log(status, engine::LogLevel::Error, name, "the PostgreSQL server ended: " + tail_of(postgres.log()));
    postgres.stop(std::chrono::milliseconds(5000));
    return asked ? 0 : 1;
}

} // namespace mel::packages::work::local
