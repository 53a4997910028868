// distrib/codec: every Value kind and every data type with a codec survives a round trip; batches keep their
// kind (byte batches as one buffer, shared with the frame); hostile bytes are refused, never crash.

#include <doctest/doctest.h>

#include <cstring>
#include <random>

#include <sys/socket.h>
#include <unistd.h>

#include "packages/distrib/codec.h"
#include "packages/net/ip.h"
#include "packages/process/command.h"
#include "packages/process/environment.h"
#include "packages/work/access.h"
#include "packages/work/specs.h"
#include "stdlib/data/map.h"
#include "stdlib/data/string_map.h"
#include "stdlib/engine/log.h"

using namespace mel;
using namespace mel::packages::distrib;
using mel::engine::Batch;
using mel::engine::BatchKind;

namespace {

Value round_trip(const Value& v)
{
    std::vector<std::byte> bytes;
    REQUIRE(encode_value(v, bytes).ok());
    auto back = decode_value(bytes);
    REQUIRE(back.ok());
    return back.value();
}

bool same_text(const Value& a, const Value& b)
{
    return a.kind() == Value::Kind::Data && b.kind() == Value::Kind::Data &&
           a.as_data()->type_name() == b.as_data()->type_name() && a.as_data()->to_text() == b.as_data()->to_text();
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

TEST_CASE("data values of every type with a codec round-trip")
{
    using stdlib::data::Map;
    using stdlib::data::StringMap;
    const auto command = packages::process::Command::make("sh", {"-c", "echo 'a b'"});
    CHECK(round_trip(command) == command);
    const auto env = packages::process::Environment::make({{"A", "1"}, {"B", "${A}"}}, std::string("/tmp"), true,
                                                          false);
    CHECK(round_trip(env) == env);
    const auto env2 = packages::process::Environment::make({}, std::nullopt, false, true);
    CHECK(round_trip(env2) == env2);
    const auto smap = StringMap::make({{"k", "v"}, {"", ""}});
    CHECK(round_trip(smap) == smap);
    const auto map = Map::make({{"n", Value::u64(3)}, {"c", command}, {"s", Value::string("x")}});
    CHECK(round_trip(map) == map);
    const auto level = stdlib::engine::Level::make(stdlib::engine::LogLevel::Warning);
    CHECK(round_trip(level) == level);
    const auto arch = packages::work::ArchData::make("arm64");
    CHECK(round_trip(arch) == arch);
    const auto v4 = packages::net::IpData::make_v4(*packages::net::IpAddress::parse_v4("10.1.2.3"));
    CHECK(same_text(round_trip(v4), v4));
    const auto v6 = packages::net::IpData::make_ip(*packages::net::IpAddress::parse_v6("fe80::1"));
    CHECK(same_text(round_trip(v6), v6));
    int pair[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
    ::close(pair[1]);
    packages::work::AccessData data{{"127.0.0.1", "::1"}, 4242, "remote", "self", false,
                                    std::make_shared<packages::work::AttachedSocket>(pair[0])};
    const auto access = packages::work::Access::make(data);
    const auto back = round_trip(access);
    const auto* a = packages::work::Access::from(back);
    REQUIRE(a != nullptr);
    CHECK(a->data().addresses == data.addresses);
    CHECK(a->data().port == 4242);
    CHECK(a->data().remote_key == "remote");
    CHECK(a->data().self_key == "self");
    CHECK_FALSE(a->data().tls);
    CHECK(a->data().attached == nullptr); // a socket of this process means nothing elsewhere
    CHECK(data_codec_names().size() >= 10);
}

TEST_CASE("a data type without codec cannot be encoded")
{
    struct Opaque final : DataObject {
        std::string_view type_name() const override { return "Opaque"; }
    };
    std::vector<std::byte> bytes;
    auto s = encode_value(Value::data(std::make_shared<const Opaque>()), bytes);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.find("Opaque") != std::string::npos);
}

TEST_CASE("batches keep their kind; a byte batch shares the frame")
{
    const std::vector<Batch> batches = {
        Batch::of(std::vector<std::uint64_t>{1, 2, 3}),
        Batch::of(std::vector<bool>{true, false}),
        Batch::of(std::vector<std::string>{"a", "", "ccc"}),
        Batch::of(std::vector<char32_t>{U'x', U'€'}),
        Batch::of(std::vector<mel::i128>{-1, 2}),
        Batch::voids(4),
        Batch::of_values(BatchKind::Values, {Value::some(Value::u8(1)), Value::none()}),
    };
    for (const auto& b : batches) {
        std::vector<std::byte> bytes;
        REQUIRE(encode_batch(b, bytes).ok());
        const Batch frame = Batch::of_bytes(std::move(bytes));
        Reader in(frame.bytes());
        auto back = decode_batch(in, frame);
        REQUIRE(back.ok());
        CHECK(back.value().kind() == b.kind());
        CHECK(back.value().to_values() == b.to_values());
        CHECK(in.remaining() == 0);
    }
    std::vector<std::byte> payload(100000);
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = static_cast<std::byte>(i * 7);
    const Batch bytes_batch = Batch::of_bytes(payload);
    std::vector<std::byte> wire{std::byte{0xEE}};
    encode_batch_header(bytes_batch, wire);
    wire.insert(wire.end(), payload.begin(), payload.end());
    const Batch frame = Batch::of_bytes(std::move(wire));
    Reader in(frame.bytes());
    std::uint8_t skip = 0;
    in.u8(skip);
    auto back = decode_batch(in, frame);
    REQUIRE(back.ok());
    CHECK(back.value().kind() == BatchKind::Byte);
    REQUIRE(back.value().size() == payload.size());
    CHECK(std::memcmp(back.value().bytes().data(), payload.data(), payload.size()) == 0);
    CHECK(back.value().bytes().data() == frame.bytes().data() + 1 + 5); // a slice: no copy
}

TEST_CASE("hostile value bytes are refused")
{
    CHECK_FALSE(decode_value(bytes_of({})).ok());
    CHECK_FALSE(decode_value(bytes_of({200})).ok());                      // unknown kind
    CHECK_FALSE(decode_value(bytes_of({3, 1, 2})).ok());                  // truncated i32
    CHECK_FALSE(decode_value(bytes_of({16, 255, 255, 255, 255})).ok());   // string longer than the input
    CHECK_FALSE(decode_value(bytes_of({17, 255, 255, 255, 127})).ok());   // vector longer than the input
    CHECK_FALSE(decode_value(bytes_of({13, 2})).ok());                    // bool 2
    CHECK_FALSE(decode_value(bytes_of({15, 0, 0xD8, 0, 0})).ok());        // surrogate char
    CHECK_FALSE(decode_value(bytes_of({18, 1})).ok());                    // some without payload
    CHECK_FALSE(decode_value(bytes_of({0, 0})).ok());                     // trailing bytes
    CHECK_FALSE(decode_value(bytes_of({19, 1, 0, 0, 0, 'X', 0, 0, 0, 0})).ok()); // unknown data type
    // Deep nesting is bounded.
    std::vector<std::byte> deep;
    for (int i = 0; i < 10000; ++i) {
        deep.push_back(std::byte{18});
        deep.push_back(std::byte{1});
    }
    deep.push_back(std::byte{0});
    CHECK_FALSE(decode_value(deep).ok());
    // Random garbage never crashes.
    std::mt19937 random(42);
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::byte> garbage(random() % 64);
        for (auto& b : garbage)
            b = static_cast<std::byte>(random());
        (void)decode_value(garbage);
        const Batch frame = Batch::of_bytes(garbage);
        Reader in(frame.bytes());
        (void)decode_batch(in, frame);
    }
}

TEST_CASE("values are checked against port types")
{
    CHECK(value_matches(Value::u64(1), Type::core(CoreType::U64)));
    CHECK_FALSE(value_matches(Value::u32(1), Type::core(CoreType::U64)));
    CHECK(value_matches(Value::vec({Value::string("a")}), Type::vec(Type::core(CoreType::String))));
    CHECK_FALSE(value_matches(Value::vec({Value::u8(1)}), Type::vec(Type::core(CoreType::String))));
    CHECK(value_matches(Value::none(), Type::option(Type::core(CoreType::Bool))));
    const auto bytes = conform_batch(Batch::of(std::vector<std::uint8_t>{1, 2}), Type::core(CoreType::Byte),
                                     BatchKind::Byte);
    REQUIRE(bytes.has_value());
    CHECK(bytes->kind() == BatchKind::Byte);
    CHECK_FALSE(conform_batch(Batch::of(std::vector<std::uint32_t>{1}), Type::core(CoreType::U64), BatchKind::U64)
                    .has_value());
}
