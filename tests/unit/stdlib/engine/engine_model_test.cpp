// The Engine model and its `ready` source (std.md §2.19, engine.md §1.6), run through the engine.

#include <doctest/doctest.h>

#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;

TEST_CASE("Engine: `ready` fires once, in one track, then closes")
{
    Program p;
    p.collect_block("start.trigger", "ready", t_void());
    const Outcome out = run_ok(p);
    CHECK(got("ready") == std::vector<Value>{Value()});
    CHECK(ends("ready") == 1);
    CHECK(out.tracks_created == 1);
}

TEST_CASE("Engine: every instance opens its own track at start, with or without a `ready` site")
{
    // `start` has an Engine with a `ready` site; each log treatment gets its own Engine without one (as the
    // std/engine/log helpers do), whose track holds nothing.
    Program p;
    p.block("msg", t_string(), Value::string("hello"))
        .add("log1", "std/engine/log::logBlock", {},
             {{"level", call("std/engine/log::|info")}, {"label", lit(Value::string("one"))}})
        .add("log2", "std/engine/log::logBlock", {},
             {{"level", call("std/engine/log::|info")}, {"label", lit(Value::string("two"))}})
        .connect("msg.emit", "log1.message")
        .connect("msg.emit", "log2.message");
    const Outcome out = run_ok(p);
    CHECK(out.tracks_created == 3);
    CHECK(out.under("one").size() == 1);
    CHECK(out.under("two").size() == 1);
}
