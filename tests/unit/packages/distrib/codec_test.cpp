// distrib/codec: every data type that its package registers with a codec survives a round trip through the
// registry `melodium` runs with; batches keep their kind (byte batches as one buffer, shared with the frame);
// hostile batch bytes are refused, never crash; batches are checked against port types.

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
#include "tests/unit/packages/testing/program.h"

using namespace mel;
using namespace mel::packages::distrib;
using mel::engine::Batch;
using mel::engine::BatchKind;
using mel::packages::testing::natives;

namespace {

Value round_trip(const Value& v)
{
    std::vector<std::byte> bytes;
    REQUIRE(wire::encode_value(v, bytes, &natives()).ok());
    auto back = wire::decode_value(bytes, &natives());
    REQUIRE(back.ok());
    return back.value();
}

bool same_text(const Value& a, const Value& b)
{
    return a.kind() == Value::Kind::Data && b.kind() == Value::Kind::Data &&
           a.as_data()->type_name() == b.as_data()->type_name() && a.as_data()->to_text() == b.as_data()->to_text();
}

} // namespace

TEST_CASE("data values of every type that travels round-trip")
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
    data.pinned_certificate = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const auto access = packages::work::Access::make(data);
    const auto back = round_trip(access);
    const auto* a = packages::work::Access::from(back);
    REQUIRE(a != nullptr);
    CHECK(a->data().addresses == data.addresses);
    CHECK(a->data().port == 4242);
    CHECK(a->data().remote_key == "remote");
    CHECK(a->data().self_key == "self");
    CHECK_FALSE(a->data().tls);
    CHECK(a->data().pinned_certificate == data.pinned_certificate); // public: it travels
    CHECK(a->data().attached == nullptr); // a socket of this process means nothing elsewhere
    const std::vector<std::string> travelling = {"Access", "Arch", "Command", "Environment", "Ip",
                                                 "Ipv4",   "Ipv6", "Level",   "Map",         "StringMap"};
    CHECK(natives().travelling_data_types() == travelling);
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
        REQUIRE(encode_batch(b, bytes, &natives()).ok());
        const Batch frame = Batch::of_bytes(std::move(bytes));
        wire::Reader in(frame.bytes());
        auto back = decode_batch(in, frame, &natives());
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
    wire::Reader in(frame.bytes());
    std::uint8_t skip = 0;
    in.u8(skip);
    auto back = decode_batch(in, frame, &natives());
    REQUIRE(back.ok());
    CHECK(back.value().kind() == BatchKind::Byte);
    REQUIRE(back.value().size() == payload.size());
    CHECK(std::memcmp(back.value().bytes().data(), payload.data(), payload.size()) == 0);
    CHECK(back.value().bytes().data() == frame.bytes().data() + 1 + 5); // a slice: no copy
}

TEST_CASE("hostile batch bytes are refused, never crash")
{
    auto decode = [](std::initializer_list<int> list) {
        std::vector<std::byte> bytes;
        for (int b : list)
            bytes.push_back(static_cast<std::byte>(b));
        const Batch frame = Batch::of_bytes(std::move(bytes));
        wire::Reader in(frame.bytes());
        return decode_batch(in, frame, &natives());
    };
    CHECK_FALSE(decode({}).ok());
    CHECK_FALSE(decode({200, 0, 0, 0, 0}).ok());                        // unknown batch kind
    CHECK_FALSE(decode({9, 2, 0, 0, 0, 1, 0, 0, 0}).ok());              // two u64, 4 bytes
    CHECK_FALSE(decode({17, 1, 0, 0, 0, 19, 1, 0, 0, 0, 'X', 0, 0, 0, 0}).ok()); // unknown data type
    std::mt19937 random(42);
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::byte> garbage(random() % 64);
        for (auto& b : garbage)
            b = static_cast<std::byte>(random());
        const Batch frame = Batch::of_bytes(garbage);
        wire::Reader in(frame.bytes());
        (void)decode_batch(in, frame, &natives());
    }
}

TEST_CASE("batches are checked against port types")
{
    const auto values = Batch::of_values(BatchKind::Values, {Value::some(Value::u8(1)), Value::none()});
    CHECK(conform_batch(values, Type::option(Type::core(CoreType::U8)), BatchKind::Values).has_value());
    CHECK_FALSE(
        conform_batch(values, Type::option(Type::core(CoreType::U16)), BatchKind::Values).has_value());
    const auto bytes = conform_batch(Batch::of(std::vector<std::uint8_t>{1, 2}), Type::core(CoreType::Byte),
                                     BatchKind::Byte);
    REQUIRE(bytes.has_value());
    CHECK(bytes->kind() == BatchKind::Byte);
    CHECK_FALSE(conform_batch(Batch::of(std::vector<std::uint32_t>{1}), Type::core(CoreType::U64), BatchKind::U64)
                    .has_value());
}
