// work/local supervisor_protocol: every control message round-trips through its encoding, over a real
// seqpacket pair too; malformed ones are refused; the wire form is the documented one.

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include "packages/work/local/supervisor_protocol.h"

using namespace mel::packages::work::local;
using mel::engine::LogLevel;

TEST_CASE("supervisor protocol: each message round-trips")
{
    const auto log = parse_control(encode_log(LogLevel::Warning, "postgres", "slow start"));
    REQUIRE(log);
    CHECK(log->kind == ControlKind::Log);
    CHECK(log->level == LogLevel::Warning);
    CHECK(log->label == "postgres");
    CHECK(log->text == "slow start");

    const auto ready = parse_control(encode_ready());
    REQUIRE(ready);
    CHECK(ready->kind == ControlKind::Ready);

    const auto failed = parse_control(encode_failed("container build: mount overlay on /x: Permission denied"));
    REQUIRE(failed);
    CHECK(failed->kind == ControlKind::Failed);
    CHECK(failed->text == "container build: mount overlay on /x: Permission denied");

    const auto done = parse_control(encode_done("3", {"worker exited with code 3", "unmounted a leftover mount /m"}));
    REQUIRE(done);
    CHECK(done->kind == ControlKind::Done);
    CHECK(done->worker_exit == "3");
    CHECK(done->notes == std::vector<std::string>{"worker exited with code 3", "unmounted a leftover mount /m"});

    const auto quiet = parse_control(encode_done(k_no_exit_code, {}));
    REQUIRE(quiet);
    CHECK(quiet->worker_exit == "none");
    CHECK(quiet->notes.empty());
}

TEST_CASE("supervisor protocol: the wire form, and every log level by name")
{
    CHECK(encode_log(LogLevel::Info, "pod", "ready") == Strings{"log", "info", "pod", "ready"});
    CHECK(encode_ready() == Strings{"ready"});
    CHECK(encode_failed("why") == Strings{"failed", "why"});
    CHECK(encode_done("0", {"n"}) == Strings{"done", "0", "n"});
    for (const auto level : {LogLevel::Error, LogLevel::Warning, LogLevel::Info, LogLevel::Debug})
        CHECK(parse_control(encode_log(level, "l", "t"))->level == level);
    CHECK(parse_control({"log", "loud", "l", "t"})->level == LogLevel::Info); // unknown names read as info
}

TEST_CASE("supervisor protocol: malformed messages are refused")
{
    CHECK(!parse_control({}));
    CHECK(!parse_control({"log", "info", "label"}));
    CHECK(!parse_control({"ready", "extra"}));
    CHECK(!parse_control({"failed"}));
    CHECK(!parse_control({"failed", "a", "b"}));
    CHECK(!parse_control({"done"}));
    CHECK(!parse_control({"note", "text"}));
    CHECK(!parse_control({"exec", "", "", "1", "true", "0"})); // the exec agent's, not ours
}

TEST_CASE("supervisor protocol: messages over a seqpacket socketpair")
{
    int pair[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) == 0);
    REQUIRE(send_message(pair[0], encode_log(LogLevel::Debug, "pod", "torn down")) == 0);
    REQUIRE(send_message(pair[0], encode_done("0", {})) == 0);
    ::close(pair[0]);
    Strings message;
    REQUIRE(receive_message(pair[1], message) == Received::Message);
    const auto log = parse_control(message);
    REQUIRE(log);
    CHECK(log->kind == ControlKind::Log);
    CHECK(log->text == "torn down");
    REQUIRE(receive_message(pair[1], message) == Received::Message);
    const auto done = parse_control(message);
    REQUIRE(done);
    CHECK(done->kind == ControlKind::Done);
    CHECK(receive_message(pair[1], message) == Received::End);
    ::close(pair[1]);
}
