#pragma once

// The `melodium` package: elements of our own that the reference (Mélodium 0.10.2) does not have, under our
// implementation's name (docs/melodium-package.md). Native areas, one register function each, called in order
// by register_melodium (packages/melodium/register.cpp); a new area is one more declaration here and one more
// call there.

namespace mel {
class Registry;
}

namespace mel::packages::melodium {

/// Declares the `melodium` package and its areas.
void register_melodium(Registry&);

void register_stream(Registry&);  // melodium/stream  — packages/melodium/stream.cpp
void register_text(Registry&);    // melodium/text    — packages/melodium/text.cpp
void register_process(Registry&); // melodium/process — packages/melodium/process.cpp
void register_run(Registry&);     // melodium/run     — packages/melodium/run.cpp

} // namespace mel::packages::melodium
