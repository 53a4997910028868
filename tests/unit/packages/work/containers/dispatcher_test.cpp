// work/containers dispatcher: the label's two formats, /proc/<pid>/stat lines, and the judgement of a
// dispatcher against a fake machine (and once against this process).

#include <doctest/doctest.h>

#include <map>

#include <sys/wait.h>
#include <unistd.h>

#include "packages/work/containers/dispatcher.h"

using namespace mel::packages::work::containers;

namespace {

/// A machine "ci-1" in pid namespace 4026531836 whose processes are `table`.
Here machine(std::map<int, ProcessInfo> table)
{
    return {"ci-1", 4026531836u, [table = std::move(table)](int pid) -> std::optional<ProcessInfo> {
                const auto found = table.find(pid);
                if (found == table.end())
                    return std::nullopt;
                return found->second;
            }};
}

Liveness liveness(const std::string& label, const Here& here)
{
    return judge(label, here).liveness;
}

} // namespace

TEST_CASE("dispatcher label: host:pid:start time:pid namespace, written and read back")
{
    const DispatcherId id{"ci-1", 4242, 987654, 4026531836u};
    CHECK(format_label(id) == "ci-1:4242:987654:4026531836");
    const auto parsed = parse_label("ci-1:4242:987654:4026531836");
    REQUIRE(parsed);
    CHECK(parsed->host == "ci-1");
    CHECK(parsed->pid == 4242);
    CHECK(parsed->start_time == std::optional<std::uint64_t>(987654));
    CHECK(parsed->pid_namespace == std::optional<std::uint64_t>(4026531836u));
    CHECK(short_name(*parsed) == "ci-1:4242");
}

TEST_CASE("dispatcher label: the older host:pid is read without start time nor namespace")
{
    const auto parsed = parse_label("build.example.org:17");
    REQUIRE(parsed);
    CHECK(parsed->host == "build.example.org");
    CHECK(parsed->pid == 17);
    CHECK_FALSE(parsed->start_time);
    CHECK_FALSE(parsed->pid_namespace);
    CHECK(format_label(*parsed) == "build.example.org:17");
}

TEST_CASE("dispatcher label: what is neither format is not understood")
{
    for (const char* text : {"", "ci-1", ":12", "ci-1:", "ci-1:x", "ci-1:-3", "ci-1:0", "ci-1:12:x:5",
                             ":12:34:56", "ci-1:99999999999:1:2", "ci-1:12:34", "a:b:12:34:56"})
        CHECK_MESSAGE(!parse_label(text), text);
}

TEST_CASE("proc stat: the state and field 22, whatever the command's name holds")
{
    const auto running =
        parse_stat("4242 (melodium) S 1 4242 4242 0 -1 4194560 500 0 0 0 10 5 0 0 20 0 9 0 987654 1000 50 0");
    REQUIRE(running);
    CHECK(running->start_time == std::optional<std::uint64_t>(987654));
    CHECK_FALSE(running->zombie);
    const auto odd = parse_stat("7 (a) b (c)) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 555 0 0 0");
    REQUIRE(odd);
    CHECK(odd->start_time == std::optional<std::uint64_t>(555));
    CHECK(odd->zombie);
    CHECK_FALSE(parse_stat("4242 melodium S 1"));
    CHECK_FALSE(parse_stat("4242 (melodium) S 1 4242"));
    CHECK_FALSE(parse_stat("4242 (melodium) S 1 4242 4242 0 -1 0 0 0 0 0 0 0 0 0 20 0 9 0 x"));
}

TEST_CASE("judge: a live process with the label's start time is alive; none, a zombie or a reused pid is gone")
{
    const Here here = machine({{100, {1000, false}}, {200, {2000, true}}, {300, {std::nullopt, false}}});
    CHECK(liveness("ci-1:100:1000:4026531836", here) == Liveness::Alive);
    CHECK(judge("ci-1:100:1000:4026531836", here).why == "running");
    CHECK(liveness("ci-1:101:1000:4026531836", here) == Liveness::Gone);
    CHECK(judge("ci-1:101:1000:4026531836", here).why == "gone");
    CHECK(liveness("ci-1:100:999:4026531836", here) == Liveness::Gone);
    CHECK(judge("ci-1:100:999:4026531836", here).why == "gone (its pid is another process's now)");
    CHECK(liveness("ci-1:200:2000:4026531836", here) == Liveness::Gone);
    // A process /proc does not show (hidepid) but that exists: its start time cannot be compared, alive.
    CHECK(liveness("ci-1:300:1:4026531836", here) == Liveness::Alive);
}

TEST_CASE("judge: the older label is gone only when no process has its pid")
{
    const Here here = machine({{100, {1000, false}}});
    CHECK(liveness("ci-1:100", here) == Liveness::Alive);
    CHECK(liveness("ci-1:101", here) == Liveness::Gone);
}

TEST_CASE("judge: another host, another pid namespace, no label, an unreadable one: not judged from here")
{
    const Here here = machine({{100, {1000, false}}});
    CHECK(liveness("ci-2:101:1000:4026531836", here) == Liveness::Elsewhere);
    CHECK(judge("ci-2:101:1000:4026531836", here).why == "on another host");
    CHECK(liveness("ci-2:101", here) == Liveness::Elsewhere);
    // Same host name, another pid namespace (a container with host networking): its pid 101 means nothing here.
    CHECK(liveness("ci-1:101:1000:4026532000", here) == Liveness::Elsewhere);
    CHECK(judge(std::nullopt, here).liveness == Liveness::Unknown);
    CHECK(judge("garbage", here).liveness == Liveness::Unknown);
    CHECK(judge("garbage", here).why == "dispatcher label 'garbage' not understood");
}

TEST_CASE("this process: its own label reads back as alive; a pid that has ended is gone")
{
    const Here machine_here = here();
    const DispatcherId self = this_dispatcher();
    REQUIRE(self.start_time);
    REQUIRE(self.pid_namespace);
    CHECK(self.pid == static_cast<int>(::getpid()));
    CHECK(liveness(format_label(self), machine_here) == Liveness::Alive);
    DispatcherId older = self;
    older.start_time = *self.start_time + 1;
    CHECK(liveness(format_label(older), machine_here) == Liveness::Gone);

    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0)
        ::_exit(0);
    DispatcherId ended = self;
    ended.pid = static_cast<int>(child);
    ended.start_time = machine_here.lookup(ended.pid).value_or(ProcessInfo{}).start_time;
    // Not reaped yet: a zombie, gone already.
    for (int i = 0; i < 200 && !machine_here.lookup(ended.pid).value_or(ProcessInfo{}).zombie; ++i)
        ::usleep(5000);
    CHECK(liveness(format_label(ended), machine_here) == Liveness::Gone);
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(liveness(format_label(ended), machine_here) == Liveness::Gone);
}
