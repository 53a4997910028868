#pragma once

// What the bundle (bundle.h) reads of ELF files: the dynamic loader a binary names (PT_INTERP), and the part
// of the file its program headers map, which is all the kernel and the loader read. The rest (section
// headers, symbol tables, debug information: 218 of the 225 MB of a RelWithDebInfo melodium) can stay out of
// an image, as ELFkickers' `sstrip` leaves it out.

#include <cstdint>
#include <string>

#include "runtime/model/result.h"

namespace mel::packages::work::containers {

struct ElfLayout {
    std::string interpreter;       // PT_INTERP, empty for a static binary
    std::uint64_t loaded_end = 0;  // the end of the last byte a program header maps (or of the headers)
    std::uint64_t section_headers = 0; // the section header table's offset (0: none)
    std::uint64_t file_size = 0;
};

/// The layout of the ELF file at `path` (32 or 64 bits, this machine's byte order); the error names the file.
Result<ElfLayout> read_elf_layout(const std::string& path);

/// Writes `out` (mode 0755): `source` up to its loaded end, without a section header table. A file whose
/// section header table lies inside its loaded part is copied whole. The error names the file.
Status write_loadable_copy(const std::string& source, const std::string& out);

} // namespace mel::packages::work::containers
