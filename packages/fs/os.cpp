// fs — blocking OS calls (see os.h). The reference goes through async-std's file API
// (libs/fs-mel/src/local.rs); the error texts copy Rust's io::Error form.

#include "packages/fs/os.h"

#include <cerrno>
#include <deque>
#include <system_error>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/model/assert.h"

namespace mel::packages::fs {

namespace stdfs = std::filesystem;

Error os_error(int errnum)
{
    return Error{std::system_category().message(errnum) + " (os error " + std::to_string(errnum) + ")"};
}

Error cannot(std::string_view action, const stdfs::path& path, const Error& error)
{
    return Error{"cannot " + std::string(action) + " '" + path.string() + "': " + error.message};
}

// ---- File ---------------------------------------------------------------------------------------------

File::File(File&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

File& File::operator=(File&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

File::~File()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<std::size_t> File::read_some(std::span<std::byte> buffer)
{
    MEL_ASSERT(is_open(), "read from a closed file");
    while (true) {
        const ssize_t n = ::read(m_fd, buffer.data(), buffer.size());
        if (n >= 0)
            return static_cast<std::size_t>(n);
        if (errno != EINTR)
            return os_error(errno);
    }
}

Status File::write_all(std::span<const std::byte> bytes)
{
    MEL_ASSERT(is_open(), "write to a closed file");
    while (!bytes.empty()) {
        const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return os_error(errno);
        }
        if (n == 0)
            return os_error(EIO);
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
    return success();
}

Status File::close()
{
    if (m_fd < 0)
        return success();
    // Linux releases the descriptor even when close() fails: never retry it.
    const int result = ::close(std::exchange(m_fd, -1));
    if (result != 0 && errno != EINTR)
        return os_error(errno);
    return success();
}

// ---- resolution ---------------------------------------------------------------------------------------

namespace {

// Symlinks followed during one resolution before giving up, as Linux does (ELOOP).
constexpr int k_max_links = 40;

void push_components(std::deque<std::string>& pending, const stdfs::path& path)
{
    std::vector<std::string> parts;
    for (const auto& part : path.relative_path())
        parts.push_back(part.string());
    pending.insert(pending.begin(), parts.begin(), parts.end());
}

std::string joined(const std::vector<std::string>& components)
{
    if (components.empty())
        return "/";
    std::string out;
    for (const auto& c : components)
        out += "/" + c;
    return out;
}

} // namespace

Result<stdfs::path> resolve_path(const stdfs::path& path)
{
    MEL_ASSERT(path.is_absolute(), "resolve_path needs an absolute path");
    std::vector<std::string> resolved;
    std::deque<std::string> pending;
    push_components(pending, path);
    int links = 0;
    bool exists = true; // the resolved prefix exists, so lstat of the next component means something
    while (!pending.empty()) {
        std::string component = std::move(pending.front());
        pending.pop_front();
        if (component.empty() || component == ".")
            continue;
        if (component == "..") {
            if (!resolved.empty())
                resolved.pop_back();
            continue;
        }
        resolved.push_back(std::move(component));
        if (!exists)
            continue;
        const std::string current = joined(resolved);
        struct stat status {};
        if (::lstat(current.c_str(), &status) != 0) {
            if (errno != ENOENT)
                return os_error(errno);
            exists = false;
            continue;
        }
        if (S_ISLNK(status.st_mode)) {
            if (++links > k_max_links)
                return os_error(ELOOP);
            std::error_code ec;
            const stdfs::path target = stdfs::read_symlink(current, ec);
            if (ec)
                return os_error(ec.value());
            resolved.pop_back();
            if (target.is_absolute())
                resolved.clear();
            push_components(pending, target);
        } else if (!S_ISDIR(status.st_mode) && !pending.empty()) {
            return os_error(ENOTDIR);
        }
    }
    return stdfs::path(joined(resolved));
}

bool is_within(const stdfs::path& path, const stdfs::path& root)
{
    auto p = path.begin();
    for (auto r = root.begin(); r != root.end(); ++r, ++p) {
        if (r->empty()) // a trailing separator of root
            continue;
        if (p == path.end() || *p != *r)
            return false;
    }
    return true;
}

Result<File> open_path(const stdfs::path& path, int flags, unsigned mode)
{
    while (true) {
        const int fd = ::open(path.c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
        if (fd >= 0)
            return File(fd);
        if (errno != EINTR)
            return os_error(errno);
    }
}

Result<File> open_beneath(const stdfs::path& root, const stdfs::path& relative, int flags, unsigned mode)
{
    auto dir = open_path(root, O_PATH | O_DIRECTORY, 0);
    if (!dir.ok())
        return dir.error();
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) != 0 ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const std::string name = relative.empty() ? std::string(".") : relative.string();
    while (true) {
        const long fd = ::syscall(SYS_openat2, dir.value().fd(), name.c_str(), &how, sizeof how);
        if (fd >= 0)
            return File(static_cast<int>(fd));
        const int error = errno;
        if (error == EINTR || error == EAGAIN)
            continue;
        // No openat2 (kernel before 5.6, or a seccomp filter): the caller has checked the resolved path.
        // EPERM from a real open would come back again from open(2).
        if (error == ENOSYS || error == EPERM)
            return open_path(root / relative, flags, mode);
        if (error == EXDEV)
            return Error{"the path leads outside the filesystem root"};
        return os_error(error);
    }
}

} // namespace mel::packages::fs
