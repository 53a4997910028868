// fs/filesystem and its OS layer (packages/fs/os.h): path resolution, rooted containment (the reference's
// lexical check let `..` and symlinks out, packages.md §1.1), and how files are opened (non-append writes
// truncate, packages.md §5.4).

#include <doctest/doctest.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "packages/fs/filesystem.h"
#include "packages/fs/os.h"
#include "tests/unit/packages/fs/program.h"

using namespace mel;
using namespace mel::packages;
using namespace mel::packages::fs_testing;
namespace stdfs = std::filesystem;

namespace {

std::string error_of(const Result<stdfs::path>& r)
{
    REQUIRE(!r.ok());
    return r.error().message;
}

std::string write_through(const fs::FileSystem& filesystem, const std::string& path, const std::string& content,
                          fs::WriteOptions options = {})
{
    auto file = filesystem.open_write(path, options);
    if (!file.ok())
        return file.error().message;
    const auto* bytes = reinterpret_cast<const std::byte*>(content.data());
    if (auto written = file.value().write_all(std::span<const std::byte>(bytes, content.size())); !written.ok())
        return written.error().message;
    if (auto closed = file.value().close(); !closed.ok())
        return closed.error().message;
    return "ok";
}

bool has_openat2()
{
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC;
    const long fd = ::syscall(SYS_openat2, AT_FDCWD, ".", &how, sizeof how);
    if (fd >= 0)
        ::close(static_cast<int>(fd));
    return fd >= 0 || (errno != ENOSYS && errno != EPERM);
}

} // namespace

TEST_CASE("os errors read as Rust's io::Error")
{
    CHECK(fs::os_error(ENOENT).message == "No such file or directory (os error 2)");
    CHECK(fs::os_error(EEXIST).message == "File exists (os error 17)");
    CHECK(fs::cannot("read", "/tmp/in.txt", fs::os_error(ENOENT)).message ==
          "cannot read '/tmp/in.txt': No such file or directory (os error 2)");
}

TEST_CASE("resolve_path replaces symlinks and applies `..` as the kernel does")
{
    TempDir dir;
    const auto& d = dir.path();
    stdfs::create_directories(d / "real/inner");
    stdfs::create_directory_symlink(d / "real", d / "abs_link");
    stdfs::create_directory_symlink("real/inner", d / "rel_link");
    stdfs::create_symlink(d / "nowhere/file", d / "dangling");
    stdfs::create_symlink("loop_b", d / "loop_a");
    stdfs::create_symlink("loop_a", d / "loop_b");
    write_file(d / "plain", "x");

    CHECK(fs::resolve_path(d / "abs_link/inner").value() == d / "real/inner");
    CHECK(fs::resolve_path(d / "rel_link/..").value() == d / "real");
    CHECK(fs::resolve_path(d / "rel_link/../../real/./inner/").value() == d / "real/inner");
    CHECK(fs::resolve_path(d / "missing/../real").value() == d / "real");
    CHECK(fs::resolve_path(d / "dangling").value() == d / "nowhere/file");
    CHECK(fs::resolve_path(d / "absent/x/y").value() == d / "absent/x/y");
    CHECK(error_of(fs::resolve_path(d / "loop_a")) == "Too many levels of symbolic links (os error 40)");
    CHECK(error_of(fs::resolve_path(d / "plain/x")) == "Not a directory (os error 20)");
    CHECK(fs::resolve_path("/").value() == "/");
    CHECK(fs::resolve_path("/..").value() == "/");
}

TEST_CASE("is_within compares whole components")
{
    CHECK(fs::is_within("/a/b", "/a"));
    CHECK(fs::is_within("/a", "/a"));
    CHECK(fs::is_within("/a", "/a/"));
    CHECK_FALSE(fs::is_within("/ab", "/a"));
    CHECK_FALSE(fs::is_within("/", "/a"));
    CHECK(fs::is_within("/anything", "/"));
}

TEST_CASE("a rooted filesystem refuses every path leading outside its root")
{
    TempDir dir;
    const auto root = dir.path() / "root";
    stdfs::create_directories(root / "sub");
    stdfs::create_directories(dir.path() / "outside");
    write_file(dir.path() / "outside/secret", "secret");
    write_file(root / "sub/inside", "inside");
    stdfs::create_directory_symlink(dir.path() / "outside", root / "out_dir");
    stdfs::create_symlink(dir.path() / "outside/secret", root / "out_file");
    stdfs::create_symlink("../outside/new_file", root / "out_dangling");
    stdfs::create_symlink("sub/inside", root / "in_file");
    const fs::FileSystem rooted(root.string());

    SUBCASE("paths inside are joined onto the root")
    {
        CHECK(rooted.resolve("sub/inside").value() == root / "sub/inside");
        CHECK(rooted.resolve("sub/../sub/./inside").value() == root / "sub/inside");
        CHECK(rooted.resolve("").value() == root);
        CHECK(rooted.resolve("new/file").value() == root / "new/file");
        CHECK(rooted.resolve("in_file").value() == root / "sub/inside");
        CHECK(rooted.resolve((root / "sub").string()).value() == root / "sub"); // absolute, but inside
        CHECK(rooted.shown("sub/inside") == root / "sub/inside");
    }
    SUBCASE("`..`, absolute paths and symlinks pointing outside are refused")
    {
        for (const std::string& path : std::vector<std::string>{"..", "../outside/secret", "sub/../../outside/secret", "sub/../..",
                                 "/etc/passwd", (dir.path() / "outside/secret").string(), "out_dir/secret",
                                 "out_dir", "out_file", "out_dangling"}) {
            CAPTURE(path);
            CHECK(error_of(rooted.resolve(path)) == "the path leads outside the filesystem root");
            CHECK_FALSE(rooted.open_read(path).ok());
        }
        CHECK(write_through(rooted, "out_dangling", "x") ==
              "the path leads outside the filesystem root");
        CHECK(write_through(rooted, "../escaped", "x") == "the path leads outside the filesystem root");
        CHECK_FALSE(stdfs::exists(dir.path() / "outside/new_file"));
        CHECK_FALSE(stdfs::exists(dir.path() / "escaped"));
        CHECK_FALSE(rooted.create_dir("../made", true).ok());
        CHECK_FALSE(stdfs::exists(dir.path() / "made"));
        CHECK_FALSE(rooted.create_dir("out_dir/made", true).ok());
        CHECK_FALSE(stdfs::exists(dir.path() / "outside/made"));
        CHECK(read_file(dir.path() / "outside/secret") == "secret");
    }
    SUBCASE("a root reached through a symlink is still the root")
    {
        stdfs::create_directory_symlink(root, dir.path() / "root_link");
        const fs::FileSystem through_link((dir.path() / "root_link").string());
        CHECK(through_link.resolve("sub/inside").value() == root / "sub/inside");
        CHECK(through_link.open_read("in_file").ok());
        CHECK_FALSE(through_link.resolve("../outside/secret").ok());
    }
    SUBCASE("a relative root is taken from the working directory")
    {
        const auto cwd = stdfs::current_path();
        stdfs::current_path(dir.path());
        const fs::FileSystem relative(std::string("root"));
        auto resolved = relative.resolve("sub/inside");
        auto refused = relative.resolve("../outside/secret");
        stdfs::current_path(cwd);
        CHECK(resolved.value() == root / "sub/inside");
        CHECK_FALSE(refused.ok());
    }
}

TEST_CASE("an unrooted filesystem uses paths as given")
{
    TempDir dir;
    write_file(dir.path() / "a/file", "content");
    const fs::FileSystem unrooted(std::nullopt);
    CHECK(unrooted.resolve("../x").value() == "../x");
    CHECK(unrooted.shown("../x") == "../x");
    CHECK(unrooted.open_read((dir.path() / "a/../a/file").string()).ok());
}

TEST_CASE("open_beneath cannot leave its root even when the path was not checked")
{
    if (!has_openat2()) {
        MESSAGE("openat2 is not available here: the resolved-path check alone protects the root");
        return;
    }
    TempDir dir;
    stdfs::create_directories(dir.path() / "root");
    write_file(dir.path() / "secret", "secret");
    stdfs::create_symlink(dir.path() / "secret", dir.path() / "root/link");
    auto opened = fs::open_beneath(dir.path() / "root", "link", O_RDONLY, 0);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message == "the path leads outside the filesystem root");
    CHECK_FALSE(fs::open_beneath(dir.path() / "root", "../secret", O_RDONLY, 0).ok());
}

TEST_CASE("open_write: truncate unless appending, create, create_new, parent directories")
{
    TempDir dir;
    const fs::FileSystem rooted(dir.path().string());
    write_file(dir.path() / "long.txt", std::string(1000, 'x'));

    CHECK(write_through(rooted, "long.txt", "short") == "ok");
    CHECK(read_file(dir.path() / "long.txt") == "short"); // the reference left 995 stale bytes

    CHECK(write_through(rooted, "long.txt", "+more", {.append = true}) == "ok");
    CHECK(read_file(dir.path() / "long.txt") == "short+more");

    CHECK(write_through(rooted, "long.txt", "new", {.create_new = true}) == "File exists (os error 17)");
    CHECK(read_file(dir.path() / "long.txt") == "short+more");
    CHECK(write_through(rooted, "fresh.txt", "new", {.create_new = true}) == "ok");
    CHECK(read_file(dir.path() / "fresh.txt") == "new");

    CHECK(write_through(rooted, "absent.txt", "x", {.create = false}) == "No such file or directory (os error 2)");
    CHECK_FALSE(stdfs::exists(dir.path() / "absent.txt"));

    CHECK(write_through(rooted, "deep/er/file.txt", "nested") == "ok");
    CHECK(read_file(dir.path() / "deep/er/file.txt") == "nested");

    write_file(dir.path() / "blocker", "file");
    CHECK(write_through(rooted, "blocker/file.txt", "x") == "Not a directory (os error 20)");
}

TEST_CASE("create_dir: recursive tolerates an existing directory, non-recursive does not")
{
    TempDir dir;
    const fs::FileSystem rooted(dir.path().string());
    CHECK(rooted.create_dir("a/b/c", true).ok());
    CHECK(stdfs::is_directory(dir.path() / "a/b/c"));
    CHECK(rooted.create_dir("a/b/c", true).ok());
    CHECK(rooted.create_dir("a/b/d", false).ok());
    CHECK(rooted.create_dir("a/b/d", false).error().message == "File exists (os error 17)");
    CHECK(rooted.create_dir("x/y", false).error().message == "No such file or directory (os error 2)");
    write_file(dir.path() / "file", "f");
    CHECK(rooted.create_dir("file", true).error().message == "File exists (os error 17)");
}

TEST_CASE("FileSystem values")
{
    const Value v = fs::FileSystem::make(std::string("/tmp"));
    REQUIRE(fs::FileSystem::from(v) != nullptr);
    CHECK(*fs::FileSystem::from(v)->root() == "/tmp");
    CHECK(v.as_data()->type_name() == "FileSystem");
    CHECK(fs::FileSystem::from(Value::string("x")) == nullptr);
    CHECK_FALSE(v == v); // not comparable, as in the reference
}
