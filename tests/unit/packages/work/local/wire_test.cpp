// work/local wire and agent_protocol: the message framing, descriptors passed alongside, long socket paths, and
// the exec request encoding.

#include <doctest/doctest.h>

#include <cstring>

#include <sys/socket.h>
#include <unistd.h>

#include "packages/work/local/agent_protocol.h"
#include "packages/work/local/wire.h"
#include "tests/unit/packages/process/program.h"

using namespace mel::packages::work::local;
using mel::packages::process_testing::TempDir;

TEST_CASE("wire: a list of strings survives encoding, empty strings and bytes included")
{
    const Strings original{"log", "", std::string("a\0b", 3), std::string(100000, 'x')};
    Strings decoded;
    REQUIRE(decode_strings(encode_strings(original), decoded));
    CHECK(decoded == original);
    CHECK(decode_strings(encode_strings({}), decoded));
    CHECK(decoded.empty());
}

TEST_CASE("wire: malformed lists are refused")
{
    Strings decoded;
    const std::string good = encode_strings({"abc", "de"});
    CHECK(!decode_strings(good.substr(0, good.size() - 1), decoded)); // truncated
    CHECK(!decode_strings(good + "x", decoded));                     // trailing bytes
    CHECK(!decode_strings("", decoded));
    std::string huge_count(4, '\xff');
    CHECK(!decode_strings(huge_count, decoded));
}

TEST_CASE("wire: messages and descriptors over a seqpacket socketpair; the end is seen")
{
    int pair[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) == 0);
    int pipe_fds[2];
    REQUIRE(::pipe(pipe_fds) == 0);
    REQUIRE(send_message(pair[0], {"exec", "x"}, {pipe_fds[1]}) == 0);
    ::close(pipe_fds[1]);
    Strings message;
    std::vector<int> fds;
    REQUIRE(receive_message(pair[1], message, &fds) == Received::Message);
    CHECK(message == Strings{"exec", "x"});
    REQUIRE(fds.size() == 1);
    CHECK(::write(fds[0], "hi", 2) == 2); // the passed descriptor is the pipe's write end
    ::close(fds[0]);
    char buffer[4] = {};
    CHECK(::read(pipe_fds[0], buffer, sizeof(buffer)) == 2);
    CHECK(std::string(buffer, 2) == "hi");
    ::close(pipe_fds[0]);

    CHECK(receive_message(pair[1], message, nullptr, true) == Received::WouldBlock);
    CHECK(receive_message_within(pair[1], message, 20) == Received::WouldBlock);
    ::close(pair[0]);
    CHECK(receive_message(pair[1], message) == Received::End);
    ::close(pair[1]);
}

TEST_CASE("wire: bind and connect work with paths longer than sun_path")
{
    TempDir dir;
    std::string deep = dir.path().string();
    while (deep.size() < 150)
        deep += "/a-rather-long-directory-name";
    std::filesystem::create_directories(deep);
    const std::string path = deep + "/agent.sock";
    const int listener = bind_unix(path);
    REQUIRE(listener >= 0);
    REQUIRE(::listen(listener, 4) == 0);
    CHECK(std::filesystem::exists(path));
    const int client = connect_unix(path);
    REQUIRE(client >= 0);
    const int server = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    REQUIRE(server >= 0);
    CHECK(send_message(client, {"ping"}) == 0);
    Strings message;
    CHECK(receive_message(server, message) == Received::Message);
    CHECK(message == Strings{"ping"});
    for (int fd : {listener, client, server})
        ::close(fd);
    CHECK(connect_unix(deep + "/no-such.sock") < 0);
}

TEST_CASE("agent protocol: an exec request round-trips; malformed ones are refused")
{
    ExecRequest request;
    request.argv = {"sh", "-c", "echo ${A}"};
    request.variables = {{"A", "1"}, {"B", ""}};
    request.working_directory = "/mnt/data";
    request.expand_variables = true;
    request.stdout_piped = true;
    ExecRequest decoded;
    REQUIRE(decode_exec(encode_exec(request), decoded));
    CHECK(decoded.argv == request.argv);
    CHECK(decoded.variables == request.variables);
    CHECK(decoded.working_directory == request.working_directory);
    CHECK(decoded.expand_variables);
    CHECK(!decoded.clear_env);
    CHECK(!decoded.stdin_piped);
    CHECK(decoded.stdout_piped);
    CHECK(!decoded.stderr_piped);

    request.working_directory.reset();
    REQUIRE(decode_exec(encode_exec(request), decoded));
    CHECK(!decoded.working_directory.has_value());

    Strings bad = encode_exec(request);
    bad.pop_back();
    CHECK(!decode_exec(bad, decoded));
    CHECK(!decode_exec({"exec", "", "", "0", "0"}, decoded)); // no program
    CHECK(!decode_exec({"kill"}, decoded));
}
