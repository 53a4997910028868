#pragma once

// fs/dir::scan's walk over a directory tree, in steps (each step blocks: run it on the blocking pool).

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

#include "packages/fs/filesystem.h"

namespace mel::packages::fs {

/// Depth-first, each directory's entries sorted by name, a directory listed before its content. Paths are
/// reported as the reference does: the filesystem's root joined with the scanned path, then the names below.
/// Directories are entered only when `recursive`; symlinks to directories only when `follow_links` too,
/// never twice along one branch (loops), and on a rooted filesystem never when they lead outside the root.
class DirectoryWalker {
public:
    struct Step {
        std::vector<std::string> entries;
        std::vector<std::string> errors;
    };

    DirectoryWalker(const FileSystem& filesystem, std::string path, bool recursive, bool follow_links);

    /// Up to `max` more entries, with the errors met on the way (the first step resolves and lists the
    /// scanned path).
    Step next(std::size_t max);
    bool done() const { return m_started && m_stack.empty(); }

private:
    struct Frame {
        std::filesystem::path shown;
        std::filesystem::path real;
        dev_t device = 0;
        ino_t inode = 0;
        std::vector<std::string> names;
        std::size_t next = 0;
    };

    void start(Step& step);
    void enter(const std::filesystem::path& shown, const std::filesystem::path& real, Step& step);
    void consider_descent(const std::filesystem::path& shown, const std::filesystem::path& real, Step& step);

    const FileSystem& m_filesystem;
    std::string m_path;
    bool m_recursive;
    bool m_follow_links;
    bool m_started = false;
    std::filesystem::path m_root; // resolved, when rooted
    std::vector<Frame> m_stack;
};

} // namespace mel::packages::fs
