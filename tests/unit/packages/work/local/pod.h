#pragma once

// Helpers for the local provisioner's tests (header-only: the test binary globs *_test.cpp): the melodium
// binary of this build tree (its hidden `agent` mode runs the pod's helpers), a fresh state directory, a
// synchronous client of the exec agent protocol, and what a torn-down pod must not leave behind.

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "packages/work/local/agent_protocol.h"
#include "packages/work/local/local_provisioner.h"
#include "packages/work/local/wire.h"
#include "stdlib/engine/ids.h"
#include "tests/unit/packages/process/program.h"

namespace mel::packages::work::local::testing {

namespace stdfs = std::filesystem;
using process_testing::processes_with;
using process_testing::read_file;
using process_testing::TempDir;

/// build/<kind>/tests/unit/packages_tests → build/<kind>/cli/melodium.
inline std::string melodium_binary()
{
    const stdfs::path self = stdfs::read_symlink("/proc/self/exe");
    const stdfs::path binary = self.parent_path().parent_path().parent_path() / "cli" / "melodium";
    INFO("the melodium executable of this build tree: " << binary.string());
    REQUIRE(stdfs::exists(binary));
    return binary.string();
}

/// A worker that records its environment and arguments in `dir`, then lives until its socket (fd 3) ends.
inline std::vector<std::string> recording_worker(const std::string& dir)
{
    return {"/bin/sh", "-c",
            "env > '" + dir + "/worker.env'; printf '%s\\n' \"$@\" > '" + dir + "/worker.args'; exec cat <&3 >/dev/null",
            "worker"};
}

inline LocalOptions test_options(const std::string& state, const std::string& record_dir)
{
    LocalOptions options;
    options.melodium_binary = melodium_binary();
    options.state_dir = state;
    options.keep_runs = false;
    options.worker_command = recording_worker(record_dir);
    return options;
}

inline WorkerRequest request_with(std::vector<ContainerSpec> containers, std::vector<ServiceSpec> services = {},
                                  std::uint32_t max_duration = 600)
{
    WorkerRequest request;
    request.max_duration = max_duration;
    request.volumes = {VolumeSpec{"data", 100}};
    request.containers = std::move(containers);
    request.services = std::move(services);
    request.secret_key = stdlib::engine::random_uuid_v4();
    request.group_id = stdlib::engine::random_uuid_v4();
    return request;
}

inline ContainerSpec build_container()
{
    ContainerSpec build;
    build.name = "build";
    build.image = "rust:1.82-slim";
    build.mounts = {MountSpec{"data", "/mnt/data"}};
    return build;
}

inline ServiceSpec postgres_service()
{
    ServiceSpec postgres;
    postgres.name = "postgres";
    postgres.image = "postgres:16";
    postgres.env = {{"POSTGRES_USER", "ci"}, {"POSTGRES_PASSWORD", "ci"}, {"POSTGRES_DB", "ci_test"}};
    return postgres;
}

/// Log lines of a provisioning, "label: message".
struct Logs {
    std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::vector<std::string>> lines = std::make_shared<std::vector<std::string>>();
    ProvisionLog sink() const
    {
        return [m = mutex, l = lines](engine::LogLevel, const std::string& label, const std::string& text) {
            std::lock_guard lock(*m);
            l->push_back(label + ": " + text);
        };
    }
    std::string all() const
    {
        std::lock_guard lock(*mutex);
        std::string out;
        for (const auto& line : *lines)
            out += line + "\n";
        return out;
    }
};

/// The only run directory under `state`.
inline std::string only_run_dir(const std::string& state)
{
    std::vector<std::string> runs;
    std::error_code ec;
    for (const auto& group : stdfs::directory_iterator(state + "/runs", ec))
        for (const auto& run : stdfs::directory_iterator(group.path(), ec))
            runs.push_back(run.path().string());
    REQUIRE(runs.size() == 1);
    return runs.front();
}

inline bool runs_empty(const std::string& state)
{
    std::error_code ec;
    return stdfs::is_empty(state + "/runs", ec) || !stdfs::exists(state + "/runs");
}

/// Mount points of this (the host's) mount namespace under `dir`.
inline std::vector<std::string> mounts_under(const std::string& dir)
{
    std::vector<std::string> out;
    std::istringstream in(read_file("/proc/self/mountinfo"));
    std::string line;
    while (std::getline(in, line))
        if (line.find(dir) != std::string::npos)
            out.push_back(line);
    return out;
}

/// No process mentions `marker` in its command line, within `limit`.
inline bool no_process_within(const std::string& marker, std::chrono::milliseconds limit)
{
    return process_testing::gone_within(marker, limit);
}

/// The parent of `pid` (0 when it is gone).
inline pid_t parent_of(pid_t pid)
{
    const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    const auto end_of_name = stat.rfind(')');
    if (end_of_name == std::string::npos)
        return 0;
    std::istringstream fields(stat.substr(end_of_name + 1));
    std::string state;
    pid_t parent = 0;
    fields >> state >> parent;
    return parent;
}

/// The processes mentioning `marker` in their command line that this test process started (directly or not):
/// another test's pod running beside this one (a CI pipeline test, under `ctest -j`) is not ours.
inline std::vector<pid_t> own_processes_with(const std::string& marker)
{
    std::vector<pid_t> own;
    for (const pid_t pid : process_testing::processes_with(marker)) {
        pid_t p = pid;
        for (int hops = 0; p > 1 && p != ::getpid() && hops < 64; ++hops)
            p = parent_of(p);
        if (p == ::getpid())
            own.push_back(pid);
    }
    return own;
}

/// Whether each of `pids` has ended (or is a zombie: its command line is empty) within `limit`.
inline bool ended_within(const std::vector<pid_t>& pids, std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    auto running = [](pid_t pid) { return !read_file("/proc/" + std::to_string(pid) + "/cmdline").empty(); };
    while (std::any_of(pids.begin(), pids.end(), running)) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        ::usleep(2000);
    }
    return true;
}

// ---- a synchronous client of the exec agent -----------------------------------------------------------------

struct Exec {
    int socket = -1;
    int out = -1;
    int err = -1;
    std::string failure; // when the agent refused
    pid_t pid = -1;
};

struct ExecEnd {
    std::string out;
    std::string err;
    std::optional<int> exit;   // "exited"
    std::optional<int> signal; // "signaled"
    bool lost = false;         // the connection ended without a report (the container was killed)
};

inline Exec exec_start(const std::string& socket_path, const std::vector<std::string>& argv,
                       const std::vector<std::pair<std::string, std::string>>& variables = {},
                       std::optional<std::string> working_directory = std::nullopt)
{
    Exec exec;
    exec.socket = connect_unix(socket_path);
    REQUIRE(exec.socket >= 0);
    int out[2], err[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
    ExecRequest request;
    request.argv = argv;
    request.variables = variables;
    request.working_directory = std::move(working_directory);
    request.stdout_piped = request.stderr_piped = true;
    REQUIRE(send_message(exec.socket, encode_exec(request), {out[1], err[1]}) == 0);
    ::close(out[1]);
    ::close(err[1]);
    exec.out = out[0];
    exec.err = err[0];
    Strings reply;
    REQUIRE(receive_message(exec.socket, reply) == Received::Message);
    REQUIRE(reply.size() == 2);
    if (reply[0] == k_failed)
        exec.failure = reply[1];
    else {
        REQUIRE(reply[0] == k_started);
        exec.pid = std::stoi(reply[1]);
    }
    return exec;
}

inline void exec_kill(const Exec& exec)
{
    CHECK(send_message(exec.socket, {k_kill}) == 0);
}

/// Reads stdout and stderr to their end, then the agent's report.
inline ExecEnd exec_finish(Exec& exec)
{
    ExecEnd end;
    int* fds[2] = {&exec.out, &exec.err};
    std::string* texts[2] = {&end.out, &end.err};
    while (exec.out >= 0 || exec.err >= 0) {
        pollfd entries[2] = {{exec.out, POLLIN, 0}, {exec.err, POLLIN, 0}};
        REQUIRE(::poll(entries, 2, 30000) > 0);
        for (int i = 0; i < 2; ++i) {
            if (*fds[i] < 0 || !entries[i].revents)
                continue;
            char buffer[4096];
            const ssize_t got = ::read(*fds[i], buffer, sizeof(buffer));
            if (got > 0)
                texts[i]->append(buffer, static_cast<std::size_t>(got));
            else {
                ::close(*fds[i]);
                *fds[i] = -1;
            }
        }
    }
    Strings report;
    const Received got = receive_message_within(exec.socket, report, 30000);
    if (got == Received::Message && report.size() == 2 && report[0] == k_exited)
        end.exit = std::stoi(report[1]);
    else if (got == Received::Message && report.size() == 2 && report[0] == k_signaled)
        end.signal = std::stoi(report[1]);
    else
        end.lost = true;
    ::close(exec.socket);
    exec.socket = -1;
    return end;
}

inline ExecEnd exec_run(const std::string& socket_path, const std::vector<std::string>& argv,
                        const std::vector<std::pair<std::string, std::string>>& variables = {},
                        std::optional<std::string> working_directory = std::nullopt)
{
    Exec exec = exec_start(socket_path, argv, variables, std::move(working_directory));
    if (!exec.failure.empty()) {
        ::close(exec.out);
        ::close(exec.err);
        ::close(exec.socket);
        FAIL("the agent refused: " << exec.failure);
    }
    return exec_finish(exec);
}

/// The value of NAME in a recorded `env` output.
inline std::string env_value(const std::string& env, const std::string& name)
{
    std::istringstream in(env);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(name + "=", 0) == 0)
            return line.substr(name.size() + 1);
    return {};
}

inline std::string joined(const std::vector<std::string>& lines)
{
    std::string out;
    for (const auto& line : lines)
        out += line + "\n";
    return out;
}

inline double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

} // namespace mel::packages::work::local::testing
