// The local executor's OS layer (packages/process/spawn.cpp), without the engine: program lookup, the child's
// process group and environment, descriptors, SIGPIPE, and cleaning up.

#include <doctest/doctest.h>

#include <csignal>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "packages/process/spawn.h"
#include "tests/unit/packages/process/program.h"

using namespace mel;
using namespace mel::packages::process;
using namespace mel::packages::process_testing;

namespace {

void write_script(const stdfs::path& path, const std::string& text, stdfs::perms perms)
{
    write_file(path, text);
    stdfs::permissions(path, perms);
}

int wait_for(pid_t pid)
{
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

std::string read_all(int fd)
{
    std::string out;
    char buffer[4096];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            ::usleep(1000);
            continue;
        }
        return out;
    }
}

} // namespace

TEST_CASE("find_program: PATH lookup as exec does it, with the reference's error texts")
{
    TempDir dir;
    write_script(dir.path() / "bin" / "tool", "#!/bin/sh\nexit 7\n", stdfs::perms::owner_all);
    write_script(dir.path() / "locked" / "tool", "#!/bin/sh\n", stdfs::perms::owner_read);
    stdfs::create_directories(dir.path() / "dir" / "tool");
    const std::string bin = (dir.path() / "bin").string();
    const std::string locked = (dir.path() / "locked").string();

    CHECK(find_program("tool", "/nonexistent:" + bin, std::nullopt).value() == bin + "/tool");
    CHECK(find_program("tool", locked + ":" + bin, std::nullopt).value() == bin + "/tool");
    CHECK(find_program("tool", (dir.path() / "dir").string(), std::nullopt).error().message ==
          "Permission denied (os error 13)");
    CHECK(find_program("tool", locked, std::nullopt).error().message == "Permission denied (os error 13)");
    CHECK(find_program("nothing-here", bin, std::nullopt).error().message == "No such file or directory (os error 2)");
    CHECK(find_program("", bin, std::nullopt).error().message == "No such file or directory (os error 2)");
    CHECK(find_program("./x/y", bin, std::nullopt).value() == "./x/y");
    // A relative entry is taken from where the child starts.
    CHECK(find_program("tool", "bin", dir.path().string()).value() == "bin/tool");
}

TEST_CASE("spawn_child: its own process group, the PATH it is given, its exit code; nothing left")
{
    TempDir dir;
    write_script(dir.path() / "bin" / "tool", "#!/bin/sh\nexit 7\n", stdfs::perms::owner_all);
    const NothingLeft before;
    SpawnRequest request;
    request.program = "tool";
    request.variables = {{"PATH", (dir.path() / "bin").string()}};
    auto child = spawn_child(request);
    REQUIRE(child.ok());
    const pid_t pid = child.value().pid;
    CHECK(::getpgid(pid) == pid);
    CHECK(child.value().input == -1);
    CHECK(child.value().output == -1);
    CHECK(child.value().pidfd >= 0);
    ::close(child.value().pidfd);
    child.value().disown();
    CHECK(wait_for(pid) == 7);
    before.check();
}

TEST_CASE("spawn_child: the engine's PATH, unless the environment is cleared (then /bin:/usr/bin)")
{
    TempDir dir;
    write_script(dir.path() / "bin" / "mel-test-tool", "#!/bin/sh\nexit 3\n", stdfs::perms::owner_all);
    const std::string saved = ::getenv("PATH") ? ::getenv("PATH") : "";
    ::setenv("PATH", ((dir.path() / "bin").string() + ":" + saved).c_str(), 1);
    SpawnRequest request;
    request.program = "mel-test-tool";
    auto inherited = spawn_child(request);
    request.clear_env = true;
    auto cleared = spawn_child(request);
    request.program = "sh";
    auto cleared_sh = spawn_child(request);
    ::setenv("PATH", saved.c_str(), 1);
    REQUIRE(inherited.ok());
    const pid_t pid = inherited.value().pid;
    ::close(inherited.value().pidfd);
    inherited.value().disown();
    CHECK(wait_for(pid) == 3);
    CHECK(cleared.error().message == "No such file or directory (os error 2)");
    CHECK(cleared_sh.ok()); // /bin/sh
}

TEST_CASE("spawn_child: pipes, a cleared environment, the working directory")
{
    TempDir dir;
    const NothingLeft before;
    SpawnRequest request;
    request.program = "/bin/sh";
    request.arguments = {"-c", "pwd; env; cat"};
    request.working_directory = dir.path().string();
    request.clear_env = true;
    request.variables = {{"ONLY", "this"}};
    request.stdio = {Stdio::Piped, Stdio::Piped, Stdio::Null};
    auto child = spawn_child(request);
    REQUIRE(child.ok());
    SpawnedChild owned = std::move(child.value());
    CHECK((::fcntl(owned.output, F_GETFL) & O_NONBLOCK) != 0);
    CHECK((::fcntl(owned.output, F_GETFD) & FD_CLOEXEC) != 0);
    REQUIRE(::write(owned.input, "fed\n", 4) == 4);
    ::close(owned.input);
    owned.input = -1;
    const std::string out = read_all(owned.output);
    CHECK(out.rfind(dir.path().string() + "\n", 0) == 0);
    CHECK(out.find("ONLY=this\n") != std::string::npos);
    CHECK(out.find("HOME=") == std::string::npos);
    CHECK(out.size() >= 4);
    CHECK(out.substr(out.size() - 4) == "fed\n");
    const pid_t pid = owned.pid;
    ::close(owned.output);
    ::close(owned.pidfd);
    owned.disown();
    CHECK(wait_for(pid) == 0);
    before.check();
}

TEST_CASE("spawn_child: what cannot start leaves nothing behind")
{
    TempDir dir;
    write_script(dir.path() / "data.txt", "not a program\n", stdfs::perms::owner_read | stdfs::perms::owner_write);
    const NothingLeft before;
    SpawnRequest request;
    request.program = "true";
    request.stdio = {Stdio::Piped, Stdio::Piped, Stdio::Piped};
    request.working_directory = "/no/such/place/mel";
    CHECK(spawn_child(request).error().message ==
          "working directory '/no/such/place/mel': No such file or directory (os error 2)");
    request.working_directory = (dir.path() / "data.txt").string();
    CHECK(spawn_child(request).error().message ==
          "working directory '" + (dir.path() / "data.txt").string() + "': Not a directory (os error 20)");
    request.working_directory.reset();
    request.arguments = {std::string("a\0b", 3)};
    CHECK(spawn_child(request).error().message == "nul byte found in provided data");
    request.arguments.clear();
    request.program = (dir.path() / "data.txt").string();
    CHECK(spawn_child(request).error().message == "Permission denied (os error 13)");
    before.check();
}

TEST_CASE("SpawnedChild: dropped while running, the child's whole group is killed and reaped")
{
    const NothingLeft before;
    SpawnRequest request;
    request.program = "sh";
    request.arguments = {"-c", "sleep 65.5 & sleep 65.25"};
    request.stdio = {Stdio::Null, Stdio::Piped, Stdio::Piped};
    {
        auto child = spawn_child(request);
        REQUIRE(child.ok());
        for (int i = 0; i < 200 && processes_with("sleep 65.5").empty(); ++i)
            ::usleep(5000);
        CHECK_FALSE(processes_with("sleep 65.5").empty());
    }
    CHECK(gone_within("sleep 65.5"));
    CHECK(gone_within("sleep 65.25"));
    before.check();
}

TEST_CASE("write_without_sigpipe: EPIPE instead of a SIGPIPE when nobody reads")
{
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0);
    ::close(fds[0]);
    errno = 0;
    CHECK(write_without_sigpipe(fds[1], "x", 1) == -1);
    CHECK(errno == EPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    CHECK_FALSE(sigismember(&pending, SIGPIPE));
    ::close(fds[1]);
}
