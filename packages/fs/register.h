#pragma once

// The `fs` package (packages.md §1.1): native elements area by area, called in order by register_fs
// (packages/fs/register.cpp), plus its embedded `.mel` areas (packages/fs/mel/).

namespace mel {
class Registry;
}

namespace mel::packages::fs {

/// Declares the `fs` package: its native elements and its `.mel` areas.
void register_fs(Registry&);

void register_filesystem(Registry&); // fs/filesystem — packages/fs/filesystem.cpp
void register_local(Registry&);      // fs/local      — packages/fs/local.cpp (+ mel/local.mel)
void register_path(Registry&);       // fs/path       — packages/fs/path.cpp
void register_file(Registry&);       // fs/file       — packages/fs/file.cpp
void register_dir(Registry&);        // fs/dir        — packages/fs/dir.cpp

/// The `.mel` areas of fs (packages/fs/mel/**/*.mel), embedded at build time by melodium_embed_mel
/// (cmake/MelodiumEmbed.cmake).
void register_fs_mel_areas(Registry&);

} // namespace mel::packages::fs
