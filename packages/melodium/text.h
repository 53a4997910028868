#pragma once

// melodium/text: reading numbers from text (packages/melodium/text.cpp).

#include <optional>
#include <string_view>

#include "runtime/model/int128.h"

namespace mel::packages::melodium {

/// The float of type F (float or double) written in `text` (no surrounding whitespace): an optional sign,
/// then decimal digits with an optional `.` and an optional exponent (`e`/`E`, optional sign, digits), or
/// `inf`, `infinity` or `nan` in any case. None for anything else, and when the value is out of F's range:
/// too large (it would be infinite) or too small (a non-zero text that would round to zero).
template<class F> std::optional<F> parse_float(std::string_view text);

/// The number of type T (a Mélodium integer or float type) written in `text`, surrounding Unicode
/// White_Space ignored: integers as mel::parse_integer reads them (an optional sign, decimal digits; no `-`
/// for unsigned types), floats as parse_float. None when the text is not such a number or is out of T's
/// range.
template<class T> std::optional<T> parse_number(std::string_view text);

} // namespace mel::packages::melodium
