#pragma once

// The help of a program's entrypoints, as `melodium info FILE` prints it and `melodium run FILE
// [COMMAND] --help` prints it for one entrypoint: each parameter as `--NAME <TYPE>` with its
// default in Mélodium literal form, or `[required]`.

#include <string>
#include <vector>

#include "frontend/load/package.h"
#include "runtime/model/descriptors.h"

namespace mel::cli {

/// `NAME\nVersion X.Y.Z\n`.
std::string package_header(const frontend::PackageInfo&);

/// A blank line, `COMMAND  (ID)`, the documentation, then one line per parameter, indented.
std::string entrypoint_text(const std::string& command, const TreatmentDescriptor&);

/// The lines of a documentation text, trailing blanks and the blank lines around it removed.
std::vector<std::string> doc_lines(const std::string& doc);

} // namespace mel::cli
