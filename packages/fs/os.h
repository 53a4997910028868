#pragma once

// fs — the blocking operating-system calls behind the `fs` treatments (run on the engine's blocking pool,
// never on a worker): files as descriptors, path resolution without trusting symlinks, and error texts in the
// reference's wording.

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "runtime/model/result.h"

namespace mel::packages::fs {

/// The text of an OS error as the reference prints it (Rust's io::Error):
/// "No such file or directory (os error 2)".
Error os_error(int errnum);

/// `error` about `path`, as users read it: "cannot read '/tmp/in.txt': No such file or directory (os error 2)"
/// (`action`: read, write, create directory, scan). The reference's text stays at the end.
Error cannot(std::string_view action, const std::filesystem::path& path, const Error& error);

/// An open file descriptor, closed on destruction.
class File {
public:
    File() = default;
    explicit File(int fd) : m_fd(fd) {}
    File(File&& other) noexcept;
    File& operator=(File&& other) noexcept;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File();

    bool is_open() const { return m_fd >= 0; }
    int fd() const { return m_fd; }

    /// Reads at most `buffer.size()` bytes; 0 at the end of the file.
    Result<std::size_t> read_some(std::span<std::byte> buffer);
    /// Writes every byte (retrying short writes and interruptions).
    Status write_all(std::span<const std::byte> bytes);
    /// Closes now, reporting the error close() gives (buffered data that could not be written).
    Status close();

private:
    int m_fd = -1;
};

/// `path` (absolute) with every symlink replaced by its target, `.` and `..` applied, like the kernel resolves
/// it; components that do not exist are kept as written (so does a dangling symlink's target). Fails on
/// symlink loops and on a component that is not a directory but is followed by more.
Result<std::filesystem::path> resolve_path(const std::filesystem::path& path);

/// Whether `path` is `root` or below it (both absolute and resolved).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& root);

/// open(2) of `relative` below the directory `root` that cannot leave it, even when a component is swapped
/// for a symlink meanwhile (openat2 with RESOLVE_BENEATH). Falls back to open(root/relative) on kernels or
/// sandboxes without openat2.
Result<File> open_beneath(const std::filesystem::path& root, const std::filesystem::path& relative, int flags,
                          unsigned mode);

/// open(2) of `path`.
Result<File> open_path(const std::filesystem::path& path, int flags, unsigned mode);

} // namespace mel::packages::fs
