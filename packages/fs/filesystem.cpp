// fs/filesystem — reference: libs/fs-mel/src/filesystem.rs (the data type) and the LocalFileSystemEngine of
// libs/fs-mel/src/local.rs (its operations).
// Fix (packages.md §1.1, §5.4): the reference's root check is lexical on the joined path, so `a/../../x` and
// symlinks leave the root; ours resolves `..` and symlinks first and opens beneath the root.
// Fix (packages.md §5.4): non-append writes truncate the file (the reference left stale bytes at the end).

#include "packages/fs/filesystem.h"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>

#include "packages/fs/register.h"
#include "runtime/model/registry.h"

namespace mel::packages::fs {

namespace stdfs = std::filesystem;

namespace {

constexpr unsigned k_file_mode = 0666;      // before the umask, as Rust's OpenOptions
constexpr unsigned k_directory_mode = 0777; // before the umask, as Rust's DirBuilder

Error outside_root()
{
    return Error{"the path leads outside the filesystem root"};
}

bool is_a_directory(const stdfs::path& path)
{
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode);
}

/// mkdir -p, with Rust's create_dir_all outcome: an existing directory is fine, an existing file is EEXIST.
Status make_directories(const stdfs::path& path)
{
    stdfs::path prefix;
    for (const auto& part : path) {
        prefix /= part;
        if (part.empty() || part == "." || part == "/")
            continue;
        if (::mkdir(prefix.c_str(), k_directory_mode) == 0)
            continue;
        const int error = errno;
        if (error == EEXIST && is_a_directory(prefix))
            continue;
        return os_error(error);
    }
    return success();
}

} // namespace

Value FileSystem::make(std::optional<std::string> root)
{
    return Value::data(std::make_shared<const FileSystem>(std::move(root)));
}

const FileSystem* FileSystem::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data)
        return nullptr;
    const auto& object = value.as_data();
    return object->type_name() == k_type_name ? static_cast<const FileSystem*>(object.get()) : nullptr;
}

stdfs::path FileSystem::shown(std::string_view path) const
{
    if (!m_root)
        return stdfs::path(path);
    return stdfs::path(*m_root) / stdfs::path(path);
}

Result<stdfs::path> FileSystem::resolved_root() const
{
    MEL_ASSERT(m_root.has_value(), "resolved_root of an unrooted filesystem");
    std::error_code ec;
    const stdfs::path absolute = stdfs::absolute(m_root->empty() ? stdfs::path(".") : stdfs::path(*m_root), ec);
    if (ec)
        return os_error(ec.value());
    return resolve_path(absolute);
}

Result<stdfs::path> FileSystem::resolve(std::string_view path) const
{
    if (!m_root)
        return stdfs::path(path);
    auto root = resolved_root();
    if (!root.ok())
        return root.error();
    // An absolute `path` replaces the root (as Rust's join does) and must then be inside it.
    auto target = resolve_path(root.value() / stdfs::path(path));
    if (!target.ok())
        return target.error();
    if (!is_within(target.value(), root.value()))
        return outside_root();
    return target;
}

Result<File> FileSystem::open(std::string_view path, int flags, unsigned mode) const
{
    if (!m_root)
        return open_path(stdfs::path(path), flags, mode);
    auto root = resolved_root();
    if (!root.ok())
        return root.error();
    auto target = resolve(path);
    if (!target.ok())
        return target.error();
    return open_beneath(root.value(), target.value().lexically_relative(root.value()), flags, mode);
}

Result<File> FileSystem::open_read(std::string_view path) const
{
    return open(path, O_RDONLY, 0);
}

Result<File> FileSystem::open_write(std::string_view path, WriteOptions options) const
{
    auto target = resolve(path);
    if (!target.ok())
        return target.error();
    if (const stdfs::path parent = target.value().parent_path(); !parent.empty()) {
        if (Status made = make_directories(parent); !made.ok())
            return made.error();
    }
    int flags = O_WRONLY | (options.append ? O_APPEND : O_TRUNC);
    if (options.create_new)
        flags |= O_CREAT | O_EXCL;
    else if (options.create)
        flags |= O_CREAT;
    return open(path, flags, k_file_mode);
}

Status FileSystem::create_dir(std::string_view path, bool recursive) const
{
    auto target = resolve(path);
    if (!target.ok())
        return target.error();
    if (recursive)
        return make_directories(target.value());
    if (::mkdir(target.value().c_str(), k_directory_mode) != 0)
        return os_error(errno);
    return success();
}

void register_filesystem(Registry& registry)
{
    auto area = registry.area("fs/filesystem");
    area.data_type("FileSystem", {},
                   "Handle to a filesystem.\n\n"
                   "The `fs/file` and `fs/dir` treatments read, write, create and scan through a `FileSystem`. "
                   "Obtain one with `|local_filesystem`: unrooted, paths are used as given; rooted at a "
                   "directory, paths are taken relative to it and any path leading outside it (through `..`, "
                   "an absolute path or a symbolic link) is refused.\n\n"
                   "A `FileSystem` cannot be serialized: it never leaves the engine that made it.");
}

} // namespace mel::packages::fs
