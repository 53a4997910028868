// The log treatments of std/engine/log (std.md §2.21, engine.md §6.4), run through the engine: one record per
// message, with the level, the label and the track.

#include <doctest/doctest.h>

#include "stdlib/data/string_map.h"
#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;
namespace rt = ::mel::engine;

namespace {

std::map<std::string, ValueExpr> level_label(const char* level, const char* label)
{
    return {{"level", call(std::string("std/engine/log::|") + level)}, {"label", lit(Value::string(label))}};
}

std::vector<std::string> messages(const std::vector<rt::LogRecord>& records)
{
    std::vector<std::string> out;
    for (const auto& r : records)
        out.push_back(r.message);
    return out;
}

} // namespace

TEST_CASE("logBlock: one record with level, label and the track of the message")
{
    Program p;
    p.block("msg", t_string(), Value::string("hello world"))
        .add("log", "std/engine/log::logBlock", {}, level_label("warning", "greeter"))
        .connect("msg.emit", "log.message");
    const Outcome out = run_ok(p);
    const auto records = out.under("greeter");
    REQUIRE(records.size() == 1);
    CHECK(records[0].level == rt::LogLevel::Warning);
    CHECK(records[0].message == "hello world");
    REQUIRE(records[0].track.has_value());
    CHECK(*records[0].track < out.tracks_created);
}

TEST_CASE("logBlock: nothing when the message never comes")
{
    Program p;
    p.empty_block("none", t_string())
        .add("log", "std/engine/log::logBlock", {}, level_label("error", "silent"))
        .connect("none.closed", "log.message");
    const Outcome out = run_ok(p);
    CHECK(out.under("silent").empty());
}

TEST_CASE("logStream: one record per string, in order, all in the same track")
{
    Program p;
    p.values("lines", t_string(), strings({"a", "b", "c"}), 2, 1)
        .add("log", "std/engine/log::logStream", {}, level_label("debug", "lines"))
        .connect("lines.out", "log.messages");
    const Outcome out = run_ok(p);
    const auto records = out.under("lines");
    CHECK(messages(records) == std::vector<std::string>{"a", "b", "c"});
    for (const auto& r : records) {
        CHECK(r.level == rt::LogLevel::Debug);
        CHECK(r.track == records[0].track);
    }
}

TEST_CASE("logBlockLabel and logStreamLabel: the label comes first; nothing without it")
{
    Program p;
    p.block("label", t_string(), Value::string("dynamic"))
        .block("msg", t_string(), Value::string("one"))
        .values("lines", t_string(), strings({"x", "y"}))
        .empty_block("nolabel", t_string())
        .add("b", "std/engine/log::logBlockLabel", {}, {{"level", call("std/engine/log::|trace")}})
        .add("s", "std/engine/log::logStreamLabel", {}, {{"level", call("std/engine/log::|info")}})
        .add("b2", "std/engine/log::logBlockLabel", {}, {{"level", call("std/engine/log::|info")}})
        .add("s2", "std/engine/log::logStreamLabel", {}, {{"level", call("std/engine/log::|info")}})
        .connect("label.emit", "b.label")
        .connect("msg.emit", "b.message")
        .connect("label.emit", "s.label")
        .connect("lines.out", "s.messages")
        .connect("nolabel.closed", "b2.label")
        .connect("msg.emit", "b2.message")
        .connect("nolabel.closed", "s2.label")
        .connect("lines.out", "s2.messages");
    const Outcome out = run_ok(p);
    const auto records = out.under("dynamic");
    std::vector<std::string> got_messages = messages(records);
    std::sort(got_messages.begin(), got_messages.end());
    CHECK(got_messages == std::vector<std::string>{"one", "x", "y"});
    CHECK(out.logs.size() == 3);
}

TEST_CASE("logData*: values in their Display form (strings quoted, data as /* Name */)")
{
    Program p;
    p.values("numbers", t_u64(), u64s({1, 22}))
        .block("text", t_string(), Value::string("quoted"))
        .block("map", t_data("std/data/string_map::StringMap"),
               mel::stdlib::data::StringMap::make({{"k", "v"}}))
        .block("label", t_string(), Value::string("labelled"))
        .add("ds", "std/engine/log::logDataStream", {t_u64()}, level_label("info", "numbers"))
        .add("db", "std/engine/log::logDataBlock", {t_string()}, level_label("info", "text"))
        .add("dm", "std/engine/log::logDataBlock", {t_data("std/data/string_map::StringMap")},
             level_label("info", "map"))
        .add("dsl", "std/engine/log::logDataStreamLabel", {t_u64()}, {{"level", call("std/engine/log::|info")}})
        .add("dbl", "std/engine/log::logDataBlockLabel", {t_string()}, {{"level", call("std/engine/log::|info")}})
        .connect("numbers.out", "ds.display")
        .connect("text.emit", "db.display")
        .connect("map.emit", "dm.display")
        .connect("label.emit", "dsl.label")
        .connect("numbers.out", "dsl.display")
        .connect("label.emit", "dbl.label")
        .connect("text.emit", "dbl.display");
    const Outcome out = run_ok(p);
    CHECK(messages(out.under("numbers")) == std::vector<std::string>{"1", "22"});
    CHECK(messages(out.under("text")) == std::vector<std::string>{"\"quoted\""});
    CHECK(messages(out.under("map")) == std::vector<std::string>{"/* StringMap */"});
    std::vector<std::string> labelled = messages(out.under("labelled"));
    std::sort(labelled.begin(), labelled.end());
    CHECK(labelled == std::vector<std::string>{"\"quoted\"", "1", "22"});
}
