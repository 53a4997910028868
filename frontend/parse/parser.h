#pragma once

#include <optional>
#include <variant>

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

/// Why parse_value gave nothing.
enum class ValueParseFailure { Lexing, Syntax };

/// Lexes and parses the first value of a text (a program argument given with `--parse-arguments`, language.md
/// §6.7); the tokens after it are ignored, as the reference does. A syntax error is reported to `diags`; a
/// text that does not lex (or is not UTF-8) is reported as Lexing only.
std::variant<ast::Value, ValueParseFailure> parse_value(const SourceManager& sources, FileId file, Diagnostics& diags);

} // namespace mel::frontend
