#pragma once

// Helpers for the process unit tests (header-only: the test binary globs *_test.cpp). Tests are Mélodium
// programs: a registry holding std, the packages and a small `proctest` package of probes (a byte source, a
// delayed trigger, collectors recording what they receive), a standalone .mel text checked by the front end as
// `melodium run` does, then run by the engine. Also: what this process holds (descriptors, children), to check
// that nothing is left behind.

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <dirent.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frontend/sema/check.h"
#include "packages/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"
#include "stdlib/register.h"

namespace mel::packages::process_testing {

namespace rt = ::mel::engine;
namespace stdfs = std::filesystem;

// ---- what the probes saw ------------------------------------------------------------------------------

struct Record {
    std::vector<Value> values; // every value (not for bytes)
    std::string bytes;         // the bytes, concatenated
    int closed = 0;            // how many times the input closed
    std::vector<std::chrono::steady_clock::time_point> arrivals; // one per batch
};

struct Sink {
    std::mutex mutex;
    std::map<std::string, Record> records;
    std::map<std::string, std::string> sources; // content of the `bytes` probe, by name
    std::vector<std::string> order;             // names of the collectors, in the order values reached them

    void clear()
    {
        std::lock_guard lock(mutex);
        records.clear();
        sources.clear();
        order.clear();
    }
    Record get(const std::string& name)
    {
        std::lock_guard lock(mutex);
        return records[name];
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

/// `bytes(name: string, chunk: u64)`: on `trigger`, sends sink().sources[name] in batches of `chunk` bytes.
inline rt::Task<> bytes_body(rt::TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& data = ctx.output("data");
    const auto triggered = co_await trigger.recv_one();
    if (!triggered)
        co_return;
    std::string content;
    {
        std::lock_guard lock(sink().mutex);
        content = sink().sources[ctx.param("name").as_string()];
    }
    const std::size_t chunk = static_cast<std::size_t>(ctx.param("chunk").as_u64());
    for (std::size_t at = 0; at < content.size(); at += chunk) {
        const std::size_t n = std::min(chunk, content.size() - at);
        const auto* begin = reinterpret_cast<const std::byte*>(content.data() + at);
        const bool sent = co_await data.send_bytes(std::span<const std::byte>(begin, n));
        if (!sent)
            co_return;
    }
}

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
/// (bytes as text).
inline rt::Task<> collect_body(rt::TreatmentContext& ctx)
{
    auto& in = ctx.input("values");
    const std::string name = ctx.param("name").as_string();
    while (auto batch = co_await in.recv_many()) {
        std::lock_guard lock(sink().mutex);
        Record& record = sink().records[name];
        if (batch->kind() == rt::BatchKind::Byte) {
            const auto bytes = batch->bytes();
            record.bytes.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        } else {
            for (std::size_t i = 0; i < batch->size(); ++i)
                record.values.push_back(batch->value_at(i));
        }
        record.arrivals.push_back(std::chrono::steady_clock::now());
        sink().order.push_back(name);
    }
    std::lock_guard lock(sink().mutex);
    sink().records[name].closed += 1;
}

inline void declare(Registry& r)
{
    r.add_package("proctest");
    auto area = r.area("proctest/probe");
    area.treatment("bytes")
        .param("name", "string")
        .param("chunk", "u64", Value::u64(65536))
        .input("trigger", "Block<void>")
        .output("data", "Stream<byte>")
        .doc("Test: sends the bytes registered under `name`.")
        .implementation(rt::make_treatment(bytes_body));
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
    area.treatment("collectBlock")
        .generic("T")
        .param("name", "string")
        .input("values", "Block<T>")
        .doc("Test: records a block.")
        .implementation(rt::make_treatment(collect_body));
}

} // namespace probes

/// std, the packages and proctest, registered once.
inline const Registry& registry()
{
    static const Registry r = [] {
        Registry reg;
        stdlib::register_std(reg);
        register_packages(reg);
        probes::declare(reg);
        return reg;
    }();
    return r;
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

// ---- temporary directories ----------------------------------------------------------------------------

/// A fresh directory, removed with its content at the end of the test.
class TempDir {
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        std::random_device random;
        m_path = stdfs::temp_directory_path() /
                 ("mel_process_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                  std::to_string(random()));
        stdfs::create_directories(m_path);
        m_path = stdfs::canonical(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ec;
        stdfs::remove_all(m_path, ec);
    }
    const stdfs::path& path() const { return m_path; }
    std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    stdfs::path m_path;
};

inline void write_file(const stdfs::path& path, const std::string& content)
{
    stdfs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    REQUIRE(out.good());
}

inline std::string read_file(const stdfs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// ---- checking and running programs --------------------------------------------------------------------

struct Outcome {
    bool checked = false;
    std::string diagnostics;
    int code = -1;
    std::vector<rt::LogRecord> logs;

    std::string all_logs() const
    {
        std::string out;
        for (const auto& r : logs)
            out += r.label + ": " + r.message + "\n";
        return out;
    }
};

inline std::string render(const frontend::SourceManager& sources, const frontend::Diagnostics& diags)
{
    std::string out;
    for (const auto& d : diags.sorted())
        out += frontend::render_message(sources, diags, d) + "\n";
    return out;
}

/// Checks `body` (after a header requiring std, fs, process and proctest, and `use`s of the probes) as a
/// standalone program, then runs its `main` treatment.
inline Outcome run_program(const std::string& body, const stdfs::path& directory)
{
    Outcome outcome;
    const stdfs::path file = directory / "process_test_program.mel";
    write_file(file, "#!/usr/bin/env melodium\n"
                     "#! name = process_test\n"
                     "#! version = 0.1.0\n"
                     "#! require = std:0.10.2 fs:0.10.2 process:0.10.2 proctest:0.10.2\n\n"
                     "use proctest/probe::bytes\n"
                     "use proctest/probe::delay\n"
                     "use proctest/probe::collect\n"
                     "use proctest/probe::collectBlock\n" +
                         body);

    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    frontend::CheckRequest request;
    request.file = file.string();
    auto program = frontend::check_program(request, registry(), sources, diags);
    outcome.diagnostics = render(sources, diags);
    if (!program || diags.has_errors() || program->entrypoints.empty())
        return outcome;
    const Element* entry = program->find(program->entrypoints.front().second);
    if (!entry || entry->kind != ElementKind::Treatment)
        return outcome;
    outcome.checked = true;

    rt::RunOptions options;
    options.threads = 2;
    options.console = nullptr;
    options.handle_signals = false;
    auto logs = std::make_shared<std::vector<rt::LogRecord>>();
    options.log_observer = [logs](const rt::LogRecord& r) { logs->push_back(r); };
    {
        rt::World world(options);
        auto built = world.genesis(*entry->treatment, {});
        if (!built.ok()) {
            outcome.diagnostics += "genesis: " + built.error().message + "\n";
            return outcome;
        }
        outcome.code = world.live();
    }
    outcome.logs = *logs;
    return outcome;
}

/// Runs and requires a clean check and exit code 0.
inline Outcome run_ok(const std::string& body, const stdfs::path& directory)
{
    const Outcome outcome = run_program(body, directory);
    INFO(outcome.diagnostics);
    INFO(outcome.all_logs());
    REQUIRE(outcome.checked);
    REQUIRE(outcome.code == 0);
    return outcome;
}

/// Quotes `text` as a Mélodium string literal.
inline std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

/// `size` bytes of a deterministic pseudo-random content.
inline std::string pattern(std::size_t size, std::uint32_t seed = 1)
{
    std::string out(size, '\0');
    std::uint32_t x = seed;
    for (auto& c : out) {
        x = x * 1664525u + 1013904223u;
        c = static_cast<char>(x >> 24);
    }
    return out;
}

} // namespace mel::packages::process_testing
