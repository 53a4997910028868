// process/local: `|local_executor` and the Mélodium-level execOnce and spawnOnce of the area
// (packages/process/mel/local.mel).

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "packages/process/exec.h"
#include "tests/unit/packages/process/program.h"

using namespace mel;
using namespace mel::packages::process_testing;

TEST_CASE("|local_executor is always some Executor")
{
    const Element* e = registry().find(*Identifier::parse("process/local::|local_executor"));
    REQUIRE(e != nullptr);
    auto made = e->function->body({}, {});
    REQUIRE(made.ok());
    REQUIRE(made.value().is_some());
    CHECK(packages::process::Executor::from(made.value().option_value()) != nullptr);
}

TEST_CASE("process/local::execOnce and spawnOnce run on launch, with their environment")
{
    TempDir dir;
    const NothingLeft before;
    sink().clear();
    sink().sources["text"] = "one\ntwo\nthree\n";
    run_ok(R"(
use std/engine/util::startup
use std/data/string_map::|entry
use process/command::|command
use process/environment::|environment
use std/ops/option::|wrap
use process/environment::Environment
use process/local::execOnce
use process/local::spawnOnce

treatment main()
{
    startup()
    text: bytes(name = "text")
    ran: execOnce(command = |command("sh", ["-c", "exit 5"]))
    counted: spawnOnce(command = |command("sh", ["-c", "wc -l; printf %s \"$WHO\" >&2"]),
                       environment = |wrap<Environment>(|environment(|entry("WHO", "me"), _, false, false)))
    ranExit: collectBlock<Option<i32>>(name = "exec exit")
    ranCompleted: collectBlock<void>(name = "exec completed")
    ranFinished: collectBlock<void>(name = "exec finished")
    countedOut: collect<byte>(name = "spawn stdout")
    countedErr: collect<byte>(name = "spawn stderr")
    countedExit: collectBlock<Option<i32>>(name = "spawn exit")
    countedStarted: collectBlock<void>(name = "spawn started")

    startup.trigger -> ran.launch
    ran.exit -> ranExit.values
    ran.completed -> ranCompleted.values
    ran.finished -> ranFinished.values
    startup.trigger -> counted.launch
    startup.trigger -> text.trigger,data -> counted.stdin
    counted.stdout -> countedOut.values
    counted.stderr -> countedErr.values
    counted.exit -> countedExit.values
    counted.started -> countedStarted.values
}
)",
           dir.path());
    CHECK(sink().get("exec exit").values == std::vector<Value>{Value::some(Value::i32(5))});
    CHECK(sink().fired("exec completed"));
    CHECK(sink().fired("exec finished"));
    CHECK(sink().get("spawn stdout").bytes == "3\n");
    CHECK(sink().get("spawn stderr").bytes == "me");
    CHECK(sink().get("spawn exit").values == std::vector<Value>{Value::some(Value::i32(0))});
    CHECK(sink().fired("spawn started"));
    before.check();
}

TEST_CASE("process/local::execOnce does nothing until launched")
{
    TempDir dir;
    sink().clear();
    run_ok(R"(
use std/engine/util::startup
use std/flow::closeBlock
use process/command::|command
use process/local::execOnce

treatment main()
{
    startup()
    never: closeBlock<void>()
    ran: execOnce(command = |command("no-such-program-mel", []))
    ranStarted: collectBlock<void>(name = "started")
    ranFailed: collectBlock<void>(name = "failed")
    ranFinished: collectBlock<void>(name = "finished")

    startup.trigger -> never.trigger,closed -> ran.launch
    ran.started -> ranStarted.values
    ran.failed -> ranFailed.values
    ran.finished -> ranFinished.values
}
)",
           dir.path());
    CHECK_FALSE(sink().fired("started"));
    CHECK_FALSE(sink().fired("failed"));
    CHECK_FALSE(sink().fired("finished"));
    CHECK(sink().get("finished").closed == 1);
}

TEST_CASE("stdout that nobody reads is still drained: the child is not killed by SIGPIPE nor blocked")
{
    TempDir dir;
    const NothingLeft before;
    sink().clear();
    run_ok(R"(
use std/engine/util::startup
use std/flow::close
use process/command::|command
use process/local::spawnOnce

treatment main()
{
    startup()
    noInput: close<byte>()
    loud: spawnOnce(command = |command("head", ["-c", "8000000", "/dev/zero"]))
    loudExit: collectBlock<Option<i32>>(name = "exit")

    startup.trigger -> noInput.trigger,closed -> loud.stdin
    startup.trigger -> loud.launch
    loud.exit -> loudExit.values
}
)",
           dir.path());
    CHECK(sink().get("exit").values == std::vector<Value>{Value::some(Value::i32(0))});
    before.check();
}
