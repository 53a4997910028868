#pragma once

// Helpers for the fs unit tests (header-only: the test binary globs *_test.cpp). Tests are Mélodium
// programs: a registry holding std, the packages and a small `fstest` package of probes (a byte source,
// collectors recording what they receive), a standalone .mel text checked by the front end exactly as
// `melodium run` does, then run by the engine.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
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

struct Record {
    std::vector<Value> values;      // every value (not for bytes)
    std::string bytes;              // the bytes, concatenated
    std::vector<std::size_t> batches; // sizes of the received batches
    int closed = 0;                 // how many times the input closed
};

struct Sink {
    std::mutex mutex;
    std::map<std::string, Record> records;
    std::map<std::string, std::string> sources; // content of the `bytes` probe, by name
    std::atomic<std::uint64_t> consumed{0};     // bytes received by every `collect` so far

    void clear()
    {
        std::lock_guard lock(mutex);
        records.clear();
        sources.clear();
        consumed = 0;
    }
    Record get(const std::string& name)
    {
        std::lock_guard lock(mutex);
        return records[name];
    }
    bool has(const std::string& name)
    {
        std::lock_guard lock(mutex);
        return records.count(name) > 0;
    }
};

inline Sink& sink()
{
    static Sink s;
    return s;
}

// ---- the fstest package -------------------------------------------------------------------------------

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

/// `collect<T>(name: string, pause: u64)` on a stream, `collectBlock<T>(name: string)` on a block: records
/// what arrives (bytes as text), waiting `pause` milliseconds after each batch.
inline rt::Task<> collect_body(rt::TreatmentContext& ctx)
{
    auto& in = ctx.input("values");
    const std::string name = ctx.param("name").as_string();
    const auto* pause = ctx.descriptor().parameter("pause");
    const std::uint64_t pause_ms = pause ? ctx.param("pause").as_u64() : 0;
    while (auto batch = co_await in.recv_many()) {
        {
            std::lock_guard lock(sink().mutex);
            Record& record = sink().records[name];
            if (batch->kind() == rt::BatchKind::Byte) {
                const auto bytes = batch->bytes();
                record.bytes.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
            } else {
                for (std::size_t i = 0; i < batch->size(); ++i)
                    record.values.push_back(batch->value_at(i));
            }
            record.batches.push_back(batch->size());
        }
        if (batch->kind() == rt::BatchKind::Byte)
            sink().consumed += batch->size();
        if (pause_ms > 0)
            co_await rt::sleep_for(std::chrono::milliseconds(pause_ms));
    }
    std::lock_guard lock(sink().mutex);
    sink().records[name].closed += 1;
}

inline void declare(Registry& r)
{
    r.add_package("fstest");
    auto area = r.area("fstest/probe");
    area.treatment("bytes")
        .param("name", "string")
        .param("chunk", "u64", Value::u64(65536))
        .input("trigger", "Block<void>")
        .output("data", "Stream<byte>")
        .doc("Test: sends the bytes registered under `name`.")
        .implementation(rt::make_treatment(bytes_body));
    area.treatment("collect")
        .generic("T")
        .param("name", "string")
        .param("pause", "u64", Value::u64(0))
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

/// std, the packages and fstest, registered once.
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

// ---- temporary directories ----------------------------------------------------------------------------

/// A fresh directory, removed with its content at the end of the test.
class TempDir {
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        std::random_device random;
        m_path = stdfs::temp_directory_path() /
                 ("mel_fs_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                  std::to_string(random()));
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

/// The header every test program starts with.
inline std::string program_header()
{
    return "#!/usr/bin/env melodium\n"
           "#! name = fs_test\n"
           "#! version = 0.1.0\n"
           "#! require = std:0.10.2 fs:0.10.2 fstest:0.10.2\n\n";
}

/// Checks `body` (after program_header()) as a standalone program, then runs its `main` treatment.
inline Outcome run_program(const std::string& body, const stdfs::path& directory)
{
    Outcome outcome;
    const stdfs::path file = directory / "fs_test_program.mel";
    write_file(file, program_header() + body);

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
inline void run_ok(const std::string& body, const stdfs::path& directory)
{
    sink().records.clear();
    const Outcome outcome = run_program(body, directory);
    INFO(outcome.diagnostics);
    INFO(outcome.all_logs());
    REQUIRE(outcome.checked);
    REQUIRE(outcome.code == 0);
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

inline std::vector<std::string> strings_of(const Record& record)
{
    std::vector<std::string> out;
    for (const auto& v : record.values)
        out.push_back(v.as_string());
    return out;
}

inline u128 last_u128(const Record& record)
{
    REQUIRE(!record.values.empty());
    return record.values.back().as_u128();
}

/// `target(root, file)`: on `trigger`, the path `file` and a filesystem rooted at `root` ("" for unrooted).
/// Its program must `use` std/flow::emit, std/ops/option::|wrap, std/ops/option/block::unwrap,
/// fs/filesystem::FileSystem and fs/local::|local_filesystem.
inline const std::string k_target_treatment = R"(
treatment target(var root: string, var file: string)
  input trigger: Block<void>
  output path: Block<string>
  output filesystem: Block<FileSystem>
{
    pathValue: emit<string>(value = file)
    rooted: emit<Option<FileSystem>>(value = |local_filesystem(|wrap<string>(root)))
    unwrap<FileSystem>()

    Self.trigger -> pathValue.trigger,emit -> Self.path
    Self.trigger -> rooted.trigger,emit -> unwrap.option,value -> Self.filesystem
}
)";

} // namespace mel::packages::testing
