// distrib/messages: every message survives encoding; malformed, unknown or truncated frames are refused.

#include <doctest/doctest.h>

#include <random>

#include "packages/distrib/messages.h"
#include "packages/process/command.h"
#include "stdlib/data/string_map.h"
#include "tests/unit/packages/testing/program.h"

using namespace mel;
using namespace mel::packages::distrib;
using mel::engine::Batch;
using mel::packages::testing::natives;

namespace {

Message round_trip(const Message& m)
{
    auto frame = encode_message(m, &natives());
    REQUIRE(frame.ok());
    std::vector<std::byte> bytes = frame.value().head;
    if (!frame.value().tail.empty()) {
        auto tail = frame.value().tail.bytes();
        bytes.insert(bytes.end(), tail.begin(), tail.end());
    }
    auto back = decode_message(Batch::of_bytes(std::move(bytes)), &natives());
    REQUIRE(back.ok());
    CHECK(message_name(back.value()) == message_name(m));
    return back.value();
}

Result<Message> decode_text(std::string_view text)
{
    std::vector<std::byte> bytes;
    for (char c : text)
        bytes.push_back(static_cast<std::byte>(c));
    return decode_message(Batch::of_bytes(std::move(bytes)), &natives());
}

} // namespace

TEST_CASE("control messages round-trip")
{
    auto ask = std::get<AskDistribution>(round_trip(AskDistribution{"0.10.2", k_protocol_version, "k", "r", "g"}));
    CHECK(ask.key == "k");
    CHECK(ask.group_id == "g");
    auto confirm = std::get<ConfirmDistribution>(round_trip(ConfirmDistribution{true, "v", "p", "key", "r", "g", ""}));
    CHECK(confirm.accept);
    CHECK(confirm.key == "key");

    LoadAndLaunch load;
    load.program.packages.push_back({"app", "1.2.3", false, {{"std", "^0.10.2"}},
                                     {{{}, "use std/flow::emit\n"}, {{"a", "b"}, "treatment t() {}\n// é\n"}}});
    load.entrypoint = "app/a/b::t";
    load.version = "1.2.3";
    load.parameters = {{"n", Value::u64(42)},
                       {"cmd", packages::process::Command::make("ls", {"-l"})},
                       {"env", stdlib::data::StringMap::make({{"A", "B"}})}};
    auto back = std::get<LoadAndLaunch>(round_trip(load));
    REQUIRE(back.program.packages.size() == 1);
    CHECK(back.program.packages[0].areas[1].path == std::vector<std::string>{"a", "b"});
    CHECK(back.program.packages[0].areas[1].text == "treatment t() {}\n// é\n");
    CHECK(back.program.packages[0].dependencies[0].second == "^0.10.2");
    CHECK(back.entrypoint == "app/a/b::t");
    CHECK(back.version == "1.2.3");
    CHECK(back.parameters == load.parameters);

    auto status = std::get<LaunchStatus>(round_trip(LaunchStatus{true, "", {{"text", "Block<string>"}}, {}}));
    CHECK(status.inputs[0].type == "Block<string>");
    auto inst = std::get<Instanciate>(round_trip(Instanciate{7, std::vector<std::string>{"a"}, std::nullopt}));
    CHECK(inst.id == 7);
    CHECK(inst.inputs == std::vector<std::string>{"a"});
    CHECK_FALSE(inst.outputs.has_value());
    auto is = std::get<InstanciateStatus>(round_trip(InstanciateStatus{7, false, "no"}));
    CHECK(is.message == "no");
    auto close = std::get<ClosePort>(round_trip(ClosePort{false, 3, "out"}));
    CHECK_FALSE(close.input);
    CHECK(close.name == "out");
    engine::LogRecord record{std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123)),
                             engine::LogLevel::Warning, "label", "message", {}};
    auto log = std::get<LogMessage>(round_trip(LogMessage{record}));
    CHECK(log.record.time == record.time);
    CHECK(log.record.level == engine::LogLevel::Warning);
    CHECK(log.record.label == "label");
    for (auto s : {Signal::LogEnded, Signal::DebugEnded, Signal::Probe, Signal::Ended})
        CHECK(std::get<Signal>(round_trip(s)) == s);
}

TEST_CASE("data frames carry typed batches; bytes as one buffer")
{
    std::vector<std::byte> payload(3u << 20, std::byte{0x5A});
    PortData data{true, 12, "data", Batch::of_bytes(payload)};
    auto frame = encode_message(data, &natives());
    REQUIRE(frame.ok());
    CHECK(frame.value().head.size() < 64); // the bytes are not copied into the head
    CHECK(frame.value().tail.size() == payload.size());
    auto back = std::get<PortData>(round_trip(data));
    CHECK(back.input);
    CHECK(back.id == 12);
    CHECK(back.name == "data");
    CHECK(back.batch.size() == payload.size());
    auto strings = std::get<PortData>(round_trip(PortData{false, 1, "o", Batch::of(std::vector<std::string>{"x"})}));
    CHECK_FALSE(strings.input);
    CHECK(strings.batch.to_values() == std::vector<Value>{Value::string("x")});
}

TEST_CASE("malformed frames are refused with a reason")
{
    CHECK_FALSE(decode_text("").ok());
    CHECK_FALSE(decode_text("X{}").ok());
    CHECK_FALSE(decode_text("J").ok());
    CHECK_FALSE(decode_text("J{").ok());
    CHECK_FALSE(decode_text("J[]").ok());
    CHECK_FALSE(decode_text("J{\"type\":3}").ok());
    auto unknown = decode_text("J{\"type\":\"Hello\"}");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("unknown message") != std::string::npos);
    CHECK_FALSE(decode_text("J{\"type\":\"Instanciate\",\"id\":-1}").ok());
    CHECK_FALSE(decode_text("J{\"type\":\"AskDistribution\",\"key\":\"k\"}").ok());
    CHECK_FALSE(decode_text("J{\"type\":\"Log\",\"time_ms\":0,\"level\":9,\"label\":\"\",\"message\":\"\"}").ok());
    CHECK_FALSE(decode_text("J{\"type\":\"LoadAndLaunch\",\"program\":[],\"entrypoint\":\"a::b\",\"version\":\"1\","
                            "\"parameters\":{\"p\":\"!!!!\"}}")
                    .ok());
    CHECK_FALSE(decode_text("J{\"type\":\"Probe\"}\xff").ok()); // invalid UTF-8
    CHECK_FALSE(decode_text("I\x01\x00").ok());                  // truncated data frame
    std::mt19937 random(7);
    for (int round = 0; round < 3000; ++round) {
        std::string garbage(random() % 48, '\0');
        for (auto& c : garbage)
            c = static_cast<char>(random());
        if (!garbage.empty())
            garbage[0] = "JIO?"[random() % 4];
        (void)decode_text(garbage);
    }
}

TEST_CASE("a worker's debug event is tagged with its run id, or refused when it is not a JSON object")
{
    const auto tagged = tag_debug_event(R"({"event":"TrackAdded","time":"t","track":3})", "run-1");
    REQUIRE(tagged.has_value());
    CHECK(*tagged == R"({"event":"TrackAdded","time":"t","track":3,"worker_run":"run-1"})");
    // A worker cannot choose its own tag.
    const auto retagged = tag_debug_event(R"({"worker_run":"forged","event":"X"})", "run-2");
    REQUIRE(retagged.has_value());
    CHECK(*retagged == R"({"event":"X","worker_run":"run-2"})");
    CHECK_FALSE(tag_debug_event("[1,2]", "run").has_value());
    CHECK_FALSE(tag_debug_event(R"({"event":)", "run").has_value());
    CHECK_FALSE(tag_debug_event("", "run").has_value());
}
