#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "runtime/model/int128.h"
#include "runtime/model/value.h"

using mel::CoreType;
using mel::DataObject;
using mel::Value;
using Kind = mel::Value::Kind;

namespace {

class Tag : public DataObject {
public:
    Tag(std::string name, int id, bool comparable)
        : m_name(std::move(name)), m_id(id), m_comparable(comparable)
    {
    }
    std::string_view type_name() const override { return m_name; }
    bool comparable() const override { return m_comparable; }
    bool equals(const DataObject& other) const override
    {
        return m_id == static_cast<const Tag&>(other).m_id;
    }

private:
    std::string m_name;
    int m_id;
    bool m_comparable;
};

std::shared_ptr<const DataObject> tag(std::string name, int id, bool comparable = true)
{
    return std::make_shared<const Tag>(std::move(name), id, comparable);
}

} // namespace

TEST_CASE("a Value is small")
{
    CHECK(sizeof(Value) == 32);
}

TEST_CASE("the default Value is void")
{
    Value v;
    CHECK(v.kind() == Kind::Void);
    CHECK(v.is_core());
    CHECK(v.core_type() == CoreType::Void);
    CHECK_FALSE(v.is_none());
    CHECK_FALSE(v.is_some());
}

TEST_CASE("factories set the kind and the payload, integer extremes included")
{
    CHECK(Value::i8(-128).as_i8() == -128);
    CHECK(Value::i16(std::numeric_limits<std::int16_t>::min()).as_i16() == -32768);
    CHECK(Value::i32(std::numeric_limits<std::int32_t>::max()).as_i32() == 2147483647);
    CHECK(Value::i64(std::numeric_limits<std::int64_t>::min()).as_i64() ==
          std::numeric_limits<std::int64_t>::min());
    CHECK(Value::i128(mel::limits<mel::i128>::min()).as_i128() == mel::limits<mel::i128>::min());
    CHECK(Value::i128(mel::limits<mel::i128>::max()).as_i128() == mel::limits<mel::i128>::max());
    CHECK(Value::u8(255).as_u8() == 255);
    CHECK(Value::u16(65535).as_u16() == 65535);
    CHECK(Value::u32(4294967295u).as_u32() == 4294967295u);
    CHECK(Value::u64(std::numeric_limits<std::uint64_t>::max()).as_u64() ==
          std::numeric_limits<std::uint64_t>::max());
    CHECK(Value::u128(mel::limits<mel::u128>::max()).as_u128() == mel::limits<mel::u128>::max());
    CHECK(Value::f32(1.5f).as_f32() == 1.5f);
    CHECK(Value::f64(-2.25).as_f64() == -2.25);
    CHECK(Value::boolean(true).as_bool());
    CHECK(Value::byte(0x2a).as_byte() == 0x2a);
    CHECK(Value::character(U'é').as_char() == U'é');
    CHECK(Value::string("héllo").as_string() == "héllo");

    CHECK(Value::i128(0).kind() == Kind::I128);
    CHECK(Value::u8(0).kind() == Kind::U8);
    CHECK(Value::byte(0).kind() == Kind::Byte);
    CHECK(Value::character(U'\U0010FFFF').kind() == Kind::Char);
    CHECK(Value::string("").kind() == Kind::String);
}

TEST_CASE("core kinds map onto CoreType")
{
    CHECK(Value::u128(1).core_type() == CoreType::U128);
    CHECK(Value::byte(1).core_type() == CoreType::Byte);
    CHECK(Value::string("x").core_type() == CoreType::String);
    CHECK(static_cast<CoreType>(Value::f32(0).kind()) == CoreType::F32);
    CHECK_FALSE(Value::vec({}).is_core());
    CHECK_FALSE(Value::none().is_core());
    CHECK_FALSE(Value::data(tag("Map", 1)).is_core());
}

TEST_CASE("kind names")
{
    CHECK(mel::kind_name(Kind::Void) == "void");
    CHECK(mel::kind_name(Kind::U128) == "u128");
    CHECK(mel::kind_name(Kind::Byte) == "byte");
    CHECK(mel::kind_name(Kind::String) == "string");
    CHECK(mel::kind_name(Kind::Vec) == "Vec");
    CHECK(mel::kind_name(Kind::Option) == "Option");
    CHECK(mel::kind_name(Kind::Data) == "Data");
}

TEST_CASE("zero_of every core type")
{
    for (int i = 0; i < mel::k_core_type_count; ++i) {
        auto type = static_cast<CoreType>(i);
        Value zero = Value::zero_of(type);
        CHECK(zero.core_type() == type);
    }
    CHECK(Value::zero_of(CoreType::I128).as_i128() == 0);
    CHECK(Value::zero_of(CoreType::F64).as_f64() == 0.0);
    CHECK_FALSE(std::signbit(Value::zero_of(CoreType::F32).as_f32()));
    CHECK(Value::zero_of(CoreType::Char).as_char() == U'\0');
    CHECK(Value::zero_of(CoreType::String).as_string().empty());
    CHECK(Value::zero_of(CoreType::Bool) == Value::boolean(false));
}

TEST_CASE("Option and Vec")
{
    Value none = Value::none();
    CHECK(none.kind() == Kind::Option);
    CHECK(none.is_none());
    CHECK_FALSE(none.is_some());

    Value some = Value::some(Value::i32(7));
    CHECK(some.is_some());
    CHECK(some.option_value().as_i32() == 7);

    Value nested = Value::some(Value::some(Value::none()));
    CHECK(nested.option_value().option_value().is_none());

    Value v = Value::vec({Value::i32(1), Value::vec({}), Value::none()});
    REQUIRE(v.as_vec().size() == 3);
    CHECK(v.as_vec()[0].as_i32() == 1);
    CHECK(v.as_vec()[1].as_vec().empty());
    CHECK(v.as_vec()[2].is_none());
}

TEST_CASE("get<T> reads the matching payload")
{
    CHECK(Value::i8(-3).get<std::int8_t>() == -3);
    CHECK(Value::i16(-300).get<std::int16_t>() == -300);
    CHECK(Value::i32(70000).get<std::int32_t>() == 70000);
    CHECK(Value::i64(-5).get<std::int64_t>() == -5);
    CHECK(Value::i128(mel::limits<mel::i128>::min()).get<mel::i128>() == mel::limits<mel::i128>::min());
    CHECK(Value::u16(9).get<std::uint16_t>() == 9);
    CHECK(Value::u32(9).get<std::uint32_t>() == 9);
    CHECK(Value::u64(9).get<std::uint64_t>() == 9);
    CHECK(Value::u128(mel::limits<mel::u128>::max()).get<mel::u128>() == mel::limits<mel::u128>::max());
    CHECK(Value::f32(0.5f).get<float>() == 0.5f);
    CHECK(Value::f64(0.25).get<double>() == 0.25);
    CHECK(Value::boolean(true).get<bool>());
    CHECK(Value::character(U'z').get<char32_t>() == U'z');
    CHECK(Value::string("abc").get<std::string>() == "abc");
}

TEST_CASE("get<uint8_t> reads both U8 and Byte")
{
    CHECK(Value::u8(200).get<std::uint8_t>() == 200);
    CHECK(Value::byte(0xff).get<std::uint8_t>() == 0xff);
}

TEST_CASE("equality is structural and per kind")
{
    CHECK(Value() == Value());
    CHECK(Value::i32(5) == Value::i32(5));
    CHECK(Value::i32(5) != Value::i32(6));
    CHECK(Value::i32(5) != Value::i64(5));
    CHECK(Value::u8(42) != Value::byte(42));
    CHECK(Value::byte(42) == Value::byte(42));
    CHECK(Value::u128(mel::limits<mel::u128>::max()) == Value::u128(mel::limits<mel::u128>::max()));
    CHECK(Value::i128(-1) != Value::i128(1));
    CHECK(Value::string("a") == Value::string("a"));
    CHECK(Value::string("a") != Value::string("b"));
    CHECK(Value::string("") != Value());
    CHECK(Value::character(U'a') != Value::string("a"));
    CHECK(Value::boolean(false) != Value::i8(0));
}

TEST_CASE("float equality is IEEE")
{
    double nan = std::numeric_limits<double>::quiet_NaN();
    Value v = Value::f64(nan);
    CHECK_FALSE(v == v);
    CHECK(v != Value::f64(nan));
    CHECK_FALSE(Value::f32(std::numeric_limits<float>::quiet_NaN()) ==
                Value::f32(std::numeric_limits<float>::quiet_NaN()));
    CHECK(Value::f64(0.0) == Value::f64(-0.0));
    CHECK(Value::f64(std::numeric_limits<double>::infinity()) ==
          Value::f64(std::numeric_limits<double>::infinity()));
    CHECK(Value::f32(1.0f) != Value::f64(1.0));

    Value nan_vec = Value::vec({Value::f64(nan)});
    Value copy = nan_vec;
    CHECK_FALSE(nan_vec == copy);
    CHECK_FALSE(Value::some(Value::f64(nan)) == Value::some(Value::f64(nan)));
}

TEST_CASE("Vec and Option equality")
{
    auto make = [] { return Value::vec({Value::i32(1), Value::vec({Value::string("x")}), Value::none()}); };
    CHECK(make() == make());
    CHECK(Value::vec({}) == Value::vec({}));
    CHECK(Value::vec({Value::i32(1)}) != Value::vec({Value::i32(1), Value::i32(1)}));
    CHECK(Value::vec({Value::i32(1)}) != Value::vec({Value::i64(1)}));
    CHECK(Value::none() == Value::none());
    CHECK(Value::none() != Value::some(Value()));
    CHECK(Value::some(Value()) == Value::some(Value()));
    CHECK(Value::some(Value::i32(1)) == Value::some(Value::i32(1)));
    CHECK(Value::some(Value::i32(1)) != Value::some(Value::i32(2)));
    CHECK(Value::some(Value::i32(1)) != Value::i32(1));
    CHECK(Value::vec({}) != Value::none());
}

TEST_CASE("Data equality needs the same type and PartialEquality")
{
    auto a = tag("Command", 1);
    CHECK(Value::data(a) == Value::data(a));
    CHECK(Value::data(a) == Value::data(tag("Command", 1)));
    CHECK(Value::data(a) != Value::data(tag("Command", 2)));
    CHECK(Value::data(a) != Value::data(tag("StringMap", 1)));

    auto handle = tag("FileSystem", 1, false);
    Value v = Value::data(handle);
    CHECK_FALSE(v == v); // not comparable: false even for the same object, as in the reference
    CHECK(v.as_data() == handle);
    CHECK(v.as_data()->type_name() == "FileSystem");
}

TEST_CASE("copies share the heap payload")
{
    Value s = Value::string(std::string(1000, 'x'));
    Value s_copy = s;
    CHECK(&s_copy.as_string() == &s.as_string());

    Value v = Value::vec({Value::string("a"), Value::string("b")});
    Value v_copy = v;
    CHECK(&v_copy.as_vec() == &v.as_vec());
    CHECK(&v_copy.as_vec()[0].as_string() == &v.as_vec()[0].as_string());

    Value o = Value::some(Value::string("inner"));
    Value o_copy;
    o_copy = o;
    CHECK(&o_copy.option_value() == &o.option_value());

    auto object = tag("Map", 3);
    Value d = Value::data(object);
    Value d_copy = d;
    CHECK(d_copy.as_data().get() == object.get());
    CHECK(object.use_count() == 3);

    // Building a Vec from copies never deep-copies the elements.
    Value big = Value::vec({s, s_copy, v});
    CHECK(&big.as_vec()[0].as_string() == &s.as_string());
    CHECK(&big.as_vec()[2].as_vec() == &v.as_vec());
}

TEST_CASE("copies and moves keep the payload alive and release it")
{
    std::weak_ptr<const DataObject> watch;
    {
        auto object = tag("Map", 4);
        watch = object;
        Value a = Value::data(std::move(object));
        Value b = a;
        Value c = Value::some(Value::vec({b, a}));
        a = Value::i32(1);
        b = Value();
        CHECK_FALSE(watch.expired());
        CHECK(c.option_value().as_vec()[1].as_data()->type_name() == "Map");
    }
    CHECK(watch.expired());
}

TEST_CASE("a moved-from Value is void")
{
    Value s = Value::string("payload");
    Value t = std::move(s);
    CHECK(t.as_string() == "payload");
    CHECK(s.kind() == Kind::Void); // NOLINT(bugprone-use-after-move): documented behaviour

    Value u;
    u = std::move(t);
    CHECK(u.as_string() == "payload");
    CHECK(t.kind() == Kind::Void); // NOLINT(bugprone-use-after-move)

    Value& alias = u;
    u = std::move(alias);
    CHECK(u.as_string() == "payload");
}

TEST_CASE("assignment between kinds")
{
    Value v = Value::u128(mel::limits<mel::u128>::max());
    v = Value::string("now a string");
    CHECK(v.as_string() == "now a string");
    v = Value::vec({Value::byte(1)});
    CHECK(v.as_vec()[0].as_byte() == 1);
    v = Value::i128(-5);
    CHECK(v.as_i128() == -5);
    const Value& self = v;
    v = self;
    CHECK(v.as_i128() == -5);

    std::vector<Value> many;
    for (int i = 0; i < 100; ++i)
        many.push_back(i % 2 ? Value::string(std::to_string(i)) : Value::i64(i));
    CHECK(many[99].as_string() == "99");
    CHECK(many[98].as_i64() == 98);
}
