// fs/dir::scan's walk — reference: LocalFileSystemEngine::scan_dir in libs/fs-mel/src/local.rs, over
// async_walkdir. Differences: entries come sorted by name (the reference follows the directory's order, which
// the filesystem decides), and `follow_links` enters symlinked directories (the reference's walker never
// enters them: it looks at the link itself, not its target).

#include "packages/fs/scan.h"

#include <algorithm>
#include <cerrno>

#include <dirent.h>
#include <sys/stat.h>

#include "packages/fs/os.h"

namespace mel::packages::fs {

namespace stdfs = std::filesystem;

namespace {

/// The names in directory `path` (without `.` and `..`), sorted.
Result<std::vector<std::string>> list_directory(const stdfs::path& path)
{
    DIR* dir = ::opendir(path.c_str());
    if (!dir)
        return os_error(errno);
    std::vector<std::string> names;
    while (true) {
        errno = 0;
        const dirent* entry = ::readdir(dir);
        if (!entry)
            break;
        const std::string_view name = entry->d_name;
        if (name != "." && name != "..")
            names.emplace_back(name);
    }
    const int error = errno;
    ::closedir(dir);
    if (error != 0)
        return os_error(error);
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

DirectoryWalker::DirectoryWalker(const FileSystem& filesystem, std::string path, bool recursive,
                                 bool follow_links)
    : m_filesystem(filesystem), m_path(std::move(path)), m_recursive(recursive), m_follow_links(follow_links)
{
}

void DirectoryWalker::start(Step& step)
{
    m_started = true;
    if (m_filesystem.root()) {
        auto root = m_filesystem.resolved_root();
        if (!root.ok()) {
            step.errors.push_back(cannot("scan", m_filesystem.shown(m_path), root.error()).message);
            return;
        }
        m_root = root.value();
    }
    auto real = m_filesystem.resolve(m_path);
    if (!real.ok()) {
        step.errors.push_back(cannot("scan", m_filesystem.shown(m_path), real.error()).message);
        return;
    }
    enter(m_filesystem.shown(m_path), real.value(), step);
}

void DirectoryWalker::enter(const stdfs::path& shown, const stdfs::path& real, Step& step)
{
    struct stat status {};
    if (::stat(real.c_str(), &status) != 0) {
        step.errors.push_back(cannot("scan", shown, os_error(errno)).message);
        return;
    }
    auto names = list_directory(real);
    if (!names.ok()) {
        step.errors.push_back(cannot("scan", shown, names.error()).message);
        return;
    }
    m_stack.push_back(Frame{shown, real, status.st_dev, status.st_ino, std::move(names.value()), 0});
}

void DirectoryWalker::consider_descent(const stdfs::path& shown, const stdfs::path& real, Step& step)
{
    struct stat status {};
    if (::lstat(real.c_str(), &status) != 0) {
        step.errors.push_back(cannot("scan", shown, os_error(errno)).message);
        return;
    }
    if (S_ISDIR(status.st_mode)) {
        enter(shown, real, step);
        return;
    }
    if (!S_ISLNK(status.st_mode) || !m_follow_links)
        return;
    // A symlink: entered when it leads to a directory not already on this branch (and, rooted, inside).
    struct stat target {};
    if (::stat(real.c_str(), &target) != 0 || !S_ISDIR(target.st_mode))
        return;
    for (const Frame& frame : m_stack)
        if (frame.device == target.st_dev && frame.inode == target.st_ino)
            return;
    auto resolved = resolve_path(real);
    if (!resolved.ok()) {
        step.errors.push_back(cannot("scan", shown, resolved.error()).message);
        return;
    }
    if (m_filesystem.root() && !is_within(resolved.value(), m_root))
        return;
    enter(shown, resolved.value(), step);
}

DirectoryWalker::Step DirectoryWalker::next(std::size_t max)
{
    Step step;
    if (!m_started)
        start(step);
    while (step.entries.size() < max && !m_stack.empty()) {
        Frame& top = m_stack.back();
        if (top.next == top.names.size()) {
            m_stack.pop_back();
            continue;
        }
        const std::string& name = top.names[top.next++];
        const stdfs::path shown = top.shown / name;
        const stdfs::path real = top.real / name;
        step.entries.push_back(shown.string());
        if (m_recursive)
            consider_descent(shown, real, step); // may grow m_stack: `top` is not used after this
    }
    return step;
}

} // namespace mel::packages::fs
