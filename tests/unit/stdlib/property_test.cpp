// Property tests (rapidcheck) of std's integer arithmetic and conversions (std.md §0.4, §2.4): random values
// of several widths, each result compared with what the definition says, computed in a wider type.

#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "tests/unit/stdlib/testing.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {

template<class T> using lim = std::numeric_limits<T>;

Value num(std::int32_t v) { return Value::i32(v); }
Value num(std::int64_t v) { return Value::i64(v); }
Value num(std::uint8_t v) { return Value::u8(v); }
Value num(std::uint32_t v) { return Value::u32(v); }

Value fn(std::string_view id, std::vector<Value> args)
{
    auto result = call(id, std::move(args));
    RC_ASSERT(result.ok());
    return std::move(result).value();
}

template<class T> Value some_or_none(std::optional<T> v) { return v ? Value::some(num(*v)) : Value::none(); }

/// The mathematical result of `op` on a and b if it fits T.
template<class T> std::optional<T> fitting(__int128 exact)
{
    if (exact < static_cast<__int128>(lim<T>::min()) || exact > static_cast<__int128>(lim<T>::max()))
        return std::nullopt;
    return static_cast<T>(exact);
}

template<class T> T wrapped(__int128 exact)
{
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(static_cast<unsigned __int128>(exact)));
}

template<class T> T saturated(__int128 exact)
{
    if (exact < static_cast<__int128>(lim<T>::min()))
        return lim<T>::min();
    if (exact > static_cast<__int128>(lim<T>::max()))
        return lim<T>::max();
    return static_cast<T>(exact);
}

template<class T> void arithmetic_properties(const char* type)
{
    const std::string suffix = std::string(" (") + type + ")";
    CHECK(rc::check("add and wrapping_add wrap around" + suffix, [](T a, T b) {
        const __int128 exact = static_cast<__int128>(a) + b;
        RC_ASSERT(fn("std/ops/num::|add", {num(a), num(b)}) == num(wrapped<T>(exact)));
        RC_ASSERT(fn("std/ops/num::|wrapping_add", {num(a), num(b)}) == num(wrapped<T>(exact)));
    }));
    CHECK(rc::check("checked_add, checked_sub, checked_mul: none exactly on overflow" + suffix, [](T a, T b) {
        RC_ASSERT(fn("std/ops/num::|checked_add", {num(a), num(b)}) ==
                  some_or_none(fitting<T>(static_cast<__int128>(a) + b)));
        RC_ASSERT(fn("std/ops/num::|checked_sub", {num(a), num(b)}) ==
                  some_or_none(fitting<T>(static_cast<__int128>(a) - b)));
        RC_ASSERT(fn("std/ops/num::|checked_mul", {num(a), num(b)}) ==
                  some_or_none(fitting<T>(static_cast<__int128>(a) * b)));
    }));
    CHECK(rc::check("saturating_add, saturating_sub, saturating_mul clamp" + suffix, [](T a, T b) {
        RC_ASSERT(fn("std/ops/num::|saturating_add", {num(a), num(b)}) ==
                  num(saturated<T>(static_cast<__int128>(a) + b)));
        RC_ASSERT(fn("std/ops/num::|saturating_sub", {num(a), num(b)}) ==
                  num(saturated<T>(static_cast<__int128>(a) - b)));
        RC_ASSERT(fn("std/ops/num::|saturating_mul", {num(a), num(b)}) ==
                  num(saturated<T>(static_cast<__int128>(a) * b)));
    }));
    CHECK(rc::check("checked_div and checked_rem: none for 0 and MIN / -1, else truncating" + suffix, [](T a, T b) {
        const bool undefined = b == 0 || (lim<T>::is_signed && a == lim<T>::min() && b == static_cast<T>(-1));
        const Value div = undefined ? Value::none() : Value::some(num(static_cast<T>(a / b)));
        const Value rem = undefined ? Value::none() : Value::some(num(static_cast<T>(a % b)));
        RC_ASSERT(fn("std/ops/num::|checked_div", {num(a), num(b)}) == div);
        RC_ASSERT(fn("std/ops/num::|checked_rem", {num(a), num(b)}) == rem);
    }));
    CHECK(rc::check("checked euclidean division: 0 <= r < |b| and a = b q + r" + suffix, [](T a, T b) {
        const Value q = fn("std/ops/num::|checked_euclid_div", {num(a), num(b)});
        const Value r = fn("std/ops/num::|checked_euclid_rem", {num(a), num(b)});
        if (b == 0 || (lim<T>::is_signed && a == lim<T>::min() && b == static_cast<T>(-1))) {
            RC_ASSERT(q == Value::none());
            RC_ASSERT(r == Value::none());
            return;
        }
        RC_ASSERT(q.is_some());
        RC_ASSERT(r.is_some());
        const auto qv = static_cast<__int128>(q.option_value().template get<T>());
        const auto rv = static_cast<__int128>(r.option_value().template get<T>());
        RC_ASSERT(rv >= 0);
        RC_ASSERT(rv < (b < 0 ? -static_cast<__int128>(b) : static_cast<__int128>(b)));
        RC_ASSERT(static_cast<__int128>(b) * qv + rv == static_cast<__int128>(a));
    }));
}

} // namespace

TEST_CASE("property: integer arithmetic of std/ops/num")
{
    arithmetic_properties<std::int32_t>("i32");
    arithmetic_properties<std::int64_t>("i64");
    arithmetic_properties<std::uint8_t>("u8");
    arithmetic_properties<std::uint32_t>("u32");
}

TEST_CASE("property: integer conversions of std/conv")
{
    CHECK(rc::check("to_i64 of an i32 keeps the value", [](std::int32_t v) {
        RC_ASSERT(fn("std/conv::|to_i64", {Value::i32(v)}) == Value::i64(v));
    }));
    CHECK(rc::check("try_to_i32 of an i64: some exactly when it fits", [](std::int64_t v) {
        const Value expected = fitting<std::int32_t>(v) ? Value::some(Value::i32(static_cast<std::int32_t>(v)))
                                                         : Value::none();
        RC_ASSERT(fn("std/conv::|try_to_i32", {Value::i64(v)}) == expected);
    }));
    CHECK(rc::check("saturating_to_u8 of an i64 clamps", [](std::int64_t v) {
        RC_ASSERT(fn("std/conv::|saturating_to_u8", {Value::i64(v)}) == Value::u8(saturated<std::uint8_t>(v)));
    }));
    CHECK(rc::check("to_string of an i64 is its decimal form", [](std::int64_t v) {
        RC_ASSERT(fn("std/conv::|to_string", {Value::i64(v)}) == Value::string(std::to_string(v)));
    }));
    CHECK(rc::check("to_f64 of an i32 is exact", [](std::int32_t v) {
        RC_ASSERT(fn("std/conv::|to_f64", {Value::i32(v)}) == Value::f64(static_cast<double>(v)));
    }));
}

TEST_CASE("property: float to integer conversions of std/conv")
{
    CHECK(rc::check("try_to_i64 of a float well inside the range truncates toward zero",
                    [](std::int32_t m, std::uint8_t e) {
                        const double d = std::ldexp(static_cast<double>(m), static_cast<int>(e % 31)) / 7.0;
                        const auto t = static_cast<std::int64_t>(std::trunc(d));
                        RC_ASSERT(fn("std/conv::|try_to_i64", {Value::f64(d)}) == Value::some(Value::i64(t)));
                    }));
    // The reference compares before truncating: -0.5 gives none, 255.5 too.
    CHECK(rc::check("try_to_u8 of a float is none outside [0, 255], else truncated", [](double d) {
        const Value got = fn("std/conv::|try_to_u8", {Value::f64(d)});
        if (std::isnan(d) || d < 0 || d > 255)
            RC_ASSERT(got == Value::none());
        else
            RC_ASSERT(got == Value::some(Value::u8(static_cast<std::uint8_t>(std::trunc(d)))));
    }));
}
