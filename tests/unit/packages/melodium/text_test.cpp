// melodium/text: parse_number on its own (every form it reads, every way to fail, and reading back what
// std's |to_string prints for any value), then `|parse` through the registry and `parse` over a stream.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "packages/melodium/text.h"
#include "runtime/model/value_format.h"
#include "stdlib/ops/numeric.h"
#include "tests/unit/packages/melodium/program.h"

using namespace mel;
using namespace mel::packages::melodium_testing;
using mel::packages::melodium::parse_float;
using mel::packages::melodium::parse_number;

TEST_CASE("integers: an optional sign and decimal digits, within the type's range")
{
    CHECK(parse_number<std::int32_t>("42") == 42);
    CHECK(parse_number<std::int32_t>("-7") == -7);
    CHECK(parse_number<std::int32_t>("+3") == 3);
    CHECK(parse_number<std::int32_t>("007") == 7);
    CHECK(parse_number<std::int8_t>("-128") == std::int8_t(-128));
    CHECK(parse_number<std::int8_t>("127") == std::int8_t(127));
    CHECK_FALSE(parse_number<std::int8_t>("128"));
    CHECK_FALSE(parse_number<std::int8_t>("-129"));
    CHECK(parse_number<std::uint8_t>("255") == std::uint8_t(255));
    CHECK_FALSE(parse_number<std::uint8_t>("256"));
    CHECK_FALSE(parse_number<std::uint32_t>("-1"));
    CHECK_FALSE(parse_number<std::uint32_t>("-0")); // no `-` for unsigned types, as Rust's parse
    CHECK(parse_number<std::uint64_t>("18446744073709551615") == std::numeric_limits<std::uint64_t>::max());
    CHECK_FALSE(parse_number<std::uint64_t>("18446744073709551616"));
    CHECK(parse_number<u128>("340282366920938463463374607431768211455") == limits<u128>::max());
    CHECK_FALSE(parse_number<u128>("340282366920938463463374607431768211456"));
    CHECK(parse_number<i128>("-170141183460469231731687303715884105728") == limits<i128>::min());
    CHECK_FALSE(parse_number<i128>("170141183460469231731687303715884105728"));
}

TEST_CASE("integers: anything else is none")
{
    for (const char* text :
         {"", " ", "+", "-", "+-1", "--1", "1.5", "1e3", "1_000", "0x10", "3 4", "٣", "inf"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_number<std::int64_t>(text));
        CHECK_FALSE(parse_number<std::uint16_t>(text));
    }
}

TEST_CASE("surrounding whitespace is ignored, as std's trim removes it")
{
    CHECK(parse_number<std::int16_t>("  12\n") == 12);
    CHECK(parse_number<std::int16_t>("\t-12 ") == -12);
    CHECK(parse_number<double>(" 2.5\r\n") == 2.5);
    CHECK(parse_number<float>("\u00a0inf\u3000") == std::numeric_limits<float>::infinity()); // Unicode spaces
    CHECK_FALSE(parse_number<std::int16_t>("- 12"));
    CHECK_FALSE(parse_number<double>("2 .5"));
}

TEST_CASE("floats: decimal forms, exponents, infinities and NaN")
{
    CHECK(parse_float<double>("3.5") == 3.5);
    CHECK(parse_float<double>("-0.25") == -0.25);
    CHECK(parse_float<double>("+1") == 1.0);
    CHECK(parse_float<double>(".5") == 0.5);
    CHECK(parse_float<double>("5.") == 5.0);
    CHECK(parse_float<double>("1e21") == 1e21);
    CHECK(parse_float<double>("2.5E-3") == 2.5e-3);
    CHECK(parse_float<double>("1e+2") == 100.0);
    const auto negative_zero = parse_float<double>("-0");
    REQUIRE(negative_zero);
    CHECK(*negative_zero == 0.0);
    CHECK(std::signbit(*negative_zero));
    CHECK(parse_float<double>("inf") == std::numeric_limits<double>::infinity());
    CHECK(parse_float<double>("-inf") == -std::numeric_limits<double>::infinity());
    CHECK(parse_float<double>("+Infinity") == std::numeric_limits<double>::infinity());
    CHECK(parse_float<float>("INF") == std::numeric_limits<float>::infinity());
    for (const char* nan : {"NaN", "nan", "NAN", "-nan", "+NaN"}) {
        CAPTURE(nan);
        const auto v = parse_float<double>(nan);
        REQUIRE(v);
        CHECK(std::isnan(*v));
    }
    // f32 is read directly, not rounded twice through f64.
    CHECK(parse_float<float>("16777217") == 16777216.0f);
    CHECK(parse_float<float>("0.1") == 0.1f);
}

TEST_CASE("floats: out of range, and malformed, are none")
{
    CHECK_FALSE(parse_float<float>("1e39"));
    CHECK(parse_float<double>("1e39") == 1e39);
    CHECK_FALSE(parse_float<double>("1e309"));
    CHECK_FALSE(parse_float<double>("-1e309"));
    CHECK_FALSE(parse_float<double>("1e-400")); // would round to zero
    CHECK(parse_float<double>("0e-400") == 0.0);
    CHECK(parse_float<double>("5e-324") == std::numeric_limits<double>::denorm_min());
    CHECK(parse_float<float>("3.4028235e38") == std::numeric_limits<float>::max());
    CHECK_FALSE(parse_float<float>("3.4028236e38"));
    for (const char* text : {"", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "+-1", "--1", "0x1p3", "1_0",
                             "nan(1)", "in", "infinite", "1,5", "1 "}) {
        CAPTURE(text);
        CHECK_FALSE(parse_float<double>(text));
        CHECK_FALSE(parse_float<float>(text));
    }
}

TEST_CASE_TEMPLATE("integers read back what |to_string prints", T, std::int8_t, std::int16_t, std::int32_t,
                   std::int64_t, i128, std::uint8_t, std::uint16_t, std::uint32_t, std::uint64_t, u128)
{
    std::mt19937_64 random(7);
    std::vector<T> samples = {limits<T>::min(), limits<T>::max(), T(0), T(1)};
    for (int i = 0; i < 2000; ++i)
        samples.push_back(static_cast<T>((static_cast<u128>(random()) << 64) | random()));
    for (const T v : samples) {
        const std::string text = to_text(stdlib::number_value(v));
        CAPTURE(text);
        CHECK(parse_number<T>(text) == v);
    }
}

TEST_CASE_TEMPLATE("floats read back what |to_string prints, bit for bit", F, float, double)
{
    using Bits = std::conditional_t<std::is_same_v<F, float>, std::uint32_t, std::uint64_t>;
    std::mt19937_64 random(11);
    std::vector<F> samples = {F(0),
                              -F(0),
                              F(1),
                              F(0.1),
                              std::numeric_limits<F>::max(),
                              std::numeric_limits<F>::lowest(),
                              std::numeric_limits<F>::min(),
                              std::numeric_limits<F>::denorm_min(),
                              std::numeric_limits<F>::infinity(),
                              -std::numeric_limits<F>::infinity()};
    for (int i = 0; i < 20000; ++i) {
        const auto bits = static_cast<Bits>(random());
        F v;
        std::memcpy(&v, &bits, sizeof v);
        samples.push_back(v);
    }
    for (const F v : samples) {
        const std::string text = to_text(stdlib::number_value(v));
        CAPTURE(text);
        const auto back = parse_number<F>(text);
        REQUIRE(back);
        if (std::isnan(v)) {
            CHECK(std::isnan(*back));
        } else {
            CHECK(std::memcmp(&*back, &v, sizeof v) == 0);
        }
    }
}

TEST_CASE("|parse: the generic type chooses the reading")
{
    const Element* e = registry().find(*Identifier::parse("melodium/text::|parse"));
    REQUIRE(e != nullptr);
    auto call = [&](CoreType type, const std::string& text) {
        const Type generic = Type::core(type);
        const Value arg = Value::string(text);
        auto result = e->function->body(std::span<const Type>(&generic, 1), std::span<const Value>(&arg, 1));
        REQUIRE(result.ok());
        return result.value();
    };
    CHECK(call(CoreType::U8, "200") == Value::some(Value::u8(200)));
    CHECK(call(CoreType::I8, "200").is_none());
    CHECK(call(CoreType::F32, " 1.5 ") == Value::some(Value::f32(1.5f)));
    CHECK(call(CoreType::U128, "1") == Value::some(Value::u128(1)));
    CHECK(call(CoreType::F64, "one").is_none());
}

TEST_CASE("|parse in a program, and parse over a stream, in order")
{
    run_ok(R"(
use melodium/text::|parse
use melodium/text::parse

treatment main()
{
    startup()
    texts: values<string>(list = ["12", " -3 ", "4.5", "x", "", "99999999999", "-2147483648"])
    parse<i32>()
    parsed: collect<Option<i32>>(name = "i32")
    floats: values<string>(list = ["1e3", "-inf", "NaN", "1e400", "0.1"])
    parseFloat: parse<f64>()
    parsedFloats: collect<Option<f64>>(name = "f64")
    one: emit<Option<u16>>(value = |parse<u16>("65535"))
    block: collectBlock<Option<u16>>(name = "one")

    startup.trigger -> texts.trigger,values -> parse.text,value -> parsed.values
    startup.trigger -> floats.trigger,values -> parseFloat.text,value -> parsedFloats.values
    startup.trigger -> one.trigger,emit -> block.values
}
)");
    auto texts = [](const std::string& name) {
        std::vector<std::string> out;
        for (const auto& v : sink().get(name).values)
            out.push_back(v.is_none() ? "_" : to_text(v.option_value()));
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(texts("i32") == V{"12", "-3", "_", "_", "_", "_", "-2147483648"});
    CHECK(texts("f64") == V{"1000", "-inf", "NaN", "_", "0.1"});
    CHECK(block_text("one") == "65535");
}

TEST_CASE("parse<N> is refused for a type that is not a number")
{
    TempDir dir;
    const auto outcome = check_and_run(registry(), dir.path() / "melodium_test.mel", program_header() + R"(
use melodium/text::parse

treatment main()
{
    startup()
    texts: values<string>(list = ["true"])
    parse<bool>()
    startup.trigger -> texts.trigger,values -> parse.text
}
)");
    CHECK_FALSE(outcome.checked);
    CHECK(outcome.diagnostics.find("Add") != std::string::npos);
}
