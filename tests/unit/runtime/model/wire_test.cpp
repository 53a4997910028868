// runtime/model/wire: every Value kind survives a round trip in a fixed byte form; Data values travel by the
// codec registered with their type (nested values through the same registry) and not without one; hostile
// bytes are refused, never crash, and nesting is bounded also across Data payloads.

#include <doctest/doctest.h>

#include <memory>
#include <random>

#include "runtime/model/registry.h"
#include "runtime/model/wire.h"

using namespace mel;

namespace {

/// A test data type holding one value of any type: its codec nests a value, as Map's does.
struct Box final : DataObject {
    explicit Box(Value inner) : inner(std::move(inner)) {}
    std::string_view type_name() const override { return "Box"; }
    bool comparable() const override { return true; }
    bool equals(const DataObject& other) const override
    {
        return static_cast<const Box&>(other).inner == inner;
    }
    Value inner;
};

Value box(Value inner) { return Value::data(std::make_shared<const Box>(std::move(inner))); }

std::shared_ptr<const wire::DataCodec> box_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry& types) -> Status {
            return wire::encode_value(static_cast<const Box&>(o).inner, w, &types);
        },
        [](wire::Reader& r, const Registry& types) -> Result<Value> {
            auto inner = wire::decode_value(r, &types);
            if (!inner)
                return inner;
            return box(std::move(inner).value());
        }});
}

struct Opaque final : DataObject {
    std::string_view type_name() const override { return "Opaque"; }
};

const Registry& types()
{
    static const Registry r = [] {
        Registry reg;
        auto area = reg.area("test/wire");
        area.data_type("Box", {Trait::PartialEquality}, "A value in a box.", box_codec());
        area.data_type("Opaque", {}, "Does not travel.");
        return reg;
    }();
    return r;
}

std::vector<std::byte> encoded(const Value& v)
{
    std::vector<std::byte> bytes;
    REQUIRE(wire::encode_value(v, bytes, &types()).ok());
    return bytes;
}

Value round_trip(const Value& v)
{
    auto back = wire::decode_value(encoded(v), &types());
    REQUIRE(back.ok());
    return back.value();
}

std::vector<std::byte> bytes_of(std::initializer_list<int> list)
{
    std::vector<std::byte> out;
    for (int b : list)
        out.push_back(static_cast<std::byte>(b));
    return out;
}

} // namespace

TEST_CASE("every core value kind round-trips")
{
    const std::vector<Value> values = {
        Value(),
        Value::i8(-5),
        Value::i16(-30000),
        Value::i32(-2000000000),
        Value::i64(-9000000000000000000LL),
        Value::i128(-(mel::i128(1) << 100)),
        Value::u8(250),
        Value::u16(65000),
        Value::u32(4000000000u),
        Value::u64(18000000000000000000ull),
        Value::u128(mel::u128(1) << 127),
        Value::f32(1.5f),
        Value::f64(-2.25e300),
        Value::boolean(true),
        Value::byte(0xAB),
        Value::character(U'é'),
        Value::string("héllo\n\0x"),
        Value::vec({Value::u8(1), Value::u8(2)}),
        Value::vec({}),
        Value::none(),
        Value::some(Value::some(Value::string("deep"))),
        Value::vec({Value::some(Value::i32(3)), Value::none()}),
    };
    for (const auto& v : values) {
        CAPTURE(kind_name(v.kind()));
        const Value back = round_trip(v);
        CHECK(back.kind() == v.kind());
        CHECK(back == v);
    }
}

TEST_CASE("the byte form is fixed: kind tag, little-endian scalars, u32 lengths, data as name and payload")
{
    CHECK(encoded(Value::u32(0x01020304)) == bytes_of({8, 4, 3, 2, 1}));
    CHECK(encoded(Value::string("ab")) == bytes_of({16, 2, 0, 0, 0, 'a', 'b'}));
    CHECK(encoded(Value::vec({Value::boolean(true)})) == bytes_of({17, 1, 0, 0, 0, 13, 1}));
    CHECK(encoded(Value::some(Value())) == bytes_of({18, 1, 0}));
    CHECK(encoded(Value::none()) == bytes_of({18, 0}));
    CHECK(encoded(box(Value::u8(7))) == bytes_of({19, 3, 0, 0, 0, 'B', 'o', 'x', 2, 0, 0, 0, 6, 7}));
}

TEST_CASE("a data value travels by the codec registered with its type, nested values too")
{
    CHECK(types().travelling_data_types() == std::vector<std::string>{"Box"});
    CHECK(types().data_type_named("Box")->codec.get() == types().data_codec("Box"));
    CHECK(types().data_codec("Opaque") == nullptr);
    CHECK(types().data_type_named("Opaque")->codec == nullptr);
    const Value nested = box(Value::vec({box(Value::string("in")), box(Value::none())}));
    CHECK(round_trip(nested) == nested);
    std::vector<std::byte> bytes;
    wire::Writer w(bytes);
    REQUIRE(wire::encode_value(nested, w, &types()).ok());
    wire::Reader in(bytes);
    auto back = wire::decode_value(in, &types());
    REQUIRE(back.ok());
    CHECK(back.value() == nested);
    CHECK(in.remaining() == 0);
}

TEST_CASE("a data type without codec, or no registry, cannot travel: the error names the type")
{
    std::vector<std::byte> bytes;
    auto s = wire::encode_value(Value::data(std::make_shared<const Opaque>()), bytes, &types());
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("`Opaque`") != std::string::npos);
    bytes.clear();
    s = wire::encode_value(box(Value::data(std::make_shared<const Opaque>())), bytes, &types());
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("`Opaque`") != std::string::npos);
    bytes.clear();
    s = wire::encode_value(box(Value::u8(1)), bytes, nullptr);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("`Box`") != std::string::npos);
    CHECK(wire::encode_value(Value::vec({Value::u8(1)}), bytes, nullptr).ok()); // no data: no registry needed
    const auto boxed = encoded(box(Value::u8(7)));
    auto back = wire::decode_value(boxed, nullptr);
    REQUIRE_FALSE(back.ok());
    CHECK(back.error().message.find("`Box`") != std::string::npos);
}

TEST_CASE("hostile value bytes are refused")
{
    auto decode = [](const std::vector<std::byte>& bytes) { return wire::decode_value(bytes, &types()); };
    CHECK_FALSE(decode(bytes_of({})).ok());
    CHECK_FALSE(decode(bytes_of({200})).ok());                      // unknown kind
    CHECK_FALSE(decode(bytes_of({3, 1, 2})).ok());                  // truncated i32
    CHECK_FALSE(decode(bytes_of({16, 255, 255, 255, 255})).ok());   // string longer than the input
    CHECK_FALSE(decode(bytes_of({17, 255, 255, 255, 127})).ok());   // vector longer than the input
    CHECK_FALSE(decode(bytes_of({13, 2})).ok());                    // bool 2
    CHECK_FALSE(decode(bytes_of({15, 0, 0xD8, 0, 0})).ok());        // surrogate char
    CHECK_FALSE(decode(bytes_of({18, 1})).ok());                    // some without payload
    CHECK_FALSE(decode(bytes_of({0, 0})).ok());                     // trailing bytes
    CHECK_FALSE(decode(bytes_of({19, 1, 0, 0, 0, 'X', 0, 0, 0, 0})).ok()); // unknown data type
    // A type that does not travel; a payload longer than its value; a payload past the end.
    CHECK_FALSE(decode(bytes_of({19, 6, 0, 0, 0, 'O', 'p', 'a', 'q', 'u', 'e', 0, 0, 0, 0})).ok());
    CHECK_FALSE(decode(bytes_of({19, 3, 0, 0, 0, 'B', 'o', 'x', 3, 0, 0, 0, 6, 7, 0})).ok());
    CHECK_FALSE(decode(bytes_of({19, 3, 0, 0, 0, 'B', 'o', 'x', 9, 0, 0, 0, 6, 7})).ok());
    // Deep nesting is bounded.
    std::vector<std::byte> deep;
    for (int i = 0; i < 10000; ++i) {
        deep.push_back(std::byte{18});
        deep.push_back(std::byte{1});
    }
    deep.push_back(std::byte{0});
    CHECK_FALSE(decode(deep).ok());
    // Random garbage never crashes.
    std::mt19937 random(42);
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::byte> garbage(random() % 64);
        for (auto& b : garbage)
            b = static_cast<std::byte>(random());
        (void)decode(garbage);
    }
}

TEST_CASE("nesting is bounded across data payloads: a codec's nested values count their depth")
{
    Value v = Value::u8(1);
    for (int i = 0; i < 40; ++i)
        v = box(v);
    CHECK(round_trip(v) == v);
    for (int i = 0; i < 40; ++i)
        v = box(v);
    std::vector<std::byte> bytes;
    REQUIRE(wire::encode_value(v, bytes, &types()).ok());
    const auto back = wire::decode_value(bytes, &types());
    REQUIRE_FALSE(back.ok());
    CHECK(back.error().message.find("nested too deeply") != std::string::npos);
}
