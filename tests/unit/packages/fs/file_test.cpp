// fs/file::read and write, run as Mélodium programs (packages.md §1.1, §5.4): what each output fires, how
// files are truncated or appended, streaming in chunks with bounded memory, and failures as data.

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/packages/fs/program.h"

using namespace mel;
using namespace mel::packages::fs_testing;

namespace {

// The uses of the tests, then `target` (program.h).
const std::string k_prelude = R"(
use std/engine/util::startup
use std/flow::emit
use std/ops/option::|wrap
use std/ops/option/block::unwrap
use fs/file::read
use fs/file::write
use fs/filesystem::FileSystem
use fs/local::|local_filesystem
use fstest/probe::bytes
use fstest/probe::collect
use fstest/probe::collectBlock

)" + k_target_treatment;

/// A program writing the bytes registered as "content" to `file` under `root`.
std::string write_program(const std::string& root, const std::string& file, const std::string& params = "")
{
    return k_prelude + R"(
treatment main()
{
    startup()
    content: bytes(name = "content")
    target(root = )" + quoted(root) + ", file = " + quoted(file) + R"()
    write()" + params + R"()
    completed: collectBlock<void>(name = "completed")
    failed: collectBlock<void>(name = "failed")
    finished: collectBlock<void>(name = "finished")
    errors: collect<string>(name = "errors")
    amount: collect<u128>(name = "amount")

    startup.trigger -> content.trigger,data -> write.data
    startup.trigger -> target.trigger,path -> write.path
    target.filesystem -> write.filesystem
    write.completed -> completed.values
    write.failed -> failed.values
    write.finished -> finished.values
    write.errors -> errors.values
    write.amount -> amount.values
}
)";
}

/// A program reading `file` under `root`; `pause` milliseconds after each batch received.
std::string read_program(const std::string& root, const std::string& file, int pause = 0)
{
    return k_prelude + R"(
treatment main()
{
    startup()
    target(root = )" + quoted(root) + ", file = " + quoted(file) + R"()
    read()
    data: collect<byte>(name = "data", pause = )" + std::to_string(pause) + R"()
    reached: collectBlock<void>(name = "reached")
    completed: collectBlock<void>(name = "completed")
    failed: collectBlock<void>(name = "failed")
    finished: collectBlock<void>(name = "finished")
    errors: collect<string>(name = "errors")

    startup.trigger -> target.trigger,path -> read.path
    target.filesystem -> read.filesystem
    read.data -> data.values
    read.reached -> reached.values
    read.completed -> completed.values
    read.failed -> failed.values
    read.finished -> finished.values
    read.errors -> errors.values
}
)";
}

/// How many times a Block<void> collector received its value.
std::size_t fired(const std::string& name)
{
    return sink().get(name).values.size();
}

void set_content(const std::string& content)
{
    std::lock_guard lock(sink().mutex);
    sink().sources["content"] = content;
}

} // namespace

TEST_CASE("write over a longer file leaves exactly the new content")
{
    TempDir dir;
    write_file(dir.path() / "out.bin", pattern(300000, 7));
    const std::string content = pattern(100000, 3);
    set_content(content);
    run_ok(write_program(dir.path().string(), "out.bin"), dir.path());
    CHECK(read_file(dir.path() / "out.bin") == content);
    CHECK(fired("completed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("failed") == 0);
    CHECK(sink().get("errors").values.empty());
    CHECK(last_u128(sink().get("amount")) == 100000);
    // amount is a running total, one value per chunk written
    const auto amounts = sink().get("amount").values;
    CHECK(std::is_sorted(amounts.begin(), amounts.end(),
                         [](const Value& a, const Value& b) { return a.as_u128() < b.as_u128(); }));
}

TEST_CASE("write with append adds at the end")
{
    TempDir dir;
    write_file(dir.path() / "log.txt", "first line\n");
    set_content("second line\n");
    run_ok(write_program(dir.path().string(), "log.txt", "append = true"), dir.path());
    CHECK(read_file(dir.path() / "log.txt") == "first line\nsecond line\n");
    CHECK(fired("completed") == 1);
    CHECK(last_u128(sink().get("amount")) == 12);
}

TEST_CASE("write creates missing parent directories")
{
    TempDir dir;
    set_content("nested");
    run_ok(write_program(dir.path().string(), "a/b/c/file.txt"), dir.path());
    CHECK(read_file(dir.path() / "a/b/c/file.txt") == "nested");
    CHECK(fired("completed") == 1);
}

TEST_CASE("write with new = true fails on an existing file and leaves it alone")
{
    TempDir dir;
    write_file(dir.path() / "kept.txt", "original");
    set_content("replacement");
    run_ok(write_program(dir.path().string(), "kept.txt", "new = true"), dir.path());
    CHECK(read_file(dir.path() / "kept.txt") == "original");
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("completed") == 0);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot write '" + (dir.path() / "kept.txt").string() +
                                   "': File exists (os error 17)"});
    CHECK(sink().get("amount").values.empty());
}

TEST_CASE("write outside the root of its filesystem fails")
{
    TempDir dir;
    stdfs::create_directories(dir.path() / "root");
    set_content("escape");
    run_ok(write_program((dir.path() / "root").string(), "../escaped.txt"), dir.path());
    CHECK_FALSE(stdfs::exists(dir.path() / "escaped.txt"));
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("completed") == 0);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot write '" + (dir.path() / "root/../escaped.txt").string() +
                                   "': the path leads outside the filesystem root"});
}

TEST_CASE("read streams a file in chunks of at most 1 MiB")
{
    TempDir dir;
    const std::string content = pattern(5 * 1024 * 1024 + 123, 11);
    write_file(dir.path() / "big.bin", content);
    run_ok(read_program(dir.path().string(), "big.bin"), dir.path());
    const Record data = sink().get("data");
    CHECK(data.bytes == content);
    CHECK(data.closed == 1);
    CHECK(fired("reached") == 1);
    CHECK(fired("completed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("failed") == 0);
    CHECK(sink().get("errors").values.empty());
    // Batches may merge in the collector's queue, but the reader never sends more than 1 MiB at once, so the
    // transfer takes several batches (a whole-file read would arrive as one).
    CHECK(data.batches.size() >= 3);
}

TEST_CASE("read keeps memory bounded: it reads no faster than its consumer")
{
    // The file is a FIFO fed by this thread: how far the writer gets ahead of what the collector has received
    // is what the engine buffers between them. It must stay a few MiB while 64 MiB go through.
    TempDir dir;
    const auto fifo = dir.path() / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    constexpr std::size_t k_total = 64 * 1024 * 1024;
    constexpr std::size_t k_piece = 64 * 1024;
    std::atomic<std::uint64_t> max_ahead{0};
    sink().consumed = 0;
    std::thread writer([&] {
        const int fd = ::open(fifo.c_str(), O_WRONLY);
        if (fd < 0)
            return;
        const std::string piece = pattern(k_piece, 5);
        for (std::size_t written = 0; written < k_total; written += k_piece) {
            const std::uint64_t ahead = written - sink().consumed.load();
            if (ahead > max_ahead)
                max_ahead = ahead;
            std::size_t done = 0;
            while (done < k_piece) {
                const ssize_t n = ::write(fd, piece.data() + done, k_piece - done);
                if (n <= 0)
                    break;
                done += static_cast<std::size_t>(n);
            }
        }
        ::close(fd);
    });
    run_ok(read_program(dir.path().string(), "fifo", 2), dir.path());
    writer.join();
    const Record data = sink().get("data");
    CHECK(data.bytes.size() == k_total);
    CHECK(fired("completed") == 1);
    MESSAGE("largest lead of the producer over the consumer: " << max_ahead.load() / 1024 << " KiB");
    CHECK(max_ahead.load() < 8u * 1024 * 1024);
}

TEST_CASE("read of a missing file: failed, the error, finished; nothing else")
{
    TempDir dir;
    run_ok(read_program(dir.path().string(), "missing.bin"), dir.path());
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("reached") == 0);
    CHECK(fired("completed") == 0);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot read '" + (dir.path() / "missing.bin").string() +
                                   "': No such file or directory (os error 2)"});
    CHECK(sink().get("data").bytes.empty());
}

TEST_CASE("read of a directory: reached, then failed with the read error")
{
    TempDir dir;
    stdfs::create_directories(dir.path() / "sub");
    run_ok(read_program(dir.path().string(), "sub"), dir.path());
    CHECK(fired("reached") == 1);
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("completed") == 0);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot read '" + (dir.path() / "sub").string() +
                                   "': Is a directory (os error 21)"});
}

TEST_CASE("read through a symlink leading outside the root is refused")
{
    TempDir dir;
    stdfs::create_directories(dir.path() / "root");
    write_file(dir.path() / "secret", "secret");
    stdfs::create_symlink(dir.path() / "secret", dir.path() / "root/link");
    run_ok(read_program((dir.path() / "root").string(), "link"), dir.path());
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("reached") == 0);
    CHECK(sink().get("data").bytes.empty());
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot read '" + (dir.path() / "root/link").string() +
                                   "': the path leads outside the filesystem root"});
}

TEST_CASE("write stops at the first write error: failed, the error, finished")
{
    if (!stdfs::exists("/dev/full")) {
        MESSAGE("no /dev/full here");
        return;
    }
    TempDir dir;
    set_content(pattern(3 * 1024 * 1024, 4));
    run_ok(write_program("/dev", "full"), dir.path());
    CHECK(fired("failed") == 1);
    CHECK(fired("finished") == 1);
    CHECK(fired("completed") == 0);
    CHECK(strings_of(sink().get("errors")) ==
          std::vector<std::string>{"cannot write '/dev/full': No space left on device (os error 28)"});
    CHECK(sink().get("amount").values.empty());
}
