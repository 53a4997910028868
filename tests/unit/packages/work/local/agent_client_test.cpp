// work/local agent_client: the process primitives (execOneTerminable, spawnOneTerminable) running commands in
// an executor container of a real pod, through agent_executor_engine — outcomes, streams drained before the
// exit, a missing program as exit 127, terminate, and no descriptor left behind.

#include <doctest/doctest.h>

#include <chrono>

#include "packages/process/exec.h"
#include "packages/work/local/agent_client.h"
#include "tests/unit/packages/work/local/pod.h"

using namespace mel;
using namespace mel::packages::work;
using namespace mel::packages::work::local;
using namespace mel::packages::work::local::testing;
using namespace mel::packages::process_testing;
using Clock = std::chrono::steady_clock;

namespace {

// |agent_executor(socket: string) -> Option<Executor>
Result<Value> agent_executor_body(std::span<const Type>, std::span<const Value> args)
{
    return Value::some(packages::process::Executor::make(agent_executor_engine(args[0].as_string())));
}

const Registry& pod_registry()
{
    static const Registry r = [] {
        Registry reg;
        stdlib::register_std(reg);
        packages::register_packages(reg);
        probes::declare(reg);
        reg.add_package("podtest");
        reg.area("podtest/agent")
            .function("agent_executor")
            .param("socket", "string")
            .returns("Option<Executor>")
            .doc("Test: the executor of a pod's container agent.")
            .body(agent_executor_body);
        return reg;
    }();
    return r;
}

/// Checks and runs `body` as run_program does, against pod_registry().
Outcome run_pod_program(const std::string& body, const stdfs::path& directory)
{
    Outcome outcome;
    const stdfs::path file = directory / "pod_test_program.mel";
    write_file(file, "#!/usr/bin/env melodium\n#! name = pod_test\n#! version = 0.1.0\n"
                     "#! require = std:0.10.2 process:0.10.2 proctest:0.10.2 podtest:0.10.2\n\n"
                     "use proctest/probe::collect\nuse proctest/probe::collectBlock\nuse proctest/probe::delay\n"
                     "use podtest/agent::|agent_executor\n" +
                         body);
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    frontend::CheckRequest request;
    request.file = file.string();
    auto program = frontend::check_program(request, pod_registry(), sources, diags);
    outcome.diagnostics = render(sources, diags);
    if (!program || diags.has_errors() || program->entrypoints.empty())
        return outcome;
    const Element* entry = program->find(program->entrypoints.front().second);
    REQUIRE(entry);
    outcome.checked = true;
    engine::RunOptions options;
    options.threads = 2;
    options.console = nullptr;
    options.handle_signals = false;
    {
        engine::World world(options);
        REQUIRE(world.genesis(*entry->treatment, {}).ok());
        outcome.code = world.live();
    }
    return outcome;
}

/// A program running `line` with `primitive` on the agent at `socket`, recording every output.
std::string program(const std::string& primitive, const std::string& socket, const std::string& line,
                    int terminate_after_ms = -1)
{
    const bool spawn = primitive == "spawnOneTerminable";
    std::string body = R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::closeBlock
use std/flow::close
use std/ops/option/block::unwrap
use process/command::Command
use process/command::|raw_command
use process/environment::Environment
use process/exec::Executor
use process/exec::execOneTerminable
use process/exec::spawnOneTerminable

treatment main()
{
    startup()
)";
    body += "    theExecutor: emit<Option<Executor>>(value = |agent_executor(" + quoted(socket) + "))\n";
    body += "    executor: unwrap<Executor>()\n    noEnvironment: emit<Option<Environment>>(value = _)\n";
    body += "    subject: " + primitive + "()\n";
    body += "    theCommand: emit<Option<Command>>(value = |raw_command(" + quoted(line) + "))\n";
    body += "    command: unwrap<Command>()\n";
    body += terminate_after_ms < 0 ? "    noTerminate: closeBlock<void>()\n"
                                   : "    terminateLater: delay(ms = " + std::to_string(terminate_after_ms) + ")\n";
    if (spawn)
        body += "    noInput: close<byte>()\n    stdoutSeen: collect<byte>(name = \"stdout\")\n"
                "    stderrSeen: collect<byte>(name = \"stderr\")\n";
    for (const char* name : {"started", "finished", "completed", "failed", "terminated"})
        body += std::string("    ") + name + "Seen: collectBlock<void>(name = \"" + name + "\")\n";
    body += "    errorSeen: collectBlock<string>(name = \"error\")\n";
    body += "    exitSeen: collectBlock<Option<i32>>(name = \"exit\")\n\n";
    body += "    startup.trigger -> theExecutor.trigger,emit -> executor.option,value -> subject.executor\n";
    body += "    startup.trigger -> noEnvironment.trigger,emit -> subject.environment\n";
    body += "    startup.trigger -> theCommand.trigger,emit -> command.option,value -> subject.command\n";
    body += terminate_after_ms < 0 ? "    startup.trigger -> noTerminate.trigger,closed -> subject.terminate\n"
                                   : "    startup.trigger -> terminateLater.trigger,delayed -> subject.terminate\n";
    if (spawn)
        body += "    startup.trigger -> noInput.trigger,closed -> subject.stdin\n"
                "    subject.stdout -> stdoutSeen.values\n    subject.stderr -> stderrSeen.values\n";
    for (const char* name : {"started", "finished", "completed", "failed", "terminated", "error", "exit"})
        body += std::string("    subject.") + name + " -> " + name + "Seen.values\n";
    return body + "}\n";
}

std::vector<std::string> fired()
{
    std::vector<std::string> out;
    for (const char* name : {"started", "finished", "completed", "failed", "terminated", "error", "exit"})
        if (sink().fired(name))
            out.push_back(name);
    return out;
}

void run_ok_here(const std::string& text)
{
    TempDir dir;
    const auto descriptors = open_descriptors(); // (the pod's supervisor is a child of this process: no has_children)
    const Outcome outcome = run_pod_program(text, dir.path());
    INFO(outcome.diagnostics);
    REQUIRE(outcome.checked);
    CHECK(outcome.code == 0);
    CHECK(open_descriptors() == descriptors);
}

using Names = std::vector<std::string>;

} // namespace

TEST_CASE("agent executor: the process primitives run commands in the pod's container")
{
    REQUIRE(::geteuid() == 0);
    TempDir state, record;
    auto provisioner = make_local_provisioner(test_options(state.path().string(), record.path().string()));
    ProvisionResult result = provisioner->start(request_with({build_container()}), {});
    REQUIRE_MESSAGE(result.worker, joined(result.errors));
    const std::string socket = only_run_dir(state.path().string()) + "/agent/build.sock";

    SUBCASE("exit code")
    {
        sink().clear();
        run_ok_here(program("execOneTerminable", socket, "sh -c 'exit 3'"));
        CHECK(fired() == Names{"started", "finished", "completed", "exit"});
        CHECK(sink().get("exit").values == std::vector<Value>{Value::some(Value::i32(3))});
    }
    SUBCASE("a missing program is exit 127, not a failure (as docker exec)")
    {
        sink().clear();
        run_ok_here(program("execOneTerminable", socket, "no-such-program-mel-agent"));
        CHECK(fired() == Names{"started", "finished", "completed", "exit"});
        CHECK(sink().get("exit").values == std::vector<Value>{Value::some(Value::i32(127))});
    }
    SUBCASE("an unreachable agent is a failure (failed, error)")
    {
        sink().clear();
        run_ok_here(program("execOneTerminable", "/no/such/agent.sock", "true"));
        CHECK(fired() == Names{"finished", "failed", "error"});
        const Record error = sink().get("error");
        REQUIRE(error.values.size() == 1);
        CHECK(error.values[0].as_string().rfind(
                  "cannot run 'true': container agent unreachable at /no/such/agent.sock", 0) == 0);
    }
    SUBCASE("stdout and stderr are drained before the exit, from inside the container")
    {
        sink().clear();
        run_ok_here(program("spawnOneTerminable", socket,
                            "sh -c 'head -c 300000 /dev/zero | tr \"\\\\0\" a; cat /etc/hostname >&2; exit 4'"));
        CHECK(sink().get("stdout").bytes == std::string(300000, 'a'));
        CHECK(sink().get("stderr").bytes == "build\n");
        CHECK(sink().get("exit").values == std::vector<Value>{Value::some(Value::i32(4))});
    }
    SUBCASE("terminate kills the command and what it started, within a second")
    {
        sink().clear();
        const auto begin = Clock::now();
        run_ok_here(program("execOneTerminable", socket, "sh -c 'sleep 60.666 & sleep 60.777; wait'", 200));
        CHECK(std::chrono::duration<double>(Clock::now() - begin).count() < 1.2);
        CHECK(fired() == Names{"started", "finished", "terminated"});
        CHECK(gone_within("sleep 60.666"));
        CHECK(gone_within("sleep 60.777"));
    }

    const int attached = result.worker->access().attached->take();
    ::close(attached);
    CHECK(result.worker->wait().empty());
}
