// work/local helpers: how the helpers describe failed system calls, and directory creation as a Status.

#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "packages/work/local/helpers.h"
#include "tests/unit/packages/testing/program.h"

using namespace mel::packages::work::local;
using mel::packages::testing::TempDir;

TEST_CASE("helpers: a failed system call reads '<what>: <strerror>'")
{
    CHECK(system_failure("mkdir /x", ENOENT).message == "mkdir /x: No such file or directory");
    errno = EACCES;
    CHECK(system_failure("bind /s").message == "bind /s: Permission denied");
}

TEST_CASE("helpers: make_directories creates parents, and says what failed")
{
    TempDir dir;
    const std::string deep = (dir.path() / "a" / "b" / "c").string();
    CHECK(make_directories(deep, "mkdir " + deep).ok());
    CHECK(std::filesystem::is_directory(deep));
    CHECK(make_directories(deep, "mkdir again").ok()); // already there

    const std::string file = (dir.path() / "file").string();
    std::ofstream(file) << "x";
    const auto under_file = make_directories(file + "/sub", "mkdir sub");
    REQUIRE(!under_file.ok());
    CHECK(under_file.error().message.rfind("mkdir sub: ", 0) == 0);
}
