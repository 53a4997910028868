#pragma once

// Helpers for the fs unit tests, on the shared harness (tests/unit/packages/testing/program.h): the `fstest`
// probe package (a byte source, collectors recording what they receive batch by batch, optionally pausing
// after each), the header of the test programs, and the `target` treatment they use.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "tests/unit/packages/testing/program.h"

namespace mel::packages::fs_testing {

using namespace ::mel::packages::testing;

// ---- what the probes saw ------------------------------------------------------------------------------

struct Record : RecordBase {
    std::vector<std::size_t> batches; // sizes of the received batches
};

struct Sink : SinkBase<Record> {
    std::atomic<std::uint64_t> consumed{0}; // bytes received by every `collect` so far

    void clear()
    {
        SinkBase::clear();
        consumed = 0;
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
            record.add(*batch);
            record.batches.push_back(batch->size());
        }
        if (batch->kind() == rt::BatchKind::Byte)
            sink().consumed += batch->size();
        if (pause_ms > 0)
            co_await rt::sleep_for(std::chrono::milliseconds(pause_ms));
    }
    sink().close(name);
}

/// `bytes` and `collectBlock` (the shared harness), and `collect` with its pause.
inline void declare(Registry& r)
{
    AreaBuilder area = declare_probe_package<&sink>(r, "fstest", collect_body);
    area.treatment("collect")
        .generic("T")
        .param("name", "string")
        .param("pause", "u64", Value::u64(0))
        .input("values", "Stream<T>")
        .doc("Test: records a stream.")
        .implementation(rt::make_treatment(collect_body));
}

} // namespace probes

/// std, the packages and fstest, registered once.
inline const Registry& registry()
{
    return registry_with<probes::declare>();
}

// ---- checking and running programs --------------------------------------------------------------------

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
    return check_and_run(registry(), directory / "fs_test_program.mel", program_header() + body);
}

/// Runs and requires a clean check and exit code 0.
inline void run_ok(const std::string& body, const stdfs::path& directory)
{
    sink().records.clear();
    require_ok(run_program(body, directory));
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

} // namespace mel::packages::fs_testing
