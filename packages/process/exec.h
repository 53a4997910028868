#pragma once

// process/exec — the Executor data type and the seam behind it (packages.md §1.2, §5.1): an ExecutorEngine
// starts commands somewhere (on this machine for the local executor; later in a container or a remote pod) and
// hands back a Process, which the four primitives of this area (execOneTerminable, execTerminable,
// spawnOneTerminable, spawnTerminable; packages/process/exec.cpp) drive without knowing where it runs.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "runtime/engine/task.h"
#include "runtime/model/result.h"
#include "runtime/model/value.h"

namespace mel::packages::process {

class Command;
class Environment;

/// What a child's standard stream is connected to: nothing (the null device) or a pipe to the engine.
enum class Stdio { Null, Piped };

struct StdioSetup {
    Stdio input = Stdio::Null;
    Stdio output = Stdio::Null;
    Stdio error = Stdio::Null;
};

enum class OutputStream { Stdout, Stderr };

/// How a process ended: its exit code, or none when a signal ended it.
using ExitCode = std::optional<std::int32_t>;

/// A process started by an executor. One fiber per pipe, one waiting for the end and one terminating may use it
/// at the same time; each pipe is used by one fiber. interrupt() and kill() may also be called from any thread
/// (the engine's stop hooks, runtime/engine/stop.h).
class Process {
public:
    Process() = default;
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    /// A process not released yet is killed and reaped.
    virtual ~Process() = default;

    /// Up to `buffer.size()` bytes of the child's stdout or stderr (which must be piped); 0 at the end of the
    /// stream, and as soon as the process is killed or released.
    virtual engine::Task<Result<std::size_t>> read(OutputStream stream, std::span<std::byte> buffer) = 0;
    /// Writes every byte to the child's stdin (which must be piped); an error once the child no longer reads it
    /// (it closed it or ended) or the process was killed or released.
    virtual engine::Task<Status> write(std::span<const std::byte> bytes) = 0;
    /// Ends the child's stdin: the child reads end of file. The fiber writing stdin calls it.
    virtual void close_input() = 0;
    /// Resumes when the process has ended. Its pipes may still hold output (read them to their end).
    virtual engine::Task<Result<ExitCode>> wait() = 0;
    /// Sends `signal` (SIGINT, SIGTERM) to the process and everything it started, as a terminal does to its
    /// foreground job: the process may still write its last output, and ends when it decides to. No effect after
    /// release().
    virtual void interrupt(int signal) = 0;
    /// Kills the process and everything it started, at once; its pipes end. No effect after release().
    virtual void kill() = 0;
    /// Done with the process (after wait(), or to get rid of it): a process still running is killed; it is then
    /// reaped and its pipes end.
    virtual void release() = 0;
};

/// Where commands run.
class ExecutorEngine {
public:
    virtual ~ExecutorEngine() = default;
    /// Starts `command` with `environment` (none: as the executor's own) from a fiber; the reason, in the
    /// reference's wording, when it cannot be started ("No such file or directory (os error 2)", "working
    /// directory '/x': Not a directory (os error 20)"). The primitives show it as "cannot run 'program': reason".
    virtual engine::Task<Result<std::unique_ptr<Process>>> start(const Command& command,
                                                                 const Environment* environment,
                                                                 StdioSetup stdio) const = 0;
};

/// The Mélodium `Executor`: an opaque handle to an ExecutorEngine. Not serializable.
class Executor final : public DataObject {
public:
    static constexpr std::string_view k_type_name = "Executor";

    explicit Executor(std::shared_ptr<const ExecutorEngine> engine) : m_engine(std::move(engine)) {}

    /// A Data value holding a new Executor.
    static Value make(std::shared_ptr<const ExecutorEngine> engine);
    /// The Executor inside a Data value; nullptr when the value is something else.
    static const Executor* from(const Value& value);

    const ExecutorEngine& engine() const { return *m_engine; }
    std::string_view type_name() const override { return k_type_name; }

private:
    std::shared_ptr<const ExecutorEngine> m_engine;
};

} // namespace mel::packages::process
