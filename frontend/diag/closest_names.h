#pragma once

// "Did you mean": the names closest to a name that is almost right (ours, issue 16).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mel::frontend {

/// Optimal-string-alignment distance (Damerau–Levenshtein where a transposed pair is one edit and
/// no substring is edited twice), counted in bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidates close to `name`, closest first then alphabetically, at most `limit`, `name`
/// itself excluded: within 1 edit for names of 2 to 5 bytes, 2 edits for longer ones, letter case
/// ignored.
std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t limit = 3);

/// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
std::string quoted_alternatives(const std::vector<std::string>& names);

/// `'a'`, `'a', 'b'` (a plain list, for "the outputs are …").
std::string quoted_list(const std::vector<std::string>& names);

} // namespace mel::frontend
