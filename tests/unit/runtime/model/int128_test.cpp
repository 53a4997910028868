#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "runtime/model/int128.h"

using mel::i128;
using mel::limits;
using mel::parse_i128;
using mel::parse_integer;
using mel::parse_u128;
using mel::to_decimal;
using mel::u128;

namespace {
constexpr const char* k_i128_min = "-170141183460469231731687303715884105728";
constexpr const char* k_i128_max = "170141183460469231731687303715884105727";
constexpr const char* k_u128_max = "340282366920938463463374607431768211455";
} // namespace

TEST_CASE("is_integer_v covers the 128-bit types and excludes bool and characters")
{
    static_assert(mel::is_integer_v<std::int8_t> && mel::is_integer_v<std::uint64_t>);
    static_assert(mel::is_integer_v<i128> && mel::is_integer_v<u128> && mel::is_integer_v<const i128>);
    static_assert(!mel::is_integer_v<bool> && !mel::is_integer_v<char32_t> && !mel::is_integer_v<char>);
    static_assert(!mel::is_integer_v<float> && !mel::is_integer_v<std::string>);
    static_assert(mel::is_signed_integer_v<i128> && !mel::is_signed_integer_v<u128>);
    static_assert(mel::is_unsigned_integer_v<u128> && mel::is_unsigned_integer_v<std::uint8_t>);
    static_assert(!mel::is_unsigned_integer_v<bool> && !mel::is_signed_integer_v<double>);
    static_assert(std::is_same_v<mel::make_unsigned_t<i128>, u128>);
    static_assert(std::is_same_v<mel::make_unsigned_t<std::int32_t>, std::uint32_t>);
    CHECK(true);
}

TEST_CASE_TEMPLATE("limits agree with std::numeric_limits for the standard types", T, std::int8_t,
                   std::int16_t, std::int32_t, std::int64_t, std::uint8_t, std::uint16_t, std::uint32_t,
                   std::uint64_t)
{
    CHECK(limits<T>::min() == std::numeric_limits<T>::min());
    CHECK(limits<T>::max() == std::numeric_limits<T>::max());
    CHECK(limits<T>::digits == std::numeric_limits<T>::digits);
    CHECK(limits<T>::is_signed == std::numeric_limits<T>::is_signed);
}

TEST_CASE("limits of i128 and u128")
{
    static_assert(limits<u128>::min() == 0);
    static_assert(limits<u128>::max() == ~u128(0));
    static_assert(limits<i128>::max() == static_cast<i128>(~u128(0) >> 1));
    static_assert(limits<i128>::min() < 0 && limits<i128>::min() + limits<i128>::max() == -1);
    static_assert(limits<i128>::bits == 128 && limits<i128>::digits == 127 && limits<u128>::digits == 128);
    CHECK(to_decimal(limits<i128>::min()) == k_i128_min);
    CHECK(to_decimal(limits<i128>::max()) == k_i128_max);
    CHECK(to_decimal(limits<u128>::max()) == k_u128_max);
}

TEST_CASE("to_decimal of 128-bit values around the chunk boundaries")
{
    CHECK(to_decimal(i128(0)) == "0");
    CHECK(to_decimal(u128(0)) == "0");
    CHECK(to_decimal(i128(-1)) == "-1");
    CHECK(to_decimal(u128(std::numeric_limits<std::uint64_t>::max())) == "18446744073709551615");
    CHECK(to_decimal(u128(std::numeric_limits<std::uint64_t>::max()) + 1) == "18446744073709551616");
    u128 ten_pow_19 = 10'000'000'000'000'000'000ULL;
    CHECK(to_decimal(ten_pow_19 * 10) == "100000000000000000000");
    CHECK(to_decimal(ten_pow_19 * ten_pow_19) == "100000000000000000000000000000000000000");
    CHECK(to_decimal(ten_pow_19 * ten_pow_19 + 7) == "100000000000000000000000000000000000007");
    CHECK(to_decimal(-static_cast<i128>(ten_pow_19 * ten_pow_19) - 5) ==
          "-100000000000000000000000000000000000005");
    CHECK(to_decimal(static_cast<i128>(std::numeric_limits<std::int64_t>::min()) - 1) ==
          "-9223372036854775809");
}

TEST_CASE("to_decimal of the standard integer types")
{
    CHECK(to_decimal(std::int8_t(-128)) == "-128");
    CHECK(to_decimal(std::uint8_t(255)) == "255");
    CHECK(to_decimal(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808");
    CHECK(to_decimal(std::numeric_limits<std::uint64_t>::max()) == "18446744073709551615");
}

TEST_CASE("parse_u128")
{
    CHECK(parse_u128("0") == u128(0));
    CHECK(parse_u128("+42") == u128(42));
    CHECK(parse_u128("000123") == u128(123));
    CHECK(parse_u128(k_u128_max) == limits<u128>::max());
    CHECK_FALSE(parse_u128("340282366920938463463374607431768211456").has_value());
    CHECK_FALSE(parse_u128("999999999999999999999999999999999999999999").has_value());
    CHECK_FALSE(parse_u128("").has_value());
    CHECK_FALSE(parse_u128("+").has_value());
    CHECK_FALSE(parse_u128("-0").has_value());
    CHECK_FALSE(parse_u128("-1").has_value());
    CHECK_FALSE(parse_u128(" 1").has_value());
    CHECK_FALSE(parse_u128("1 ").has_value());
    CHECK_FALSE(parse_u128("12a").has_value());
    CHECK_FALSE(parse_u128("0x10").has_value());
    CHECK_FALSE(parse_u128("++1").has_value());
}

TEST_CASE("parse_i128")
{
    CHECK(parse_i128("0") == i128(0));
    CHECK(parse_i128("-0") == i128(0));
    CHECK(parse_i128("+17") == i128(17));
    CHECK(parse_i128("-17") == i128(-17));
    CHECK(parse_i128(k_i128_max) == limits<i128>::max());
    CHECK(parse_i128(k_i128_min) == limits<i128>::min());
    CHECK_FALSE(parse_i128("170141183460469231731687303715884105728").has_value());
    CHECK_FALSE(parse_i128("-170141183460469231731687303715884105729").has_value());
    CHECK_FALSE(parse_i128(k_u128_max).has_value());
    CHECK_FALSE(parse_i128("").has_value());
    CHECK_FALSE(parse_i128("-").has_value());
    CHECK_FALSE(parse_i128("--1").has_value());
    CHECK_FALSE(parse_i128("+-1").has_value());
    CHECK_FALSE(parse_i128("1.0").has_value());
}

TEST_CASE("decimal round trip of 128-bit values")
{
    for (i128 v :
         {limits<i128>::min(), limits<i128>::min() + 1, i128(-1), i128(0), i128(1), limits<i128>::max()})
        CHECK(parse_i128(to_decimal(v)) == v);
    u128 v = 1;
    for (int i = 0; i < 128; ++i, v = v * 3 + 1)
        CHECK(parse_u128(to_decimal(v)) == v);
}

TEST_CASE("parse_integer checks the target range")
{
    CHECK(parse_integer<std::int8_t>("-128") == std::int8_t(-128));
    CHECK_FALSE(parse_integer<std::int8_t>("-129").has_value());
    CHECK_FALSE(parse_integer<std::int8_t>("128").has_value());
    CHECK(parse_integer<std::uint8_t>("255") == std::uint8_t(255));
    CHECK_FALSE(parse_integer<std::uint8_t>("256").has_value());
    CHECK_FALSE(parse_integer<std::uint8_t>("-1").has_value());
    CHECK(parse_integer<std::int64_t>("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
    CHECK_FALSE(parse_integer<std::int64_t>("9223372036854775808").has_value());
    CHECK(parse_integer<std::uint64_t>("18446744073709551615") == std::numeric_limits<std::uint64_t>::max());
    CHECK(parse_integer<u128>(k_u128_max) == limits<u128>::max());
    CHECK(parse_integer<i128>(k_i128_min) == limits<i128>::min());
}
