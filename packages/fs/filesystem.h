#pragma once

// fs/filesystem — the FileSystem data type: a handle the `fs/file` and `fs/dir` treatments work through
// (packages.md §1.1). Ours is always the local filesystem, unrooted or rooted at a directory. Its operations
// block: treatments call them through engine::blocking.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "packages/fs/os.h"
#include "runtime/model/result.h"
#include "runtime/model/value.h"

namespace mel::packages::fs {

/// How `write` opens its file (reference: Rust's OpenOptions with write, append, create, create_new).
struct WriteOptions {
    bool append = false; // else the file is truncated (the reference never truncates: packages.md §5.4)
    bool create = true;
    bool create_new = false;
};

/// A local filesystem, optionally rooted. Unrooted, paths are used as given (relative ones against the
/// process's working directory). Rooted, a path is taken relative to the root (an absolute one as is) and
/// is refused when it leads outside the root: lexically (`..`), or through symlinks, which are resolved
/// before the check (a dangling link counts as where it points). Files are then opened so that the path
/// cannot leave the root even if it changes meanwhile (openat2 RESOLVE_BENEATH).
class FileSystem final : public DataObject {
public:
    static constexpr std::string_view k_type_name = "FileSystem";

    explicit FileSystem(std::optional<std::string> root) : m_root(std::move(root)) {}

    /// A Data value holding a new FileSystem.
    static Value make(std::optional<std::string> root);
    /// The FileSystem inside a Data value; nullptr when the value is something else.
    static const FileSystem* from(const Value& value);

    const std::optional<std::string>& root() const { return m_root; }
    std::string_view type_name() const override { return k_type_name; }

    /// The path an operation on `path` works on (absolute, symlinks resolved when rooted), or why not.
    Result<std::filesystem::path> resolve(std::string_view path) const;
    /// The text the reference shows for `path`: the root joined with it (`path` itself when unrooted).
    std::filesystem::path shown(std::string_view path) const;

    Result<File> open_read(std::string_view path) const;
    /// Creates the missing parent directories, then opens for writing.
    Result<File> open_write(std::string_view path, WriteOptions options) const;
    /// One directory (`recursive`: with its missing parents, an existing one is fine).
    Status create_dir(std::string_view path, bool recursive) const;

    /// The root, absolute and resolved (rooted filesystems only).
    Result<std::filesystem::path> resolved_root() const;

private:
    Result<File> open(std::string_view path, int flags, unsigned mode) const;

    std::optional<std::string> m_root;
};

} // namespace mel::packages::fs
