// The agent executor (agent_client.h). Differences from the reference's container executors (packages.md §2.5):
// the environment's clear_env is honoured and ${NAME} is expanded against the container's environment (by the
// agent); terminate kills the command's process group in the container, not only an exec CLI.

#include "packages/work/local/agent_client.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "packages/process/command.h"
#include "packages/process/environment.h"
#include "packages/process/pipes.h"
#include "packages/process/spawn.h"
#include "packages/work/local/agent_protocol.h"
#include "runtime/engine/engine.h"

namespace mel::packages::work::local {

namespace {

using engine::Task;
using process::ExitCode;
using process::OutputStream;
using process::Stdio;
using process::WaitType;
using process::WatchedFd;

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept
    {
        std::swap(m_fd, other.m_fd);
        return *this;
    }
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd = -1;
};

/// What start() got from the agent: the connection and the engine's ends of the pipes.
struct Started {
    Fd socket;
    Fd input;
    Fd output;
    Fd error;
};

Result<Started> request_start(const std::string& socket_path, const ExecRequest& request)
{
    Started started;
    started.socket = Fd(connect_unix(socket_path));
    if (started.socket.get() < 0)
        return Error{"container agent unreachable at " + socket_path + ": " + process::os_error(errno).message};

    std::vector<Fd> child_ends;
    const auto pipe_for = [&](bool piped, bool child_reads, Fd& ours) -> Status {
        if (!piped)
            return success();
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return process::os_error(errno);
        ours = Fd(child_reads ? fds[1] : fds[0]);
        child_ends.emplace_back(child_reads ? fds[0] : fds[1]);
        const int flags = ::fcntl(ours.get(), F_GETFL);
        ::fcntl(ours.get(), F_SETFL, flags | O_NONBLOCK);
        if (!child_reads)
            ::fcntl(ours.get(), F_SETPIPE_SZ, 1 << 20); // best effort, as the local executor
        return success();
    };
    if (Status s = pipe_for(request.stdin_piped, true, started.input); !s.ok())
        return s.error();
    if (Status s = pipe_for(request.stdout_piped, false, started.output); !s.ok())
        return s.error();
    if (Status s = pipe_for(request.stderr_piped, false, started.error); !s.ok())
        return s.error();
    std::vector<int> passed;
    for (const auto& end : child_ends)
        passed.push_back(end.get());
    if (const int error = send_message(started.socket.get(), encode_exec(request), passed); error != 0)
        return Error{"cannot send the command to the container agent: " + process::os_error(error).message};
    child_ends.clear(); // the agent has its copies

    Strings reply;
    const Received got = receive_message(started.socket.get(), reply);
    if (got != Received::Message)
        return Error{"the container agent at " + socket_path + " did not answer"};
    if (reply.size() == 2 && reply[0] == k_failed)
        return Error{reply[1]};
    if (reply.empty() || reply[0] != k_started)
        return Error{"unexpected answer from the container agent"};
    const int flags = ::fcntl(started.socket.get(), F_GETFL);
    ::fcntl(started.socket.get(), F_SETFL, flags | O_NONBLOCK);
    return Result<Started>(std::move(started));
}

std::unique_ptr<WatchedFd> watch(asio::io_context& io, Fd& fd)
{
    int owned = fd.release();
    return process::watch(io, owned);
}

class AgentProcess final : public process::Process {
public:
    AgentProcess(asio::io_context& io, Started started)
    {
        m_input = watch(io, started.input);
        m_output = watch(io, started.output);
        m_error = watch(io, started.error);
        m_socket = watch(io, started.socket);
    }
    ~AgentProcess() override { release(); }

    Task<Result<std::size_t>> read(OutputStream stream, std::span<std::byte> buffer) override
    {
        WatchedFd* pipe = stream == OutputStream::Stdout ? m_output.get() : m_error.get();
        MEL_ASSERT(pipe != nullptr, "read from a command's stream that is not piped");
        co_return co_await process::read_pipe(*pipe, buffer);
    }

    Task<Status> write(std::span<const std::byte> bytes) override
    {
        MEL_ASSERT(m_input != nullptr, "write to a command's stdin that is not piped");
        co_return co_await process::write_pipe(*m_input, bytes);
    }

    void close_input() override
    {
        if (m_input)
            m_input->close();
    }

    Task<Result<ExitCode>> wait() override
    {
        while (true) {
            {
                std::lock_guard lock(m_mutex);
                if (m_ended)
                    co_return m_exit;
            }
            Strings message;
            const Received got = receive_message(m_socket->fd(), message, nullptr, true);
            if (got == Received::WouldBlock) {
                const bool ready = co_await m_socket->ready(WaitType::wait_read);
                if (!ready && m_socket->is_shut())
                    co_return ExitCode{}; // released while waiting
                continue;
            }
            std::lock_guard lock(m_mutex);
            m_ended = true;
            if (got == Received::Message && message.size() == 2 && message[0] == k_exited)
                m_exit = std::atoi(message[1].c_str());
            else
                m_exit = std::nullopt; // signaled, or the container went away (killed: no exit code)
            co_return m_exit;
        }
    }

    void interrupt(int signal) override
    {
        std::lock_guard lock(m_mutex);
        if (!m_released && !m_ended)
            send_message(m_socket->fd(), {k_signal, std::to_string(signal)}, {}, true);
    }

    void kill() override
    {
        std::lock_guard lock(m_mutex);
        if (m_released)
            return;
        if (!m_ended)
            send_message(m_socket->fd(), {k_kill}, {}, true);
        for (WatchedFd* pipe : {m_input.get(), m_output.get(), m_error.get()})
            if (pipe)
                pipe->shut();
    }

    void release() override
    {
        std::lock_guard lock(m_mutex);
        if (m_released)
            return;
        m_released = true;
        if (!m_ended)
            send_message(m_socket->fd(), {k_kill}, {}, true);
        for (WatchedFd* pipe : {m_input.get(), m_output.get(), m_error.get()})
            if (pipe)
                pipe->shut();
        m_socket->shut(); // closing the connection also makes the agent kill the command
    }

private:
    std::unique_ptr<WatchedFd> m_input;
    std::unique_ptr<WatchedFd> m_output;
    std::unique_ptr<WatchedFd> m_error;
    std::unique_ptr<WatchedFd> m_socket;
    std::mutex m_mutex;
    bool m_ended = false;
    bool m_released = false;
    ExitCode m_exit;
};

ExecRequest make_request(const process::Command& command, const process::Environment* environment,
                         process::StdioSetup stdio)
{
    ExecRequest request;
    request.argv.push_back(command.program());
    request.argv.insert(request.argv.end(), command.arguments().begin(), command.arguments().end());
    request.stdin_piped = stdio.input == Stdio::Piped;
    request.stdout_piped = stdio.output == Stdio::Piped;
    request.stderr_piped = stdio.error == Stdio::Piped;
    if (environment) {
        request.working_directory = environment->working_directory();
        request.clear_env = environment->clear_env();
        request.expand_variables = environment->expand_variables();
        for (const auto& [name, value] : environment->variables())
            request.variables.emplace_back(name, value);
    }
    return request;
}

class AgentExecutorEngine final : public process::ExecutorEngine {
public:
    explicit AgentExecutorEngine(std::string socket_path) : m_socket_path(std::move(socket_path)) {}

    Task<Result<std::unique_ptr<process::Process>>> start(const process::Command& command,
                                                          const process::Environment* environment,
                                                          process::StdioSetup stdio) const override
    {
        const ExecRequest request = make_request(command, environment, stdio);
        auto started = co_await engine::blocking([&] { return request_start(m_socket_path, request); });
        if (!started.ok())
            co_return started.error();
        asio::io_context& io = engine::this_fiber().world.io_context();
        std::unique_ptr<process::Process> process = std::make_unique<AgentProcess>(io, std::move(started.value()));
        co_return std::move(process);
    }

private:
    std::string m_socket_path;
};

} // namespace

std::shared_ptr<const process::ExecutorEngine> agent_executor_engine(std::string socket_path)
{
    return std::make_shared<const AgentExecutorEngine>(std::move(socket_path));
}

} // namespace mel::packages::work::local
