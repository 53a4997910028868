// process/exec: the four primitives run with the local executor, as Mélodium programs (packages.md §1.2, §5.2,
// §5.3): their outcomes, their streams, terminate, and that no descriptor or child is left behind.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <thread>
#include <string>
#include <vector>

#include "tests/unit/packages/process/program.h"

using namespace mel;
using namespace mel::packages::process_testing;

namespace {

const char* const k_uses = R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::stream
use std/flow::closeBlock
use std/flow::close
use std/ops/option::|wrap
use std/flow/vec::flatten
use std/ops/option/block::unwrap
use std/data/string_map::StringMap
use std/data/string_map::|entry
use std/data/string_map::|map
use process/command::Command
use process/command::|command
use process/command::|raw_command
use process/command::|raw_commands
use process/environment::Environment
use process/environment::|environment
use process/exec::Executor
use process/exec::execOneTerminable
use process/exec::execTerminable
use process/exec::spawnOneTerminable
use process/exec::spawnTerminable
use process/local::|local_executor
)";

/// One primitive fed by the local executor, with every output recorded under its own name.
struct Spec {
    std::string primitive;             // execOneTerminable…
    std::vector<std::string> commands; // command lines (one for the one-command primitives)
    std::string environment = "_";     // an Option<Environment> expression
    int terminate_after_ms = -1;       // -1: terminate closes without a value
    bool with_stdin = false;           // spawnOneTerminable: stdin from the `bytes` probe named "input"

    bool multi() const { return primitive == "execTerminable" || primitive == "spawnTerminable"; }
    bool streams() const { return primitive.rfind("spawn", 0) == 0; }
};

std::string mel_strings(const std::vector<std::string>& lines)
{
    std::string out = "[";
    for (std::size_t i = 0; i < lines.size(); ++i)
        out += (i ? ", " : "") + quoted(lines[i]);
    return out + "]";
}

std::string program(const Spec& spec)
{
    std::string body = k_uses;
    body += "\ntreatment main()\n{\n    startup()\n";
    body += "    localExecutor: emit<Option<Executor>>(value = |local_executor())\n";
    body += "    executor: unwrap<Executor>()\n";
    body += "    theEnvironment: emit<Option<Environment>>(value = " + spec.environment + ")\n";
    body += "    subject: " + spec.primitive + "()\n";
    if (spec.multi()) {
        body += "    theCommands: emit<Vec<Command>>(value = |raw_commands(" + mel_strings(spec.commands) + "))\n";
        body += "    asStream: stream<Vec<Command>>()\n    commands: flatten<Command>()\n";
    } else {
        body += "    theCommand: emit<Option<Command>>(value = |raw_command(" + quoted(spec.commands.at(0)) + "))\n";
        body += "    command: unwrap<Command>()\n";
    }
    if (spec.terminate_after_ms < 0)
        body += "    noTerminate: closeBlock<void>()\n";
    else
        body += "    terminateLater: delay(ms = " + std::to_string(spec.terminate_after_ms) + ")\n";
    if (spec.with_stdin)
        body += "    input: bytes(name = \"input\")\n";
    else if (spec.primitive == "spawnOneTerminable")
        body += "    noInput: close<byte>()\n";
    for (const char* name : {"started", "finished", "completed", "failed", "terminated"})
        body += std::string("    ") + name + "Seen: collectBlock<void>(name = \"" + name + "\")\n";
    body += "    errorSeen: collectBlock<string>(name = \"error\")\n";
    body += spec.multi() ? "    exitSeen: collect<Option<i32>>(name = \"exit\")\n"
                         : "    exitSeen: collectBlock<Option<i32>>(name = \"exit\")\n";
    if (spec.streams())
        body += "    stdoutSeen: collect<byte>(name = \"stdout\")\n    stderrSeen: collect<byte>(name = \"stderr\")\n";

    body += "\n    startup.trigger -> localExecutor.trigger,emit -> executor.option,value -> subject.executor\n";
    body += "    startup.trigger -> theEnvironment.trigger,emit -> subject.environment\n";
    if (spec.multi())
        body += "    startup.trigger -> theCommands.trigger,emit -> asStream.block,stream -> commands.vector,value -> "
                "subject.commands\n";
    else
        body += "    startup.trigger -> theCommand.trigger,emit -> command.option,value -> subject.command\n";
    if (spec.terminate_after_ms < 0)
        body += "    startup.trigger -> noTerminate.trigger,closed -> subject.terminate\n";
    else
        body += "    startup.trigger -> terminateLater.trigger,delayed -> subject.terminate\n";
    if (spec.with_stdin)
        body += "    startup.trigger -> input.trigger,data -> subject.stdin\n";
    else if (spec.primitive == "spawnOneTerminable")
        body += "    startup.trigger -> noInput.trigger,closed -> subject.stdin\n";
    for (const char* name : {"started", "finished", "completed", "failed", "terminated", "error", "exit"})
        body += std::string("    subject.") + name + " -> " + name + "Seen.values\n";
    if (spec.streams())
        body += "    subject.stdout -> stdoutSeen.values\n    subject.stderr -> stderrSeen.values\n";
    return body + "}\n";
}

/// Runs `spec` (requiring a clean run), checking that it leaves no descriptor and no child behind.
void run(const Spec& spec)
{
    TempDir dir;
    const NothingLeft before;
    run_ok(program(spec), dir.path());
    before.check();
}

std::vector<std::string> fired()
{
    std::vector<std::string> out;
    for (const char* name : {"started", "finished", "completed", "failed", "terminated", "error", "exit"})
        if (sink().fired(name))
            out.push_back(name);
    return out;
}

using Names = std::vector<std::string>;

Value exit_code(int code)
{
    return Value::some(Value::i32(code));
}

std::string error_text()
{
    const Record r = sink().get("error");
    REQUIRE(r.values.size() == 1);
    return r.values[0].as_string();
}

} // namespace

// ---- one command, nothing connected -----------------------------------------------------------------------

TEST_CASE("execOneTerminable: a command exiting 3 gives started, completed, exit 3 and finished")
{
    sink().clear();
    run({.primitive = "execOneTerminable", .commands = {"sh -c 'exit 3'"}});
    CHECK(fired() == Names{"started", "finished", "completed", "exit"});
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(3)});
}

TEST_CASE("execOneTerminable: a missing program gives failed, the OS error and finished, nothing else")
{
    sink().clear();
    run({.primitive = "execOneTerminable", .commands = {"no-such-program-mel-test --flag"}});
    CHECK(fired() == Names{"finished", "failed", "error"});
    CHECK(error_text() == "cannot run 'no-such-program-mel-test': No such file or directory (os error 2)");
}

TEST_CASE("execOneTerminable: a process ended by a signal exits with none")
{
    sink().clear();
    run({.primitive = "execOneTerminable", .commands = {"sh -c 'kill -9 $$'"}});
    CHECK(fired() == Names{"started", "finished", "completed", "exit"});
    CHECK(sink().get("exit").values == std::vector<Value>{Value::none()});
}

TEST_CASE("execOneTerminable: terminate kills `sleep` and everything it started within a second")
{
    sink().clear();
    const auto begin = std::chrono::steady_clock::now();
    run({.primitive = "execOneTerminable",
         .commands = {"sh -c 'sleep 61.25 & sleep 61.5; wait'"},
         .terminate_after_ms = 200});
    const auto elapsed = std::chrono::steady_clock::now() - begin;
    CHECK(elapsed < std::chrono::milliseconds(1200));
    CHECK(fired() == Names{"started", "finished", "terminated"});
    CHECK(gone_within("sleep 61.25"));
    CHECK(gone_within("sleep 61.5"));
}

TEST_CASE("execOneTerminable: a working directory that does not exist fails, naming it")
{
    sink().clear();
    run({.primitive = "execOneTerminable",
         .commands = {"true"},
         .environment = "|wrap<Environment>(|environment(|map([]), \"/no/such/directory/mel\", false, false))"});
    CHECK(fired() == Names{"finished", "failed", "error"});
    CHECK(error_text() ==
          "cannot run 'true': working directory '/no/such/directory/mel': No such file or directory (os error 2)");
}

// ---- one command with streams -----------------------------------------------------------------------------

TEST_CASE("spawnOneTerminable: sed reads stdin as it comes and writes stdout, stderr kept apart")
{
    sink().clear();
    std::string input;
    for (int i = 0; i < 200000; ++i)
        input += "line " + std::to_string(i) + ": a banana\n";
    sink().sources["input"] = input;
    run({.primitive = "spawnOneTerminable",
         .commands = {"sh -c 'sed s/a/o/g; echo done >&2'"},
         .with_stdin = true});
    std::string expected = input;
    for (char& c : expected)
        if (c == 'a')
            c = 'o';
    CHECK(fired() == Names{"started", "finished", "completed", "exit"});
    CHECK(sink().get("stdout").bytes == expected);
    CHECK(sink().get("stderr").bytes == "done\n");
    CHECK(sink().get("stdout").closed == 1);
}

TEST_CASE("spawnOneTerminable: 10 MB written just before the exit all arrive")
{
    TempDir files;
    const std::string content = pattern(10 * 1024 * 1024 + 17);
    write_file(files.path() / "big.bin", content);
    sink().clear();
    run({.primitive = "spawnOneTerminable", .commands = {"cat " + files / "big.bin"}});
    const Record out = sink().get("stdout");
    CHECK(out.bytes.size() == content.size());
    CHECK(out.bytes == content);
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(0)});
}

TEST_CASE("spawnOneTerminable: a child that does not read its stdin does not hurt the engine (no SIGPIPE)")
{
    sink().clear();
    sink().sources["input"] = pattern(4 * 1024 * 1024);
    run({.primitive = "spawnOneTerminable", .commands = {"true"}, .with_stdin = true});
    CHECK(fired() == Names{"started", "finished", "completed", "exit"});
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(0)});
}

TEST_CASE("spawnOneTerminable: the child has only its three standard streams open, in its own process group")
{
    sink().clear();
    run({.primitive = "spawnOneTerminable", .commands = {"ls -1 /proc/self/fd"}});
    CHECK(sink().get("stdout").bytes == "0\n1\n2\n3\n"); // 3: the directory ls reads

    sink().clear();
    run({.primitive = "spawnOneTerminable", .commands = {"cut -d ' ' -f 1,5 /proc/self/stat"}});
    const std::string stat = sink().get("stdout").bytes;
    const auto space = stat.find(' ');
    REQUIRE(space != std::string::npos);
    CHECK(stat.substr(0, space) + "\n" == stat.substr(space + 1)); // pid == process group id
}

TEST_CASE("spawnOneTerminable: terminate while output streams; stdout ends, nothing left")
{
    sink().clear();
    run({.primitive = "spawnOneTerminable", .commands = {"sh -c 'while :; do echo tick; sleep 0.01; done'"},
         .terminate_after_ms = 150});
    CHECK(fired() == Names{"started", "finished", "terminated"});
    CHECK(sink().get("stdout").bytes.rfind("tick\n", 0) == 0);
    CHECK(sink().get("stdout").closed == 1);
}

TEST_CASE("spawnOneTerminable: environment variables, ${NAME} expansion from the engine's environment")
{
    ::setenv("MEL_PROCESS_TEST_OUTER", "outer value", 1);
    sink().clear();
    run({.primitive = "spawnOneTerminable",
         .commands = {"sh -c 'printf %s \"$GREETING|$MEL_PROCESS_TEST_OUTER\"'"},
         .environment = "|wrap<Environment>(|environment(|entry(\"GREETING\", \"hi ${MEL_PROCESS_TEST_OUTER} ${NOPE_MEL}!\"), _, "
                        "true, false))"});
    CHECK(sink().get("stdout").bytes == "hi outer value !|outer value");

    sink().clear();
    run({.primitive = "spawnOneTerminable",
         .commands = {"sh -c 'printf %s \"$GREETING\"'"},
         .environment = "|wrap<Environment>(|environment(|entry(\"GREETING\", \"${MEL_PROCESS_TEST_OUTER}\"), _, false, false))"});
    CHECK(sink().get("stdout").bytes == "${MEL_PROCESS_TEST_OUTER}");
}

TEST_CASE("spawnOneTerminable: clear_env leaves only the given variables; working_directory is entered")
{
    TempDir place;
    sink().clear();
    run({.primitive = "spawnOneTerminable",
         .commands = {"env"},
         .environment = "|wrap<Environment>(|environment(|map([|entry(\"ONLY\", \"one\"), |entry(\"TWO\", \"2\")]), _, false, true))"});
    CHECK(sink().get("stdout").bytes == "ONLY=one\nTWO=2\n");

    sink().clear();
    run({.primitive = "spawnOneTerminable",
         .commands = {"pwd"},
         .environment = "|wrap<Environment>(|environment(|map([]), " + quoted(place.path().string()) + ", false, false))"});
    CHECK(sink().get("stdout").bytes == place.path().string() + "\n");
}

// ---- several commands -----------------------------------------------------------------------------------

TEST_CASE("execTerminable: runs in sequence whatever the exit codes, stops at the first command that cannot run")
{
    sink().clear();
    run({.primitive = "execTerminable", .commands = {"sh -c 'exit 4'", "true", "missing-program-mel", "true"}});
    CHECK(fired() == Names{"started", "finished", "failed", "error", "exit"});
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(4), exit_code(0)});
    CHECK(error_text() == "cannot run 'missing-program-mel': No such file or directory (os error 2)");

    sink().clear();
    run({.primitive = "execTerminable", .commands = {"sh -c 'exit 4'", "false", "true"}});
    CHECK(fired() == Names{"started", "finished", "completed", "exit"});
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(4), exit_code(1), exit_code(0)});
}

TEST_CASE("execTerminable: terminate kills the running command and starts no other")
{
    sink().clear();
    run({.primitive = "execTerminable", .commands = {"true", "sleep 62.5", "true"}, .terminate_after_ms = 200});
    CHECK(fired() == Names{"started", "finished", "terminated", "exit"});
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(0)});
    CHECK(gone_within("sleep 62.5"));
}

TEST_CASE("execTerminable: no command at all completes without starting")
{
    sink().clear();
    run({.primitive = "execTerminable", .commands = {}});
    CHECK(fired() == Names{"finished", "completed"});
    CHECK(sink().get("exit").closed == 1);
}

TEST_CASE("spawnTerminable: outputs follow each other; stops after the first exit that is not 0, still completed")
{
    sink().clear();
    run({.primitive = "spawnTerminable",
         .commands = {"echo one", "sh -c 'echo two; echo oops >&2; exit 2'", "echo three"}});
    CHECK(fired() == Names{"started", "finished", "completed", "exit"});
    CHECK(sink().get("stdout").bytes == "one\ntwo\n");
    CHECK(sink().get("stderr").bytes == "oops\n");
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(0), exit_code(2)});
}

TEST_CASE("spawnTerminable: a signal exit (none) also stops the sequence; the child's stdin is null")
{
    sink().clear();
    run({.primitive = "spawnTerminable", .commands = {"cat", "sh -c 'kill -9 $$'", "echo never"}});
    CHECK(fired() == Names{"started", "finished", "completed", "exit"});
    CHECK(sink().get("stdout").bytes.empty());
    CHECK(sink().get("exit").values == std::vector<Value>{exit_code(0), Value::none()});
}

TEST_CASE("spawnTerminable: a missing program fails the sequence with its error")
{
    sink().clear();
    run({.primitive = "spawnTerminable", .commands = {"echo first", "missing-program-mel", "echo never"}});
    CHECK(fired() == Names{"started", "finished", "failed", "error", "exit"});
    CHECK(sink().get("stdout").bytes == "first\n");
    CHECK(error_text() == "cannot run 'missing-program-mel': No such file or directory (os error 2)");
}

TEST_CASE("spawnTerminable: terminate while a command runs")
{
    sink().clear();
    run({.primitive = "spawnTerminable", .commands = {"echo a", "sleep 63.5", "echo b"}, .terminate_after_ms = 200});
    CHECK(fired() == Names{"started", "finished", "terminated", "exit"});
    CHECK(sink().get("stdout").bytes == "a\n");
    CHECK(gone_within("sleep 63.5"));
}

// ---- the engine going away -------------------------------------------------------------------------------

/// Runs `spec` by hand in a world that is asked to stop with `signal` once `marker` runs, and again
/// `second_after` later when set: the exit code and the time from the first request to the end.
struct Stopped {
    int code = -1;
    std::chrono::milliseconds took{0};
};

Stopped stop_while_running(const Spec& spec, const std::string& marker, rt::RunOptions options, int signal,
                           std::optional<std::chrono::milliseconds> second_after = std::nullopt)
{
    TempDir dir;
    const std::string text = program(spec);
    const stdfs::path file = dir.path() / "cancel.mel";
    write_file(file, "#!/usr/bin/env melodium\n#! name = process_test\n#! version = 0.1.0\n"
                     "#! require = std:0.10.2 process:0.10.2 proctest:0.10.2\n\n"
                     "use proctest/probe::delay\nuse proctest/probe::collect\nuse proctest/probe::collectBlock\n" +
                         text);
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    frontend::CheckRequest request;
    request.file = file.string();
    auto checked = frontend::check_program(request, registry(), sources, diags);
    INFO(render(sources, diags));
    REQUIRE(checked);
    REQUIRE_FALSE(diags.has_errors());
    const Element* entry = checked->find(checked->entrypoints.front().second);
    REQUIRE(entry != nullptr);
    options.threads = 2;
    options.console = nullptr;
    options.handle_signals = false;
    Stopped out;
    std::chrono::steady_clock::time_point asked;
    {
        rt::World world(options);
        REQUIRE(world.genesis(*entry->treatment, {}).ok());
        std::thread stopper([&] {
            for (int i = 0; i < 500 && processes_with(marker).empty(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            asked = std::chrono::steady_clock::now();
            world.request_stop(signal);
            if (second_after) {
                std::this_thread::sleep_for(*second_after);
                world.request_stop(signal);
            }
        });
        out.code = world.live();
        stopper.join();
    }
    out.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked);
    return out;
}

TEST_CASE("a process still running when the engine is cancelled is killed and reaped")
{
    sink().clear();
    const NothingLeft before;
    rt::RunOptions options;
    options.stop_grace = std::chrono::milliseconds(100);
    const Stopped stopped =
        stop_while_running({.primitive = "execOneTerminable", .commands = {"sleep 64.5"}}, "sleep 64.5", options, 15);
    CHECK(stopped.code == 128 + 15);
    CHECK(gone_within("sleep 64.5"));
    CHECK(sink().fired("started"));
    before.check();
}

TEST_CASE("Ctrl-C interrupts a running command at once: it ends, reported as terminated")
{
    sink().clear();
    const NothingLeft before;
    rt::RunOptions options; // the grace periods are long: only the interrupt can end the run quickly
    options.stop_grace = std::chrono::seconds(20);
    options.kill_grace = std::chrono::seconds(10);
    const Stopped stopped = stop_while_running(
        {.primitive = "spawnTerminable", .commands = {"sleep 64.6", "echo never"}}, "sleep 64.6", options, 2);
    CHECK(stopped.code == 130);
    CHECK(stopped.took < std::chrono::seconds(2));
    CHECK(gone_within("sleep 64.6"));
    CHECK(fired() == Names{"started", "finished", "terminated"});
    CHECK(sink().get("stdout").bytes.empty()); // the next command never started
    before.check();
}

TEST_CASE("Ctrl-C: a command ignoring SIGINT and SIGTERM is killed after kill_grace")
{
    sink().clear();
    const NothingLeft before;
    rt::RunOptions options;
    options.stop_grace = std::chrono::seconds(20);
    options.kill_grace = std::chrono::milliseconds(300);
    const Stopped stopped = stop_while_running(
        {.primitive = "execOneTerminable", .commands = {"sh -c 'trap \"\" INT TERM; sleep 64.7'"}}, "sleep 64.7",
        options, 2);
    CHECK(stopped.code == 130);
    CHECK(stopped.took >= std::chrono::milliseconds(300));
    CHECK(stopped.took < std::chrono::seconds(2));
    CHECK(gone_within("sleep 64.7"));
    CHECK(fired() == Names{"started", "finished", "terminated"});
    before.check();
}

TEST_CASE("a second Ctrl-C kills a command ignoring the first and ends the run at once")
{
    sink().clear();
    const NothingLeft before;
    rt::RunOptions options;
    options.stop_grace = std::chrono::seconds(20);
    options.kill_grace = std::chrono::seconds(10);
    const Stopped stopped = stop_while_running(
        {.primitive = "execOneTerminable", .commands = {"sh -c 'trap \"\" INT TERM; sleep 64.8'"}}, "sleep 64.8",
        options, 2, std::chrono::milliseconds(200));
    CHECK(stopped.code == 130);
    CHECK(stopped.took < std::chrono::seconds(1));
    CHECK(gone_within("sleep 64.8"));
    before.check();
}

TEST_CASE("SIGTERM during a sequence: the running command ends, no other one starts")
{
    sink().clear();
    const NothingLeft before;
    rt::RunOptions options;
    options.stop_grace = std::chrono::seconds(20);
    options.kill_grace = std::chrono::seconds(10);
    const Stopped stopped = stop_while_running(
        {.primitive = "execTerminable", .commands = {"sleep 64.9", "sleep 65.9"}}, "sleep 64.9", options, 15);
    CHECK(stopped.code == 143);
    CHECK(stopped.took < std::chrono::seconds(2));
    CHECK(processes_with("sleep 65.9").empty());
    CHECK(fired() == Names{"started", "finished", "terminated"});
    before.check();
}

// ---- the Mélodium-level wrappers of process/exec -----------------------------------------------------------

TEST_CASE("process/exec wrappers: execOnce, spawnOnce, execOne, exec, spawnOne and spawn never terminate")
{
    TempDir dir;
    const NothingLeft before;
    sink().clear();
    sink().sources["text"] = "b a n a n a\n";
    run_ok(std::string(k_uses) + R"(
use process/exec::execOnce
use process/exec::spawnOnce
use process/exec::execOne
use process/exec::exec
use process/exec::spawnOne
use process/exec::spawn

treatment main()
{
    startup()
    localExecutor: emit<Option<Executor>>(value = |local_executor())
    executor: unwrap<Executor>()
    noEnvironment: emit<Option<Environment>>(value = _)
    text: bytes(name = "text")
    oneCommand: emit<Command>(value = |command("sh", ["-c", "sleep 0.2; exit 6"]))
    sedCommand: emit<Command>(value = |command("sed", ["s/a/o/g"]))
    theCommands: emit<Vec<Command>>(value = |raw_commands(["echo first", "sh -c 'exit 9'", "echo never"]))
    asStream: stream<Vec<Command>>()
    commands: flatten<Command>()

    runOnce: execOnce(command = |command("sh", ["-c", "exit 2"]))
    spawnedOnce: spawnOnce(command = |command("tr", ["a-z", "A-Z"]))
    runOne: execOne()
    runAll: exec()
    spawnedOne: spawnOne()
    spawnedAll: spawn()

    runOnceExit: collectBlock<Option<i32>>(name = "execOnce exit")
    spawnedOnceOut: collect<byte>(name = "spawnOnce stdout")
    runOneExit: collectBlock<Option<i32>>(name = "execOne exit")
    runOneCompleted: collectBlock<void>(name = "execOne completed")
    runAllExit: collect<Option<i32>>(name = "exec exit")
    runAllCompleted: collectBlock<void>(name = "exec completed")
    spawnedOneOut: collect<byte>(name = "spawnOne stdout")
    spawnedAllOut: collect<byte>(name = "spawn stdout")
    spawnedAllExit: collect<Option<i32>>(name = "spawn exit")
    spawnedAllCompleted: collectBlock<void>(name = "spawn completed")
    spawnedAllFinished: collectBlock<void>(name = "spawn finished")

    startup.trigger -> localExecutor.trigger,emit -> executor.option,value -> runOnce.executor
    executor.value -> spawnedOnce.executor
    executor.value -> runOne.executor
    executor.value -> runAll.executor
    executor.value -> spawnedOne.executor
    executor.value -> spawnedAll.executor
    startup.trigger -> noEnvironment.trigger,emit -> runOne.environment
    noEnvironment.emit -> runAll.environment
    noEnvironment.emit -> spawnedOne.environment
    noEnvironment.emit -> spawnedAll.environment
    startup.trigger -> oneCommand.trigger,emit -> runOne.command
    startup.trigger -> sedCommand.trigger,emit -> spawnedOne.command
    startup.trigger -> theCommands.trigger,emit -> asStream.block,stream -> commands.vector,value -> runAll.commands
    commands.value -> spawnedAll.commands
    startup.trigger -> text.trigger,data -> spawnedOne.stdin
    text.data -> spawnedOnce.stdin
    startup.trigger -> runOnce.launch
    startup.trigger -> spawnedOnce.launch

    runOnce.exit -> runOnceExit.values
    spawnedOnce.stdout -> spawnedOnceOut.values
    runOne.exit -> runOneExit.values
    runOne.completed -> runOneCompleted.values
    runAll.exit -> runAllExit.values
    runAll.completed -> runAllCompleted.values
    spawnedOne.stdout -> spawnedOneOut.values
    spawnedAll.stdout -> spawnedAllOut.values
    spawnedAll.exit -> spawnedAllExit.values
    spawnedAll.completed -> spawnedAllCompleted.values
    spawnedAll.finished -> spawnedAllFinished.values
}
)",
           dir.path());
    CHECK(sink().get("execOnce exit").values == std::vector<Value>{exit_code(2)});
    CHECK(sink().get("spawnOnce stdout").bytes == "B A N A N A\n");
    CHECK(sink().get("execOne exit").values == std::vector<Value>{exit_code(6)});
    CHECK(sink().fired("execOne completed"));
    CHECK(sink().get("exec exit").values == std::vector<Value>{exit_code(0), exit_code(9), exit_code(0)});
    CHECK(sink().fired("exec completed"));
    CHECK(sink().get("spawnOne stdout").bytes == "b o n o n o\n");
    CHECK(sink().get("spawn stdout").bytes == "first\n");
    CHECK(sink().get("spawn exit").values == std::vector<Value>{exit_code(0), exit_code(9)});
    CHECK(sink().fired("spawn completed"));
    CHECK(sink().fired("spawn finished"));
    before.check();
}
