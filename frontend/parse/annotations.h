#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mel::frontend {

// Documentation comments and attributes (language.md §2.4). Reference: melodium-lang/src/text/script.rs
// (attachment), text/annotation.rs (attribute regex), text/word.rs (PositionnedString::remove_indent).

/// The text of a documentation comment token: `///` removed, or `/**` and `*/` removed (`/**/` is
/// an empty doc), then `remove_doc_indent`.
std::string doc_comment_text(std::string_view token);

/// The text of a run of `///` lines on consecutive lines (ours: the reference keeps only the last
/// one): each line without its `///`, joined with `\n`, then `remove_doc_indent`.
std::string doc_lines_text(const std::vector<std::string_view>& lines);

/// The leading whitespace of the first non-blank line is removed from every line that starts with it;
/// every line then ends with `\n`. A text without a non-blank line is returned unchanged.
std::string remove_doc_indent(std::string_view doc);

/// `#[NAME(VALUE)]` at the start of an annotation (`^#\[(\w+)\((.*)\)\]`, VALUE up to the last `)]`).
std::optional<std::pair<std::string, std::string>> attribute_of(std::string_view annotation);

} // namespace mel::frontend
