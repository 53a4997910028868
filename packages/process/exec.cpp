// process/exec — reference: libs/process-mel/src/exec.rs (the Executor data type and the four primitives;
// packages.md §1.2, §5.2, §5.3). The Mélodium-level wrappers of this area are in packages/process/mel/exec.mel.
//
// Kept from the reference: nothing runs unless the executor, the command(s) and the environment all arrive; a
// closed `terminate` never terminates; the order of the outputs (one command: `completed`, `exit`, `finished`;
// `failed`, `error`, `finished`; terminated: `finished`, then `terminated` — several commands: per-command
// `exit`, then `completed`/`failed`/`terminated`, then `finished`); `started` once, at the first start;
// `execTerminable` stops only when a command cannot be run or on terminate, `spawnTerminable` also after the
// first exit that is not 0 (none counts as not 0), still with `completed` (packages.md §5.3).
// Differences: stdout and stderr are read to their end before the exit is reported, and when nobody listens to
// them any more they are still read (and dropped) so that the child never blocks on a full pipe (the
// reference closed the pipe, killing the child with SIGPIPE at its next write); a terminate that arrives
// between two commands of a sequence starts no further command (the reference started the next one and
// killed it at once).
// The terminate input is watched by its own sub-task for as long as the process runs; afterwards the treatment
// closes that input (and stdin) and every output, so that everything downstream goes on at once; the sub-task
// itself ends when the input's upstream closes.

#include "packages/process/exec.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "packages/process/command.h"
#include "packages/process/environment.h"
#include "packages/process/register.h"
#include "packages/process/terminator.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::process {

Value Executor::make(std::shared_ptr<const ExecutorEngine> engine)
{
    return Value::data(std::make_shared<const Executor>(std::move(engine)));
}

const Executor* Executor::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data)
        return nullptr;
    const auto& object = value.as_data();
    return object->type_name() == k_type_name ? static_cast<const Executor*>(object.get()) : nullptr;
}

namespace {

using engine::Input;
using engine::Output;
using engine::Task;
using engine::TreatmentContext;

/// The largest batch forwarded from stdout or stderr.
constexpr std::size_t k_chunk = std::size_t{1} << 20;

Task<> fire(Output& out)
{
    co_await out.send_one(Value());
}

Task<> send_text(Output& out, const std::string& text)
{
    Value value = Value::string(text);
    co_await out.send_one(std::move(value));
}

Task<> send_exit(Output& out, ExitCode code)
{
    Value value = code ? Value::some(Value::i32(*code)) : Value::none();
    co_await out.send_one(std::move(value));
}

void close_outputs(TreatmentContext& ctx)
{
    for (std::size_t i = 0; i < ctx.output_count(); ++i)
        ctx.output(i).close();
}

/// The executor and the environment every primitive waits for, kept alive while it runs.
struct Setup {
    Value executor;
    Value environment; // Option<Environment>

    const ExecutorEngine& engine() const { return Executor::from(executor)->engine(); }
    const Environment* env() const
    {
        return environment.is_some() ? Environment::from(environment.option_value()) : nullptr;
    }
};

const Command& command_of(const Value& value)
{
    const Command* command = Command::from(value);
    if (!command)
        throw engine::EngineError("process/exec: a Command was expected");
    return *command;
}

/// Receives `executor`, then (for the one-command primitives) `command`, then `environment`, each awaited as the
/// reference does; nullopt when any of them closed without a value.
Task<std::optional<Setup>> receive_setup(TreatmentContext& ctx, std::optional<Value>* command)
{
    const auto executor = co_await ctx.input("executor").recv_one();
    if (command) {
        auto received = co_await ctx.input("command").recv_one();
        *command = std::move(received);
    }
    const auto environment = co_await ctx.input("environment").recv_one();
    if (!executor || !environment || (command && !*command))
        co_return std::nullopt;
    if (!Executor::from(*executor))
        throw engine::EngineError("process/exec: an Executor was expected");
    if (command)
        command_of(**command);
    if (!environment->is_none() && !(environment->is_some() && Environment::from(environment->option_value())))
        throw engine::EngineError("process/exec: an Option<Environment> was expected");
    co_return Setup{*executor, *environment};
}

Task<> watch_terminate(Input& terminate, Terminator& terminator)
{
    const auto value = co_await terminate.recv_one();
    if (value)
        terminator.request();
}

/// Forwards one output stream of the child to `out` until its end. Once nobody listens, it is still read to
/// its end (and dropped).
Task<> pump_output(Process& process, OutputStream stream, Output& out)
{
    std::unique_ptr<std::byte[]> buffer(new std::byte[k_chunk]);
    bool listened = true;
    while (true) {
        const auto count = co_await process.read(stream, std::span<std::byte>(buffer.get(), k_chunk));
        if (!count.ok() || count.value() == 0)
            break;
        if (!listened)
            continue;
        engine::Batch batch = engine::Batch::of_bytes(std::span<const std::byte>(buffer.get(), count.value()));
        const bool sent = co_await out.send_many(std::move(batch));
        listened = sent;
    }
}

/// Writes what arrives on `stdin` to the child, then ends the child's stdin.
Task<> pump_input(Input& stdin_input, Process& process)
{
    while (auto batch = co_await stdin_input.recv_many()) {
        const auto bytes = batch->bytes();
        if (bytes.empty())
            continue;
        const Status written = co_await process.write(bytes);
        if (!written.ok())
            break; // the child no longer reads its stdin
    }
    process.close_input();
    stdin_input.close();
}

Task<> wait_exit(Process& process, Result<ExitCode>& status)
{
    auto ended = co_await process.wait();
    status = std::move(ended);
}

/// Waits for the end of `process`, reading its stdout and stderr to their end meanwhile when piped.
Task<Result<ExitCode>> run_to_end(Process& process, Output* stdout_output, Output* stderr_output)
{
    if (!stdout_output) {
        auto ended = co_await process.wait();
        co_return ended;
    }
    Result<ExitCode> status = Error{"the process was not waited for"};
    co_await engine::when_all(engine::tasks(pump_output(process, OutputStream::Stdout, *stdout_output),
                                            pump_output(process, OutputStream::Stderr, *stderr_output),
                                            wait_exit(process, status)));
    co_return status;
}

/// What users read when `command` cannot run: "cannot run 'cargoo': No such file or directory (os error 2)" (the
/// reference's text, the executor's reason, stays at the end).
Error cannot_run(const Command& command, const Error& reason)
{
    return Error{"cannot run '" + command.program() + "': " + reason.message};
}

Task<> report_start_failure(TreatmentContext& ctx, const Error& error)
{
    co_await fire(ctx.output("failed"));
    co_await send_text(ctx.output("error"), error.message);
    co_await fire(ctx.output("finished"));
}

// ---- one command -------------------------------------------------------------------------------------

/// Runs the started `process` to its end and reports it; then lets everything else go.
Task<> run_one(TreatmentContext& ctx, Process& process, const Command& command, Terminator& terminator, bool piped)
{
    Output* stdout_output = piped ? &ctx.output("stdout") : nullptr;
    Output* stderr_output = piped ? &ctx.output("stderr") : nullptr;
    terminator.attach(process, command);
    co_await fire(ctx.output("started"));
    const Result<ExitCode> status = co_await run_to_end(process, stdout_output, stderr_output);
    if (piped) {
        stdout_output->close();
        stderr_output->close();
    }
    const bool terminated = terminator.detach();
    process.release();
    if (terminated) {
        co_await fire(ctx.output("finished"));
        co_await fire(ctx.output("terminated"));
    } else if (status.ok()) {
        co_await fire(ctx.output("completed"));
        co_await send_exit(ctx.output("exit"), status.value());
        co_await fire(ctx.output("finished"));
    } else {
        co_await report_start_failure(ctx, cannot_run(command, status.error()));
    }
    close_outputs(ctx);
    ctx.input("terminate").close();
    if (piped)
        ctx.input("stdin").close();
}

Task<> one_command_body(TreatmentContext& ctx, bool piped)
{
    std::optional<Value> command;
    const auto setup = co_await receive_setup(ctx, &command);
    if (!setup)
        co_return;
    if (engine::this_fiber().world.stopping()) { // Ctrl-C came first: no command starts any more
        co_await fire(ctx.output("finished"));
        co_await fire(ctx.output("terminated"));
        close_outputs(ctx);
        co_return;
    }
    const StdioSetup stdio = piped ? StdioSetup{Stdio::Piped, Stdio::Piped, Stdio::Piped} : StdioSetup{};
    auto started = co_await setup->engine().start(command_of(*command), setup->env(), stdio);
    if (!started.ok()) {
        co_await report_start_failure(ctx, cannot_run(command_of(*command), started.error()));
        co_return;
    }
    const std::unique_ptr<Process> process = std::move(started.value());
    Terminator terminator;
    std::vector<Task<>> parts;
    parts.push_back(run_one(ctx, *process, command_of(*command), terminator, piped));
    parts.push_back(watch_terminate(ctx.input("terminate"), terminator));
    if (piped)
        parts.push_back(pump_input(ctx.input("stdin"), *process));
    co_await engine::when_all(std::move(parts));
}

Task<> exec_one_terminable_body(TreatmentContext& ctx)
{
    co_await one_command_body(ctx, false);
}

Task<> spawn_one_terminable_body(TreatmentContext& ctx)
{
    co_await one_command_body(ctx, true);
}

// ---- several commands --------------------------------------------------------------------------------

enum class Outcome { Completed, Failed, Terminated };

/// Runs the commands received, one after the other, and reports the whole sequence.
Task<> run_sequence(TreatmentContext& ctx, const Setup& setup, Terminator& terminator, bool piped)
{
    auto& commands = ctx.input("commands");
    auto& exit = ctx.output("exit");
    Output* stdout_output = piped ? &ctx.output("stdout") : nullptr;
    Output* stderr_output = piped ? &ctx.output("stderr") : nullptr;
    const StdioSetup stdio = piped ? StdioSetup{Stdio::Null, Stdio::Piped, Stdio::Piped} : StdioSetup{};
    Outcome outcome = Outcome::Completed;
    bool first = true;
    while (auto command = co_await commands.recv_one()) {
        if (terminator.requested() || engine::this_fiber().world.stopping()) {
            outcome = Outcome::Terminated;
            break;
        }
        auto started = co_await setup.engine().start(command_of(*command), setup.env(), stdio);
        if (!started.ok()) {
            co_await send_text(ctx.output("error"), cannot_run(command_of(*command), started.error()).message);
            outcome = Outcome::Failed;
            break;
        }
        const std::unique_ptr<Process> process = std::move(started.value());
        if (first) {
            first = false;
            co_await fire(ctx.output("started"));
        }
        terminator.attach(*process, command_of(*command));
        const Result<ExitCode> status = co_await run_to_end(*process, stdout_output, stderr_output);
        const bool terminated = terminator.detach();
        process->release();
        if (terminated) {
            outcome = Outcome::Terminated;
            break;
        }
        if (!status.ok()) {
            co_await send_text(ctx.output("error"), cannot_run(command_of(*command), status.error()).message);
            outcome = Outcome::Failed;
            break;
        }
        co_await send_exit(exit, status.value());
        if (piped && status.value() != ExitCode{0})
            break;
    }
    commands.close();
    exit.close();
    if (piped) {
        stdout_output->close();
        stderr_output->close();
    }
    switch (outcome) {
    case Outcome::Completed: co_await fire(ctx.output("completed")); break;
    case Outcome::Failed: co_await fire(ctx.output("failed")); break;
    case Outcome::Terminated: co_await fire(ctx.output("terminated")); break;
    }
    co_await fire(ctx.output("finished"));
    close_outputs(ctx);
    ctx.input("terminate").close();
}

Task<> commands_body(TreatmentContext& ctx, bool piped)
{
    const auto setup = co_await receive_setup(ctx, nullptr);
    if (!setup)
        co_return;
    Terminator terminator;
    co_await engine::when_all(engine::tasks(run_sequence(ctx, *setup, terminator, piped),
                                            watch_terminate(ctx.input("terminate"), terminator)));
}

Task<> exec_terminable_body(TreatmentContext& ctx)
{
    co_await commands_body(ctx, false);
}

Task<> spawn_terminable_body(TreatmentContext& ctx)
{
    co_await commands_body(ctx, true);
}

// ---- declarations -------------------------------------------------------------------------------------

const char* const k_common_doc =
    "Nothing runs unless `executor`, `environment` (none: the executor's own environment) and the command(s) "
    "arrive.\n\n"
    "`completed` is emitted when the executor could run the command(s), whatever their exit codes; `exit` "
    "carries the exit code (none when a signal ended the process). `failed` is emitted when the executor "
    "cannot run a command, with the reason on `error`. A value on `terminate` kills the process and "
    "everything it started: `terminated` is then emitted instead of `completed` or `failed` (a `terminate` "
    "that closes without a value never terminates anything). `finished` is emitted at the end in every case.";

const char* const k_streams_doc =
    "`stdout` and `stderr` carry what the process writes, as it comes, in chunks of at most 1 MiB; both are "
    "read to their end before the exit is reported.";

void declare_common_inputs(TreatmentBuilder& t, bool one)
{
    t.input("executor", "Block<Executor>");
    if (one)
        t.input("command", "Block<Command>");
    else
        t.input("commands", "Stream<Command>");
    t.input("environment", "Block<Option<Environment>>").input("terminate", "Block<void>");
}

void declare_outcome_outputs(TreatmentBuilder& t, bool one)
{
    t.output("finished", "Block<void>")
        .output("completed", "Block<void>")
        .output("failed", "Block<void>")
        .output("terminated", "Block<void>")
        .output("error", "Block<string>")
        .output("exit", one ? "Block<Option<i32>>" : "Stream<Option<i32>>");
}

} // namespace

void register_exec(Registry& registry)
{
    auto area = registry.area("process/exec");
    area.data_type("Executor", {},
                   "Where commands run.\n\n"
                   "An `Executor` comes from a function such as `|local_executor` and is given to the `exec…` "
                   "and `spawn…` treatments. It cannot be serialized: it never leaves the engine that made it.");

    {
        auto t = area.treatment("execOneTerminable");
        declare_common_inputs(t, true);
        t.output("started", "Block<void>");
        declare_outcome_outputs(t, true);
        t.doc(std::string("Run one command, its standard streams on the null device.\n\n"
                          "`started` is emitted once the process runs. ") +
              k_common_doc + " When terminated, `finished` comes before `terminated`.")
            .implementation(engine::make_treatment(exec_one_terminable_body));
    }
    {
        auto t = area.treatment("execTerminable");
        declare_common_inputs(t, false);
        t.output("started", "Block<void>");
        declare_outcome_outputs(t, false);
        t.doc(std::string("Run commands one after the other, their standard streams on the null device.\n\n"
                          "`started` is emitted once, when the first process runs; `exit` carries one value "
                          "per command that ran. The sequence stops at the first command the executor cannot "
                          "run, or on terminate, but not on an exit code. ") +
              k_common_doc + " `completed`, `failed` or `terminated` is emitted at the end of the sequence, "
                             "before `finished`.")
            .implementation(engine::make_treatment(exec_terminable_body));
    }
    {
        auto t = area.treatment("spawnOneTerminable");
        declare_common_inputs(t, true);
        t.input("stdin", "Stream<byte>");
        t.output("started", "Block<void>").output("stdout", "Stream<byte>").output("stderr", "Stream<byte>");
        declare_outcome_outputs(t, true);
        t.doc(std::string("Run one command, connected to streams.\n\n"
                          "What arrives on `stdin` is written to the process as it comes; when `stdin` closes, "
                          "the process reads the end of its input. ") +
              k_streams_doc + " `started` is emitted once the process runs. " + k_common_doc +
              " When terminated, `finished` comes before `terminated`.")
            .implementation(engine::make_treatment(spawn_one_terminable_body));
    }
    {
        auto t = area.treatment("spawnTerminable");
        declare_common_inputs(t, false);
        t.output("started", "Block<void>").output("stdout", "Stream<byte>").output("stderr", "Stream<byte>");
        declare_outcome_outputs(t, false);
        t.doc(std::string("Run commands one after the other, their outputs streamed.\n\n"
                          "Each process reads its input from the null device. ") +
              k_streams_doc + " The outputs of all the commands follow each other on the same two streams. "
                              "`started` is emitted once, when the first process runs; `exit` carries one value "
                              "per command that ran. The sequence stops after the first exit code that is not "
                              "0 (or none), at the first command the executor cannot run, or on terminate. " +
              k_common_doc + " `completed`, `failed` or `terminated` is emitted at the end of the sequence, "
                             "before `finished`; `completed` also when a command exited with a code that is "
                             "not 0.")
            .implementation(engine::make_treatment(spawn_terminable_body));
    }
}

} // namespace mel::packages::process
