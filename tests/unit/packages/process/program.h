#pragma once

// Helpers for the process unit tests, on the shared harness (tests/unit/packages/testing/program.h): the
// `proctest` probe package (a byte source, a delayed trigger, collectors recording what they receive, when,
// and in which order), the header of the test programs, and what this process holds (descriptors, children),
// to check that nothing is left behind.

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/packages/testing/program.h"

namespace mel::packages::process_testing {

using namespace ::mel::packages::testing;

// ---- what the probes saw ------------------------------------------------------------------------------

struct Record : RecordBase {
    std::vector<std::chrono::steady_clock::time_point> arrivals; // one per batch
};

struct Sink : SinkBase<Record> {
    std::vector<std::string> order; // names of the collectors, in the order values reached them

    void clear()
    {
        SinkBase::clear();
        std::lock_guard lock(mutex);
        order.clear();
    }
    bool fired(const std::string& name)
    {
        std::lock_guard lock(mutex);
        auto it = records.find(name);
        return it != records.end() && !it->second.values.empty();
    }
    std::vector<std::string> sequence()
    {
        std::lock_guard lock(mutex);
        return order;
    }
};

inline Sink& sink()
{
    static Sink s;
    return s;
}

// ---- the proctest package -----------------------------------------------------------------------------

namespace probes {

/// `delay(ms: u64)`: `trigger` → `delayed`, `ms` milliseconds later.
inline rt::Task<> delay_body(rt::TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& delayed = ctx.output("delayed");
    const auto triggered = co_await trigger.recv_one();
    if (!triggered)
        co_return;
    co_await rt::sleep_for(std::chrono::milliseconds(ctx.param("ms").as_u64()));
    co_await delayed.send_one(Value());
}

/// `collect<T>(name: string)` on a stream, `collectBlock<T>(name: string)` on a block: records what arrives
/// (bytes as text), when, and in which order among the collectors.
inline rt::Task<> collect_body(rt::TreatmentContext& ctx)
{
    auto& in = ctx.input("values");
    const std::string name = ctx.param("name").as_string();
    while (auto batch = co_await in.recv_many()) {
        std::lock_guard lock(sink().mutex);
        Record& record = sink().records[name];
        record.add(*batch);
        record.arrivals.push_back(std::chrono::steady_clock::now());
        sink().order.push_back(name);
    }
    sink().close(name);
}

/// `bytes` and `collectBlock` (the shared harness), `delay` and `collect`.
inline void declare(Registry& r)
{
    AreaBuilder area = declare_probe_package<&sink>(r, "proctest", collect_body);
    area.treatment("delay")
        .param("ms", "u64")
        .input("trigger", "Block<void>")
        .output("delayed", "Block<void>")
        .doc("Test: forwards `trigger` after `ms` milliseconds.")
        .implementation(rt::make_treatment(delay_body));
    area.treatment("collect")
        .generic("T")
        .param("name", "string")
        .input("values", "Stream<T>")
        .doc("Test: records a stream.")
        .implementation(rt::make_treatment(collect_body));
}

} // namespace probes

/// std, the packages and proctest, registered once.
inline const Registry& registry()
{
    return registry_with<probes::declare>();
}

// ---- what this process holds ----------------------------------------------------------------------------

/// The descriptors this process has open (their numbers).
inline std::set<int> open_descriptors()
{
    std::set<int> fds;
    DIR* dir = ::opendir("/proc/self/fd");
    REQUIRE(dir != nullptr);
    const int own = ::dirfd(dir);
    while (const dirent* entry = ::readdir(dir)) {
        if (entry->d_name[0] == '.')
            continue;
        const int fd = std::stoi(entry->d_name);
        if (fd != own)
            fds.insert(fd);
    }
    ::closedir(dir);
    return fds;
}

/// Whether this process has any child, running or ended and not reaped (without reaping it).
inline bool has_children()
{
    siginfo_t info{};
    return !(::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 && errno == ECHILD);
}

/// Whether a process `pid` exists (zombie included).
inline bool process_exists(pid_t pid)
{
    return stdfs::exists("/proc/" + std::to_string(pid));
}

/// Whether any process runs `marker` in its command line (other than as part of this test's own).
inline std::vector<pid_t> processes_with(const std::string& marker)
{
    std::vector<pid_t> out;
    for (const auto& entry : stdfs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        if (cmdline.find(marker) != std::string::npos && std::stoi(name) != ::getpid())
            out.push_back(std::stoi(name));
    }
    return out;
}

/// Whether every process running `marker` is gone within `limit` (a SIGKILL takes effect when the killed process
/// next runs, a little after kill() returns).
inline bool gone_within(const std::string& marker, std::chrono::milliseconds limit = std::chrono::milliseconds(1000))
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!processes_with(marker).empty()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        ::usleep(2000);
    }
    return true;
}

/// Snapshot of descriptors and children, compared at the end of a test.
class NothingLeft {
public:
    NothingLeft() : m_fds(open_descriptors()) {}
    void check() const
    {
        CHECK(open_descriptors() == m_fds);
        CHECK(!has_children());
    }

private:
    std::set<int> m_fds;
};

// ---- checking and running programs --------------------------------------------------------------------

/// Checks `body` (after a header requiring std, fs, process and proctest, and `use`s of the probes) as a
/// standalone program, then runs its `main` treatment.
inline Outcome run_program(const std::string& body, const stdfs::path& directory)
{
    return check_and_run(registry(), directory / "process_test_program.mel",
                         "#!/usr/bin/env melodium\n"
                         "#! name = process_test\n"
                         "#! version = 0.1.0\n"
                         "#! require = std:0.10.2 fs:0.10.2 process:0.10.2 proctest:0.10.2\n\n"
                         "use proctest/probe::bytes\n"
                         "use proctest/probe::delay\n"
                         "use proctest/probe::collect\n"
                         "use proctest/probe::collectBlock\n" +
                             body);
}

/// Runs and requires a clean check and exit code 0.
inline Outcome run_ok(const std::string& body, const stdfs::path& directory)
{
    Outcome outcome = run_program(body, directory);
    require_ok(outcome);
    return outcome;
}

} // namespace mel::packages::process_testing
