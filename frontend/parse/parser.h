#pragma once

#include <optional>

#include "frontend/ast/declarations.h"
#include "frontend/diag/diagnostics.h"
#include "frontend/source/source_manager.h"

namespace mel::frontend {

/// Lexes and parses one area (`.mel` file) into our syntax tree (language.md §2, §3).
/// As the reference, the file stops at its first problem, reported to `diags` and giving nothing:
///   - text that is not valid UTF-8: S0019 at the first bad byte (text shown as `\xNN`);
///   - the first malformed token (lexing precedes parsing): S0019 `found 'TEXT' … expecting ` (§2.10);
///   - the first syntax error: S0020 at the end of input, S0051 / S0047 for a wrong top-level / header
///     word, otherwise `found 'TOK' at line L position P, expecting …` with the reference's id and
///     expectation list for that parse site (§3.3).
/// Any `.mel` text parses the same way (standalone `#!` header lines are annotations). Literal
/// escapes are not checked here (see literals.h).
std::optional<ast::File> parse_area(const SourceManager& sources, FileId file, Diagnostics& diags);

} // namespace mel::frontend
