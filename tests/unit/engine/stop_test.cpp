// Stop hooks (runtime/engine/stop.h): levels delivered once and in order, late registrations catch up, and a
// reset hook is never called again.

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <utility>
#include <vector>

#include "runtime/engine/stop.h"

using mel::engine::StopHook;
using mel::engine::StopHooks;
using mel::engine::StopLevel;

namespace {

struct Calls {
    std::vector<std::pair<StopLevel, int>> seen;
    StopHooks::Callback recorder()
    {
        return [this](StopLevel level, int signal) { seen.emplace_back(level, signal); };
    }
};

} // namespace

TEST_CASE("stop hooks: each level once, in order, with the signal of the interrupt")
{
    StopHooks hooks;
    Calls calls;
    StopHook hook = hooks.add("sleep 60", calls.recorder());
    CHECK(calls.seen.empty());
    CHECK(hooks.pending() == std::vector<std::string>{"sleep 60"});
    hooks.raise(StopLevel::Interrupt, 2);
    hooks.raise(StopLevel::Interrupt, 2);
    hooks.raise(StopLevel::Kill, 0);
    hooks.raise(StopLevel::Kill, 0);
    REQUIRE(calls.seen.size() == 2);
    CHECK(calls.seen[0] == std::pair{StopLevel::Interrupt, 2});
    CHECK(calls.seen[1].first == StopLevel::Kill);
}

TEST_CASE("stop hooks: a hook registered during a stop is called at once with every level raised")
{
    StopHooks hooks;
    hooks.raise(StopLevel::Interrupt, 15);
    Calls interrupted;
    StopHook first = hooks.add("a", interrupted.recorder());
    REQUIRE(interrupted.seen.size() == 1);
    CHECK(interrupted.seen[0] == std::pair{StopLevel::Interrupt, 15});

    hooks.raise(StopLevel::Kill, 0);
    Calls killed;
    StopHook second = hooks.add("b", killed.recorder());
    REQUIRE(killed.seen.size() == 2);
    CHECK(killed.seen[0] == std::pair{StopLevel::Interrupt, 15});
    CHECK(killed.seen[1].first == StopLevel::Kill);
    CHECK(hooks.pending() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("stop hooks: a reset hook is not called and no longer pending; moves keep the registration")
{
    StopHooks hooks;
    Calls calls;
    StopHook hook = hooks.add("x", calls.recorder());
    StopHook moved = std::move(hook);
    CHECK_FALSE(hook);
    CHECK(moved);
    CHECK(hooks.pending().size() == 1);
    moved.reset();
    CHECK(hooks.pending().empty());
    hooks.raise(StopLevel::Interrupt, 2);
    CHECK(calls.seen.empty());
}

TEST_CASE("stop hooks: reset waits for a call in progress")
{
    StopHooks hooks;
    std::atomic<bool> inside{false};
    std::atomic<bool> finished{false};
    StopHook hook = hooks.add("slow", [&](StopLevel, int) {
        inside = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        finished = true;
    });
    std::thread raiser([&] { hooks.raise(StopLevel::Interrupt, 2); });
    while (!inside)
        std::this_thread::yield();
    hook.reset();
    CHECK(finished);
    raiser.join();
}
