// process/local — reference: LocalExecutorEngine and `local_executor` in libs/process-mel/src/local.rs
// (packages.md §5.1–§5.3). The Mélodium-level treatments of the same area (execOnce, spawnOnce) are in
// packages/process/mel/local.mel.
// Differences: the child leads its own process group and terminating it kills the whole group; its stdout and
// stderr are read to their end before its exit is reported (the reference could lose their tail); a process
// still running when its treatment goes away (end of the engine included) is killed and reaped.

#include "packages/process/local.h"

#include <cerrno>
#include <chrono>
#include <mutex>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "packages/process/command.h"
#include "packages/process/environment.h"
#include "packages/process/pipes.h"
#include "packages/process/register.h"
#include "packages/process/spawn.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::process {

namespace {

using engine::Task;

/// How often the end of a child is polled when the kernel offers no pidfd.
constexpr std::chrono::milliseconds k_exit_poll{10};

class LocalProcess final : public Process {
public:
    LocalProcess(asio::io_context& io, SpawnedChild child)
    {
        // `child` keeps what is not handed over yet: if anything throws here, it kills and reaps the child.
        m_input = watch(io, child.input);
        m_output = watch(io, child.output);
        m_error = watch(io, child.error);
        m_exit = watch(io, child.pidfd);
        m_pid = child.pid;
        child.disown();
    }
    ~LocalProcess() override { release(); }

    Task<Result<std::size_t>> read(OutputStream stream, std::span<std::byte> buffer) override
    {
        WatchedFd* pipe = stream == OutputStream::Stdout ? m_output.get() : m_error.get();
        MEL_ASSERT(pipe != nullptr, "read from a child's stream that is not piped");
        co_return co_await read_pipe(*pipe, buffer);
    }

    Task<Status> write(std::span<const std::byte> bytes) override
    {
        MEL_ASSERT(m_input != nullptr, "write to a child's stdin that is not piped");
        co_return co_await write_pipe(*m_input, bytes);
    }

    void close_input() override
    {
        if (m_input)
            m_input->close();
    }

    Task<Result<ExitCode>> wait() override
    {
        while (true) {
            ExitCode code;
            const Result<bool> ended = has_ended(code);
            if (!ended.ok())
                co_return ended.error();
            if (ended.value())
                co_return code;
            if (m_exit) {
                const bool signalled = co_await m_exit->ready(WaitType::wait_read);
                if (signalled)
                    continue;
            }
            co_await engine::sleep_for(k_exit_poll);
        }
    }

    void interrupt(int signal) override
    {
        std::lock_guard lock(m_mutex);
        if (m_released)
            return;
        ::kill(-m_pid, signal);
        ::kill(m_pid, signal);
    }

    void kill() override
    {
        std::lock_guard lock(m_mutex);
        if (m_released)
            return;
        // The child is not reaped yet, so its pid (and group id) cannot have been reused.
        ::kill(-m_pid, SIGKILL);
        ::kill(m_pid, SIGKILL);
        shut_pipes();
    }

    void release() override
    {
        std::lock_guard lock(m_mutex);
        if (m_released)
            return;
        m_released = true;
        shut_pipes();
        if (m_exit)
            m_exit->shut();
        ExitCode ignored;
        const Result<bool> ended = has_ended(ignored);
        if (ended.ok() && ended.value()) {
            int status = 0;
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
            }
        } else {
            kill_and_reap(m_pid);
        }
    }

private:
    /// Whether the child has ended, without reaping it (so that its pid stays ours); its exit in `code`.
    Result<bool> has_ended(ExitCode& code) const
    {
        siginfo_t info{};
        if (::waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
            return errno == EINTR ? Result<bool>(false) : Result<bool>(os_error(errno));
        if (info.si_pid == 0)
            return false;
        if (info.si_code == CLD_EXITED)
            code = info.si_status;
        else
            code = std::nullopt;
        return true;
    }

    void shut_pipes()
    {
        for (WatchedFd* pipe : {m_input.get(), m_output.get(), m_error.get()})
            if (pipe)
                pipe->shut();
    }

    pid_t m_pid = -1;
    std::unique_ptr<WatchedFd> m_input;
    std::unique_ptr<WatchedFd> m_output;
    std::unique_ptr<WatchedFd> m_error;
    std::unique_ptr<WatchedFd> m_exit; // the pidfd; null when the kernel has none
    std::mutex m_mutex;
    bool m_released = false;
};

std::optional<std::string> engine_variable(const std::string& name)
{
    if (const char* value = ::getenv(name.c_str()))
        return std::string(value);
    return std::nullopt;
}

SpawnRequest make_request(const Command& command, const Environment* environment, StdioSetup stdio)
{
    SpawnRequest request;
    request.program = command.program();
    request.arguments = command.arguments();
    request.stdio = stdio;
    if (!environment)
        return request;
    request.working_directory = environment->working_directory();
    request.clear_env = environment->clear_env();
    for (const auto& [name, value] : environment->variables())
        request.variables.emplace_back(name, environment->expand_variables()
                                                 ? expand_variables(value, engine_variable)
                                                 : value);
    return request;
}

class LocalExecutorEngine final : public ExecutorEngine {
public:
    Task<Result<std::unique_ptr<Process>>> start(const Command& command, const Environment* environment,
                                                 StdioSetup stdio) const override
    {
        const SpawnRequest request = make_request(command, environment, stdio);
        auto child = co_await engine::blocking([&request] { return spawn_child(request); });
        if (!child.ok())
            co_return child.error();
        asio::io_context& io = engine::this_fiber().world.io_context();
        std::unique_ptr<Process> process = std::make_unique<LocalProcess>(io, std::move(child.value()));
        co_return std::move(process);
    }
};

// |local_executor() -> Option<Executor>: always some, as in the reference's real builds.
Result<Value> local_executor_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.empty(), "|local_executor takes no argument");
    return Value::some(Executor::make(local_executor_engine()));
}

} // namespace

std::shared_ptr<const ExecutorEngine> local_executor_engine()
{
    static const std::shared_ptr<const ExecutorEngine> engine = std::make_shared<const LocalExecutorEngine>();
    return engine;
}

void register_local(Registry& registry)
{
    auto area = registry.area("process/local");
    area.function("local_executor")
        .returns("Option<Executor>")
        .doc("The executor running commands on this machine, as children of the engine.\n\n"
             "A program named without `/` is looked up in the `PATH`: the one the environment sets, else the "
             "engine's (`/bin:/usr/bin` when the environment is cleared without setting one). Each command starts in its own process group, with only its standard streams open; "
             "terminating it kills the whole group. With an environment, its variables are set over the "
             "engine's own (or alone with `clear_env`), `${NAME}` in their values being replaced by the "
             "engine's variable NAME when `expand_variables` is set.\n\n"
             "Always some.")
        .body(local_executor_body);
}

} // namespace mel::packages::process
