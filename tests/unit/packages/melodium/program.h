#pragma once

// Helpers for the unit tests of the `melodium` package, on the shared harness
// (tests/unit/packages/testing/program.h): the `meltest` probe package (collectors recording what they
// receive, on a stream and on a block), the header of the test programs, and the `values` treatment they use
// to turn a vector parameter into a stream.

#include <doctest/doctest.h>

#include <string>

#include "tests/unit/packages/testing/program.h"

namespace mel::packages::melodium_testing {

using namespace ::mel::packages::testing;

using Record = RecordBase;
using Sink = SinkBase<Record>;

inline Sink& sink()
{
    static Sink s;
    return s;
}

namespace probes {

/// `collect<T>(name: string)` on a stream, `collectBlock<T>(name: string)` on a block: records what arrives.
inline rt::Task<> collect_body(rt::TreatmentContext& ctx)
{
    auto& in = ctx.input("values");
    const std::string name = ctx.param("name").as_string();
    while (auto batch = co_await in.recv_many()) {
        std::lock_guard lock(sink().mutex);
        sink().records[name].add(*batch);
    }
    sink().close(name);
}

inline void declare(Registry& r)
{
    AreaBuilder area = declare_probe_package<&sink>(r, "meltest", collect_body);
    area.treatment("collect")
        .generic("T")
        .param("name", "string")
        .input("values", "Stream<T>")
        .doc("Test: records a stream.")
        .implementation(rt::make_treatment(collect_body));
}

} // namespace probes

/// std, the packages and meltest, registered once.
inline const Registry& registry()
{
    return registry_with<probes::declare>();
}

/// The header every test program starts with, then the `values<T>(list: Vec<T>)` treatment: on `trigger`,
/// the elements of `list` as a stream.
inline std::string program_header()
{
    return R"(#!/usr/bin/env melodium
#! name = melodium_test
#! version = 0.1.0
#! require = std:0.10.2 melodium:0.10.2 meltest:0.10.2

use std/engine/util::startup
use std/flow::emit
use std/flow::stream
use std/flow/vec::flatten
use meltest/probe::collect
use meltest/probe::collectBlock

treatment values<T>(var list: Vec<T>)
  input trigger: Block<void>
  output values: Stream<T>
{
    emit<Vec<T>>(value = list)
    stream<Vec<T>>()
    flatten<T>()
    Self.trigger -> emit.trigger,emit -> stream.block,stream -> flatten.vector,value -> Self.values
}
)";
}

/// Checks and runs `body` (after program_header()), requiring a clean check and exit code 0; the collectors'
/// records are cleared first.
inline void run_ok(const std::string& body)
{
    sink().clear();
    TempDir dir;
    require_ok(check_and_run(registry(), dir.path() / "melodium_test.mel", program_header() + body));
}

/// The one value a block collector received (none is `_`), as std's `|to_string` prints it, or "(nothing)".
inline std::string block_text(const std::string& name)
{
    const Record record = sink().get(name);
    CHECK(record.closed == 1);
    if (record.values.empty())
        return "(nothing)";
    REQUIRE(record.values.size() == 1);
    const Value& v = record.values.front();
    if (v.kind() == Value::Kind::Option)
        return v.is_none() ? "_" : to_text(v.option_value());
    return to_text(v);
}

} // namespace mel::packages::melodium_testing
