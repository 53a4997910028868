#pragma once

// The output folder of `melodium doc`: which files it owns. Each run lists the files it wrote in
// OUTPUT/.melodium-doc; the next run removes exactly those (and the folders they leave empty)
// before writing, so that no page of an element that no longer exists stays behind, and never
// touches a file it did not write (the `book/` that `mdbook build` makes, a page added by hand).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mel::cli {

inline constexpr const char* k_doc_manifest = ".melodium-doc";

/// Makes `root` ready for a new book: nothing to do when it does not exist or is empty; removes
/// the files listed in its manifest; a book of an earlier version without manifest (its
/// book.toml is ours) is written over. Anything else is refused: the error text says why.
std::optional<std::string> clear_previous_book(const std::filesystem::path& root);

/// Writes the manifest of `root`: `files`, relative to it.
std::optional<std::string> write_book_manifest(const std::filesystem::path& root, const std::vector<std::string>& files);

} // namespace mel::cli
