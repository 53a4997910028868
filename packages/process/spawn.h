#pragma once

// The operating-system side of the local executor: starting a child with posix_spawn (blocking, short: run it
// on the engine's blocking pool), and the texts of OS errors in the reference's wording.
//
// Every child starts in a new process group (so that terminating it reaches what it started), with an empty
// signal mask and SIGPIPE at its default action, and with no descriptor of ours but its three standard streams
// (everything of ours is O_CLOEXEC, and the child closes every descriptor from 3 up before exec).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

#include "packages/process/exec.h"
#include "runtime/model/result.h"

namespace mel::packages::process {

/// The text of an OS error as the reference prints it (Rust's io::Error): "No such file or directory (os error
/// 2)".
Error os_error(int errnum);

/// The reason a command cannot start in `directory`: "working directory '/x': No such file or directory (os
/// error 2)".
Error working_directory_error(const std::string& directory, int errnum);

struct SpawnRequest {
    std::string program; // looked up in the PATH when it holds no '/'
    std::vector<std::string> arguments;
    std::optional<std::string> working_directory;
    bool clear_env = false;
    std::vector<std::pair<std::string, std::string>> variables; // set over the inherited ones, already expanded
    StdioSetup stdio;
};

/// A started child: its pid (also its process group id) and the engine's ends of its pipes, non-blocking and
/// close-on-exec (-1 where not piped); `pidfd` is -1 when the kernel offers none. Owns them: unless disown()
/// was called, destroying it kills the child's process group, reaps the child and closes the descriptors.
struct SpawnedChild {
    SpawnedChild() = default;
    SpawnedChild(SpawnedChild&& other) noexcept;
    SpawnedChild& operator=(SpawnedChild&& other) noexcept;
    SpawnedChild(const SpawnedChild&) = delete;
    SpawnedChild& operator=(const SpawnedChild&) = delete;
    ~SpawnedChild();

    /// Hands everything over to the caller: the destructor no longer does anything.
    void disown();

    pid_t pid = -1;
    int pidfd = -1;
    int input = -1;
    int output = -1;
    int error = -1;

private:
    void clean_up();
};

/// SIGKILL to the process group `pid` and to `pid` itself (in case it left its group), then waits for `pid`.
void kill_and_reap(pid_t pid);

/// Starts the child described by `request`. When the program cannot be found, the working directory entered or
/// the program executed, nothing is left behind and the OS error is returned (naming the working directory when
/// it is the cause).
Result<SpawnedChild> spawn_child(const SpawnRequest& request);

/// The path that exec would run for `program` with the search path `path` (PATH's syntax; relative entries are
/// taken from `base` when given): `program` itself when it holds a '/'; ENOENT, or EACCES when only
/// non-executable candidates exist.
Result<std::string> find_program(const std::string& program, const std::string& path,
                                 const std::optional<std::string>& base);

/// Writes what it can of `bytes` to the non-blocking descriptor `fd` without raising SIGPIPE: the count
/// written, -1 with errno set otherwise (EAGAIN when the pipe is full, EPIPE when nobody reads it).
long write_without_sigpipe(int fd, const void* bytes, std::size_t size);

/// `texts` as a null-terminated array for exec (argv, envp); the pointers are into `texts`, which must outlive it.
std::vector<char*> pointers(std::vector<std::string>& texts);

} // namespace mel::packages::process
