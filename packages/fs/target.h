#pragma once

// What every `fs/file` and `fs/dir` treatment waits for first: a FileSystem and a path (both Block inputs).

#include <optional>
#include <string>

#include "packages/fs/filesystem.h"
#include "runtime/engine/engine.h"

namespace mel::packages::fs {

struct Target {
    Value filesystem; // keeps the FileSystem alive
    std::string path;
    const FileSystem& fs() const { return *FileSystem::from(filesystem); }
    /// `error` naming the path as the user knows it: "cannot read 'in.txt': …".
    Error cannot(std::string_view action, const Error& error) const
    {
        return fs::cannot(action, fs().shown(path), error);
    }
};

/// Receives `filesystem`, then `path`, as the reference does; nullopt when either closes without a value
/// (the treatment then does nothing).
engine::Task<std::optional<Target>> receive_target(engine::TreatmentContext& ctx);

/// Sends the one value of a `Block<void>` output.
engine::Task<> fire(engine::Output& out);

} // namespace mel::packages::fs
