#pragma once

// The `process` package (packages.md §1.2, §5.1–§5.3): native elements area by area, called in order by
// register_process (packages/process/register.cpp), plus its embedded `.mel` areas (packages/process/mel/).

namespace mel {
class Registry;
}

namespace mel::packages::process {

/// Declares the `process` package: its native elements and its `.mel` areas.
void register_process(Registry&);

void register_command(Registry&);     // process/command     — packages/process/command.cpp
void register_environment(Registry&); // process/environment — packages/process/environment.cpp
void register_exec(Registry&);        // process/exec        — packages/process/exec.cpp (+ mel/exec.mel)
void register_local(Registry&);       // process/local       — packages/process/local.cpp (+ mel/local.mel)

/// The `.mel` areas of process (packages/process/mel/**/*.mel), embedded at build time by melodium_embed_mel
/// (cmake/MelodiumEmbed.cmake).
void register_process_mel_areas(Registry&);

} // namespace mel::packages::process
