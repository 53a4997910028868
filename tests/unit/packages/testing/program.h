#pragma once

// What the package unit tests share (header-only: the test binary globs *_test.cpp). Their tests are Mélodium
// programs: a registry holding std, the packages and a small probe package of the tests' own (`fstest` in
// tests/unit/packages/fs/program.h, `proctest` in tests/unit/packages/process/program.h), a standalone .mel
// text checked by the front end as `melodium run` does, then run by the engine. Here: what the probes record,
// the `bytes` source and the `collectBlock` collector both probe packages have, the registry, temporary
// directories and files, checking and running a program.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "frontend/sema/check.h"
#include "packages/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "stdlib/register.h"

namespace mel::packages::testing {

namespace rt = ::mel::engine;
namespace stdfs = std::filesystem;

// ---- what the probes saw ------------------------------------------------------------------------------

/// What one collector received; a probe package's `Record` adds what its own collector notes.
struct RecordBase {
    std::vector<Value> values; // every value (not for bytes)
    std::string bytes;         // the bytes, concatenated
    int closed = 0;            // how many times the input closed

    /// Adds what `batch` carries (bytes as text).
    void add(const rt::Batch& batch)
    {
        if (batch.kind() == rt::BatchKind::Byte) {
            const auto received = batch.bytes();
            bytes.append(reinterpret_cast<const char*>(received.data()), received.size());
        } else {
            for (std::size_t i = 0; i < batch.size(); ++i)
                values.push_back(batch.value_at(i));
        }
    }
};

/// What the collectors of a probe package received (its `Record`s, by name) and what its `bytes` probe sends.
template<class Record> struct SinkBase {
    std::mutex mutex;
    std::map<std::string, Record> records;
    std::map<std::string, std::string> sources; // content of the `bytes` probe, by name

    void clear()
    {
        std::lock_guard lock(mutex);
        records.clear();
        sources.clear();
    }
    Record get(const std::string& name)
    {
        std::lock_guard lock(mutex);
        return records[name];
    }
    /// Notes that the input of the collector `name` closed.
    void close(const std::string& name)
    {
        std::lock_guard lock(mutex);
        records[name].closed += 1;
    }
};

// ---- the probes both packages have --------------------------------------------------------------------

/// `bytes(name: string, chunk: u64)`: on `trigger`, sends sink().sources[name] in batches of `chunk` bytes
/// (`sink` returns the probe package's SinkBase).
template<auto sink> rt::Task<> bytes_body(rt::TreatmentContext& ctx)
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

/// Declares the probe package `package` and, in its area `<package>/probe`, `bytes` (reading `sink`) and
/// `collectBlock<T>(name: string)` (recording with `collect`, the package's collector, which also serves its
/// `collect` on a stream). Returns the area, for the package's own probes.
template<auto sink>
AreaBuilder declare_probe_package(Registry& r, const std::string& package,
                                  rt::Task<> (*collect)(rt::TreatmentContext&))
{
    r.add_package(package);
    AreaBuilder area = r.area(package + "/probe");
    area.treatment("bytes")
        .param("name", "string")
        .param("chunk", "u64", Value::u64(65536))
        .input("trigger", "Block<void>")
        .output("data", "Stream<byte>")
        .doc("Test: sends the bytes registered under `name`.")
        .implementation(rt::make_treatment(bytes_body<sink>));
    area.treatment("collectBlock")
        .generic("T")
        .param("name", "string")
        .input("values", "Block<T>")
        .doc("Test: records a block.")
        .implementation(rt::make_treatment(collect));
    return area;
}

/// std, the packages and the probe package that `declare_probes` declares, registered once.
template<void (*declare_probes)(Registry&)> const Registry& registry_with()
{
    static const Registry r = [] {
        Registry reg;
        stdlib::register_std(reg);
        register_packages(reg);
        declare_probes(reg);
        return reg;
    }();
    return r;
}

inline void no_probes(Registry&) {}

/// std and the packages, registered once: what `melodium` runs with (cli/program.h's native_registry).
inline const Registry& natives() { return registry_with<no_probes>(); }

// ---- temporary directories and files ------------------------------------------------------------------

/// A fresh directory, removed with its content at the end of the test.
class TempDir {
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        std::random_device random;
        m_path = stdfs::temp_directory_path() / ("mel_packages_test_" + std::to_string(::getpid()) + "_" +
                                                 std::to_string(counter++) + "_" + std::to_string(random()));
        stdfs::create_directories(m_path);
        m_path = stdfs::canonical(m_path);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir()
    {
        std::error_code ec;
        stdfs::permissions(m_path, stdfs::perms::owner_all, stdfs::perm_options::add, ec);
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

/// Writes `text` (a whole program, header included) to `file`, checks it against `registry` as a standalone
/// program, then runs its `main` treatment.
inline Outcome check_and_run(const Registry& registry, const stdfs::path& file, const std::string& text)
{
    Outcome outcome;
    write_file(file, text);

    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    frontend::CheckRequest request;
    request.file = file.string();
    auto program = frontend::check_program(request, registry, sources, diags);
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
    options.registry = &registry;
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

/// Requires a clean check and exit code 0.
inline void require_ok(const Outcome& outcome)
{
    INFO(outcome.diagnostics);
    INFO(outcome.all_logs());
    REQUIRE(outcome.checked);
    REQUIRE(outcome.code == 0);
}

} // namespace mel::packages::testing
