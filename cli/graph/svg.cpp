// SVG through Graphviz: `dot -Tsvg`, the DOT text on its stdin (from a temporary file, so that no
// pipe can fill up while we read), its stdout read to the end.
#include "cli/graph/svg.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

extern char** environ;

namespace mel::cli::graph {

namespace {

/// Reads a descriptor to its end.
std::string drain(int fd)
{
    std::string data;
    char buffer[1 << 14];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0)
            data.append(buffer, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR)
            break;
    }
    ::close(fd);
    return data;
}

/// A temporary file holding `text`, removed when this goes out of scope.
class TempFile {
public:
    explicit TempFile(const std::string& text)
    {
        std::error_code ec;
        std::string pattern = (std::filesystem::temp_directory_path(ec) / "melodium-draw-XXXXXX").string();
        m_fd = ::mkstemp(pattern.data());
        if (m_fd < 0)
            return;
        m_path = pattern;
        std::size_t written = 0;
        while (written < text.size()) {
            const ssize_t n = ::write(m_fd, text.data() + written, text.size() - written);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                m_ok = false;
                return;
            }
            written += static_cast<std::size_t>(n);
        }
        m_ok = ::lseek(m_fd, 0, SEEK_SET) == 0;
    }
    ~TempFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    bool ok() const { return m_fd >= 0 && m_ok; }
    int fd() const { return m_fd; }

private:
    int m_fd = -1;
    bool m_ok = true;
    std::string m_path;
};

} // namespace

Result<std::string> dot_to_svg(const std::string& dot)
{
    TempFile input(dot);
    if (!input.ok())
        return Error{fmt::format("cannot write a temporary file for Graphviz: {}", std::strerror(errno))};
    int out_pipe[2], err_pipe[2];
    if (::pipe(out_pipe) != 0)
        return Error{fmt::format("cannot create a pipe: {}", std::strerror(errno))};
    if (::pipe(err_pipe) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        return Error{fmt::format("cannot create a pipe: {}", std::strerror(errno))};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input.fd(), 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    char arg0[] = "dot", arg1[] = "-Tsvg";
    char* argv[] = {arg0, arg1, nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (spawned != 0) {
        ::close(out_pipe[0]);
        ::close(err_pipe[0]);
        return Error{fmt::format("cannot run Graphviz's `dot` ({}); SVG needs the graphviz package",
                                 std::strerror(spawned))};
    }
    // dot writes its diagnostics (a few lines) before or after the SVG; stdout is read first, and
    // stderr cannot fill its pipe with what dot says about one graph.
    std::string svg = drain(out_pipe[0]);
    std::string errors = drain(err_pipe[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        while (!errors.empty() && errors.back() == '\n')
            errors.pop_back();
        return Error{fmt::format("Graphviz's `dot` failed ({}){}",
                                 WIFEXITED(status) ? fmt::format("exit code {}", WEXITSTATUS(status))
                                                   : std::string("killed by a signal"),
                                 errors.empty() ? std::string() : ": " + errors)};
    }
    return svg;
}

} // namespace mel::cli::graph
