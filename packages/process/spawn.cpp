// The local executor's OS calls — reference: LocalExecutorEngine in libs/process-mel/src/local.rs, which uses
// Rust's std::process::Command (its program lookup, environment and error texts are followed here).
// Differences (DESIGN §6): the child leads a new process group, and inherits no descriptor but its stdio.

#include "packages/process/spawn.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <map>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mel::packages::process {

Error os_error(int errnum)
{
    return Error{std::system_category().message(errnum) + " (os error " + std::to_string(errnum) + ")"};
}

Error working_directory_error(const std::string& directory, int errnum)
{
    return Error{"working directory '" + directory + "': " + os_error(errnum).message};
}

namespace {

constexpr int k_pipe_size = 1 << 20; // as large as an unprivileged process may ask: fewer, larger reads

/// An owned descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }

    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }
    void reset()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

private:
    int m_fd = -1;
};

struct Pipe {
    Fd read;
    Fd write;
};

Result<Pipe> make_pipe()
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return os_error(errno);
    return Pipe{Fd(fds[0]), Fd(fds[1])};
}

Status set_non_blocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0)
        return os_error(errno);
    return success();
}

/// The child's end of a pipe must not sit on 0–2: the file actions give those three their final descriptors.
Status keep_above_stdio(Fd& fd)
{
    if (fd.get() > 2)
        return success();
    const int moved = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 3);
    if (moved < 0)
        return os_error(errno);
    fd = Fd(moved);
    return success();
}

bool holds_nul(std::string_view text)
{
    return text.find('\0') != std::string_view::npos;
}

Status check_no_nul(const SpawnRequest& request)
{
    bool nul = holds_nul(request.program) || (request.working_directory && holds_nul(*request.working_directory));
    for (const auto& argument : request.arguments)
        nul = nul || holds_nul(argument);
    for (const auto& [name, value] : request.variables)
        nul = nul || holds_nul(name) || holds_nul(value);
    if (nul)
        return Error{"nul byte found in provided data"}; // Rust's text
    return success();
}

/// posix_spawn says ENOENT alike for a missing program and a missing working directory: the directory is
/// checked first, and named in the reason.
Status check_working_directory(const std::optional<std::string>& directory)
{
    if (!directory)
        return success();
    struct stat status {};
    int error = 0;
    if (::stat(directory->c_str(), &status) != 0)
        error = errno;
    else if (!S_ISDIR(status.st_mode))
        error = ENOTDIR;
    else if (::access(directory->c_str(), X_OK) != 0)
        error = errno;
    if (error == 0)
        return success();
    return working_directory_error(*directory, error);
}

/// `NAME=value` entries: the engine's environment (unless cleared) with the request's variables set over it.
std::vector<std::string> environment_entries(const SpawnRequest& request)
{
    std::map<std::string, std::string, std::less<>> merged;
    if (!request.clear_env)
        for (char** entry = environ; entry && *entry; ++entry) {
            const std::string_view text(*entry);
            const auto equal = text.find('=');
            if (equal != std::string_view::npos)
                merged.emplace(std::string(text.substr(0, equal)), std::string(text.substr(equal + 1)));
        }
    for (const auto& [name, value] : request.variables)
        merged.insert_or_assign(name, value);
    std::vector<std::string> entries;
    entries.reserve(merged.size());
    for (const auto& [name, value] : merged)
        entries.push_back(name + "=" + value);
    return entries;
}

/// As Rust's Command: the child's PATH when the request sets one or clears the environment (exec's default
/// "/bin:/usr/bin" when it then has none), else the engine's.
std::string search_path(const SpawnRequest& request)
{
    constexpr const char* k_default_path = "/bin:/usr/bin";
    for (const auto& [name, value] : request.variables)
        if (name == "PATH")
            return value;
    if (request.clear_env)
        return k_default_path;
    const char* path = ::getenv("PATH");
    return path ? path : k_default_path;
}

/// posix_spawn's attributes and file actions, destroyed with this object.
class SpawnSetup {
public:
    SpawnSetup()
    {
        ::posix_spawn_file_actions_init(&actions);
        ::posix_spawnattr_init(&attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
    ~SpawnSetup()
    {
        ::posix_spawn_file_actions_destroy(&actions);
        ::posix_spawnattr_destroy(&attributes);
    }

    /// New process group, empty signal mask, SIGPIPE at its default action.
    int prepare_attributes()
    {
        sigset_t none;
        sigset_t defaulted;
        sigemptyset(&none);
        sigemptyset(&defaulted);
        sigaddset(&defaulted, SIGPIPE);
        int rc = ::posix_spawnattr_setpgroup(&attributes, 0);
        rc = rc ? rc : ::posix_spawnattr_setsigmask(&attributes, &none);
        rc = rc ? rc : ::posix_spawnattr_setsigdefault(&attributes, &defaulted);
        const short flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
        return rc ? rc : ::posix_spawnattr_setflags(&attributes, flags);
    }

    /// Standard stream `target` of the child: `child_end` when piped (-1: the null device).
    int stdio(int target, int child_end)
    {
        if (child_end >= 0)
            return ::posix_spawn_file_actions_adddup2(&actions, child_end, target);
        return ::posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY,
                                                  0);
    }

    int finish(const std::optional<std::string>& working_directory)
    {
        int rc = ::posix_spawn_file_actions_addclosefrom_np(&actions, 3);
        if (!rc && working_directory)
            rc = ::posix_spawn_file_actions_addchdir_np(&actions, working_directory->c_str());
        return rc;
    }

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
};

/// The pipe of one standard stream, when piped: the engine's end and the child's.
struct StreamEnds {
    Fd ours;
    Fd childs;
};

Result<StreamEnds> stream_ends(Stdio stdio, bool child_reads)
{
    if (stdio == Stdio::Null)
        return StreamEnds{};
    auto pipe = make_pipe();
    if (!pipe.ok())
        return pipe.error();
    StreamEnds ends;
    ends.ours = std::move(child_reads ? pipe.value().write : pipe.value().read);
    ends.childs = std::move(child_reads ? pipe.value().read : pipe.value().write);
    if (Status s = set_non_blocking(ends.ours.get()); !s.ok())
        return s.error();
    if (Status s = keep_above_stdio(ends.childs); !s.ok())
        return s.error();
    if (!child_reads)
        ::fcntl(ends.ours.get(), F_SETPIPE_SZ, k_pipe_size); // best effort: the default 64 KiB also works
    return ends;
}

} // namespace

std::vector<char*> pointers(std::vector<std::string>& texts)
{
    std::vector<char*> out;
    out.reserve(texts.size() + 1);
    for (auto& text : texts)
        out.push_back(text.data());
    out.push_back(nullptr);
    return out;
}


SpawnedChild::SpawnedChild(SpawnedChild&& other) noexcept
    : pid(std::exchange(other.pid, -1)), pidfd(std::exchange(other.pidfd, -1)),
      input(std::exchange(other.input, -1)), output(std::exchange(other.output, -1)),
      error(std::exchange(other.error, -1))
{
}

SpawnedChild& SpawnedChild::operator=(SpawnedChild&& other) noexcept
{
    if (this != &other) {
        clean_up();
        pid = std::exchange(other.pid, -1);
        pidfd = std::exchange(other.pidfd, -1);
        input = std::exchange(other.input, -1);
        output = std::exchange(other.output, -1);
        error = std::exchange(other.error, -1);
    }
    return *this;
}

SpawnedChild::~SpawnedChild()
{
    clean_up();
}

void SpawnedChild::disown()
{
    pid = pidfd = input = output = error = -1;
}

void SpawnedChild::clean_up()
{
    if (pid > 0)
        kill_and_reap(pid);
    for (int fd : {pidfd, input, output, error})
        if (fd >= 0)
            ::close(fd);
    disown();
}

void kill_and_reap(pid_t pid)
{
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

Result<std::string> find_program(const std::string& program, const std::string& path,
                                 const std::optional<std::string>& base)
{
    if (program.empty())
        return os_error(ENOENT);
    if (program.find('/') != std::string::npos)
        return program;
    bool denied = false;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find(':', start);
        if (end == std::string::npos)
            end = path.size();
        const std::string directory = end == start ? "." : path.substr(start, end - start);
        start = end + 1;
        const std::string candidate = directory + "/" + program;
        const std::string checked = (candidate.front() != '/' && base) ? *base + "/" + candidate : candidate;
        struct stat status {};
        if (::stat(checked.c_str(), &status) != 0) {
            denied = denied || errno == EACCES;
            continue;
        }
        if (!S_ISREG(status.st_mode) || ::access(checked.c_str(), X_OK) != 0) {
            denied = true;
            continue;
        }
        return candidate;
    }
    return os_error(denied ? EACCES : ENOENT);
}

Result<SpawnedChild> spawn_child(const SpawnRequest& request)
{
    if (Status s = check_no_nul(request); !s.ok())
        return s.error();
    if (Status s = check_working_directory(request.working_directory); !s.ok())
        return s.error();
    auto program = find_program(request.program, search_path(request), request.working_directory);
    if (!program.ok())
        return program.error();

    auto input = stream_ends(request.stdio.input, true);
    if (!input.ok())
        return input.error();
    auto output = stream_ends(request.stdio.output, false);
    if (!output.ok())
        return output.error();
    auto error = stream_ends(request.stdio.error, false);
    if (!error.ok())
        return error.error();

    SpawnSetup setup;
    int rc = setup.prepare_attributes();
    rc = rc ? rc : setup.stdio(0, input.value().childs.get());
    rc = rc ? rc : setup.stdio(1, output.value().childs.get());
    rc = rc ? rc : setup.stdio(2, error.value().childs.get());
    rc = rc ? rc : setup.finish(request.working_directory);
    if (rc)
        return os_error(rc);

    std::vector<std::string> argv_texts;
    argv_texts.reserve(request.arguments.size() + 1);
    argv_texts.push_back(request.program);
    argv_texts.insert(argv_texts.end(), request.arguments.begin(), request.arguments.end());
    std::vector<std::string> env_texts = environment_entries(request);
    std::vector<char*> argv = pointers(argv_texts);
    std::vector<char*> envp = pointers(env_texts);

    pid_t pid = -1;
    rc = ::posix_spawn(&pid, program.value().c_str(), &setup.actions, &setup.attributes, argv.data(), envp.data());
    if (rc)
        return os_error(rc);

    SpawnedChild child;
    child.pid = pid;
    child.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); // close-on-exec; -1 on old kernels
    child.input = input.value().ours.release();
    child.output = output.value().ours.release();
    child.error = error.value().ours.release();
    return Result<SpawnedChild>(std::move(child)); // the child's ends close here
}

long write_without_sigpipe(int fd, const void* bytes, std::size_t size)
{
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    const bool was_pending = sigismember(&pending, SIGPIPE) == 1;
    sigset_t previous;
    ::pthread_sigmask(SIG_BLOCK, &pipe_only, &previous);
    const ssize_t written = ::write(fd, bytes, size);
    const int error = errno;
    if (written < 0 && error == EPIPE && !was_pending) {
        const timespec no_wait{0, 0};
        ::sigtimedwait(&pipe_only, nullptr, &no_wait); // consume the SIGPIPE this write raised
    }
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    errno = error;
    return written;
}

} // namespace mel::packages::process
