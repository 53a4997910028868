#include "runtime/model/int128.h"

#include <cstdint>

namespace mel {

namespace {

constexpr std::uint64_t k_ten_pow_19 = 10'000'000'000'000'000'000ULL;

void append_padded(std::string& out, std::uint64_t chunk, std::size_t width)
{
    std::string digits = to_decimal(chunk);
    out.append(width - digits.size(), '0');
    out += digits;
}

// Accumulates the digits of `text` (all ASCII decimal, at least one) into a u128; none on overflow.
std::optional<u128> accumulate_digits(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    u128 value = 0;
    constexpr u128 max = limits<u128>::max();
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        auto digit = static_cast<unsigned>(c - '0');
        if (value > (max - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

} // namespace

std::string to_decimal(u128 value)
{
    // Split into base-10^19 chunks, each fits a u64: at most three of them for 39 digits.
    if (value <= limits<std::uint64_t>::max())
        return to_decimal(static_cast<std::uint64_t>(value));
    auto low = static_cast<std::uint64_t>(value % k_ten_pow_19);
    value /= k_ten_pow_19;
    std::string out;
    if (value <= limits<std::uint64_t>::max()) {
        out = to_decimal(static_cast<std::uint64_t>(value));
    } else {
        auto middle = static_cast<std::uint64_t>(value % k_ten_pow_19);
        out = to_decimal(static_cast<std::uint64_t>(value / k_ten_pow_19));
        append_padded(out, middle, 19);
    }
    append_padded(out, low, 19);
    return out;
}

std::string to_decimal(i128 value)
{
    if (value >= 0)
        return to_decimal(static_cast<u128>(value));
    // Negate in unsigned arithmetic so that the minimum has a magnitude too.
    return "-" + to_decimal(u128(0) - static_cast<u128>(value));
}

std::optional<u128> parse_u128(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    return accumulate_digits(text);
}

std::optional<i128> parse_i128(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    auto magnitude = accumulate_digits(text);
    if (!magnitude)
        return std::nullopt;
    constexpr auto max_magnitude = static_cast<u128>(limits<i128>::max());
    if (!negative) {
        if (*magnitude > max_magnitude)
            return std::nullopt;
        return static_cast<i128>(*magnitude);
    }
    if (*magnitude > max_magnitude + 1)
        return std::nullopt;
    // Two's complement negation in unsigned arithmetic; the conversion to i128 is well-defined in C++20.
    return static_cast<i128>(u128(0) - *magnitude);
}

} // namespace mel
