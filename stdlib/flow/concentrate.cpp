// std/flow/concentrate — reference: libs/std-mel/src/flow/concentrate.rs (std.md §2.3). Several producers of
// one track feed one consumer of that track, through a channel per (track, type) held by the Concentrator
// model, bounded at 500 values.
//
// Lifetimes as the reference's (std.md §2.3): whichever side comes first creates the channel. Producers share
// one sender; when a producer comes first the model keeps the sender only weakly, so the channel closes once
// every producer that got it has ended, and a producer coming after that drops its input. When the consumer
// comes first the model keeps the sender strongly until the first producer takes it; if none ever comes, the
// consumer waits forever — which our engine reports as a hang instead of waiting silently. The receiving end
// is taken once per (track, type): a second consumer gets nothing and emits nothing.
//
// Waiting fibers park like readers and writers of ports (they do not count as activity), so a hang is seen.

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include "runtime/engine/fiber.h"
#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

using ::mel::engine::Fiber;
using ::mel::engine::WaitInfo;

constexpr std::size_t k_capacity = 500;

class Channel {
public:
    /// `co_await channel.push(value)`: Sent, Gone (the receiving end ended; the value is dropped), or Retry
    /// (woken, but another producer took the room first).
    enum class Pushed { Sent, Gone, Retry };
    class Push;
    /// `co_await channel.pop()`: the next value, or nullopt once every sender is gone and nothing is left.
    class Pop;

    Push push(Value value);
    Pop pop();

    void close_senders() { wake_reader([&] { m_closed = true; }); }
    void close_receiver()
    {
        std::deque<Fiber*> writers;
        {
            std::lock_guard lock(m_mutex);
            m_receiver_gone = true;
            m_values.clear();
            writers.swap(m_writers);
        }
        for (Fiber* f : writers)
            f->world.wake(f);
    }

    /// The program ended: waiting fibers are gone, forget them.
    void abandon()
    {
        std::lock_guard lock(m_mutex);
        m_reader = nullptr;
        m_writers.clear();
    }

private:
    template<class F> void wake_reader(F change)
    {
        Fiber* reader = nullptr;
        {
            std::lock_guard lock(m_mutex);
            change();
            reader = std::exchange(m_reader, nullptr);
        }
        if (reader)
            reader->world.wake(reader);
    }

    std::mutex m_mutex;
    std::deque<Value> m_values;
    bool m_closed = false;        // every sender is gone
    bool m_receiver_gone = false; // the consumer ended
    Fiber* m_reader = nullptr;
    std::deque<Fiber*> m_writers;
};

class Channel::Push {
public:
    Push(Channel& c, Value v) : m_c(c), m_value(std::move(v)) {}
    bool await_ready() { return try_push(); }
    bool await_suspend(std::coroutine_handle<> h)
    {
        Fiber& fiber = ::mel::engine::this_fiber();
        auto& world = fiber.world;
        fiber.prepare_park(h, WaitInfo{WaitInfo::Kind::Send, nullptr, nullptr, "a concentrator channel (full)"});
        {
            std::lock_guard lock(m_c.m_mutex);
            if (m_c.m_receiver_gone || m_c.m_values.size() < k_capacity) {
                fiber.wait = WaitInfo{};
                return false; // await_resume retries
            }
            m_c.m_writers.push_back(&fiber);
        }
        world.parked();
        return true;
    }
    Pushed await_resume()
    {
        if (!m_done)
            try_push();
        if (!m_done)
            return Pushed::Retry;
        return m_sent ? Pushed::Sent : Pushed::Gone;
    }

private:
    bool try_push()
    {
        Fiber* reader = nullptr;
        {
            std::lock_guard lock(m_c.m_mutex);
            if (m_c.m_receiver_gone) {
                m_done = true;
                m_sent = false;
                return true;
            }
            if (m_c.m_values.size() >= k_capacity)
                return false;
            m_c.m_values.push_back(std::move(m_value));
            reader = std::exchange(m_c.m_reader, nullptr);
            m_done = true;
            m_sent = true;
        }
        if (reader)
            reader->world.wake(reader);
        return true;
    }

    Channel& m_c;
    Value m_value;
    bool m_done = false;
    bool m_sent = false;
};

class Channel::Pop {
public:
    explicit Pop(Channel& c) : m_c(c) {}
    bool await_ready()
    {
        std::lock_guard lock(m_c.m_mutex);
        return !m_c.m_values.empty() || m_c.m_closed;
    }
    bool await_suspend(std::coroutine_handle<> h)
    {
        Fiber& fiber = ::mel::engine::this_fiber();
        auto& world = fiber.world;
        fiber.prepare_park(h, WaitInfo{WaitInfo::Kind::Receive, nullptr, nullptr, "a concentrator channel"});
        {
            std::lock_guard lock(m_c.m_mutex);
            if (!m_c.m_values.empty() || m_c.m_closed) {
                fiber.wait = WaitInfo{};
                return false;
            }
            m_c.m_reader = &fiber;
        }
        world.parked();
        return true;
    }
    /// Up to everything available, at least one value; empty once closed and drained.
    std::vector<Value> await_resume()
    {
        std::vector<Value> out;
        std::deque<Fiber*> writers;
        {
            std::lock_guard lock(m_c.m_mutex);
            out.assign(std::make_move_iterator(m_c.m_values.begin()), std::make_move_iterator(m_c.m_values.end()));
            m_c.m_values.clear();
            writers.swap(m_c.m_writers);
        }
        for (Fiber* f : writers)
            f->world.wake(f);
        return out;
    }

private:
    Channel& m_c;
};

Channel::Push Channel::push(Value value) { return Push(*this, std::move(value)); }
Channel::Pop Channel::pop() { return Pop(*this); }

/// Puts `value` in `channel`, waiting for room: false when the receiving end is gone.
Task<bool> put(Channel& channel, Value value)
{
    for (;;) {
        const auto pushed = co_await channel.push(value);
        if (pushed != Channel::Pushed::Retry)
            co_return pushed == Channel::Pushed::Sent;
    }
}

/// What the producers hold: the channel closes when the last copy goes.
struct Sender {
    std::shared_ptr<Channel> channel;
    ~Sender() { channel->close_senders(); }
};

struct Entry {
    std::shared_ptr<Channel> channel = std::make_shared<Channel>();
    std::variant<std::shared_ptr<Sender>, std::weak_ptr<Sender>> sender;
    bool receiver_taken = false;
};

class Concentrator final : public ::mel::engine::ModelObject {
public:
    /// After every track ended (also after a hang or a cancellation, whose fibers are destroyed without being
    /// woken): no channel may wake anyone any more.
    void shutdown(::mel::engine::Model&) override { abandon_all(); }
    ~Concentrator() override { abandon_all(); }

    /// The sender of (track, type) for a producer; null when the channel already closed.
    std::shared_ptr<Sender> sender(::mel::engine::TrackId track, const std::string& type)
    {
        std::lock_guard lock(m_mutex);
        auto [it, created] = m_entries.try_emplace({track, type});
        Entry& e = it->second;
        if (created) {
            auto s = std::make_shared<Sender>(e.channel);
            e.sender = std::weak_ptr<Sender>(s);
            return s;
        }
        if (auto* strong = std::get_if<std::shared_ptr<Sender>>(&e.sender)) {
            auto s = *strong;
            e.sender = std::weak_ptr<Sender>(s);
            return s;
        }
        return std::get<std::weak_ptr<Sender>>(e.sender).lock();
    }

    /// The receiving end of (track, type) for a consumer; null when already taken.
    std::shared_ptr<Channel> receiver(::mel::engine::TrackId track, const std::string& type)
    {
        std::lock_guard lock(m_mutex);
        auto [it, created] = m_entries.try_emplace({track, type});
        Entry& e = it->second;
        if (created)
            e.sender = std::make_shared<Sender>(e.channel);
        if (e.receiver_taken)
            return nullptr;
        e.receiver_taken = true;
        return e.channel;
    }

private:
    void abandon_all()
    {
        std::lock_guard lock(m_mutex);
        for (auto& [key, entry] : m_entries)
            entry.channel->abandon();
    }

    std::mutex m_mutex;
    std::map<std::pair<::mel::engine::TrackId, std::string>, Entry> m_entries;
};

Concentrator& concentrator_of(TreatmentContext& ctx)
{
    return ctx.model("concentrator").object<Concentrator>();
}

Task<> concentrate_body(TreatmentContext& ctx)
{
    auto& data = ctx.input("data");
    auto sender = concentrator_of(ctx).sender(ctx.track_id(), ctx.generic(0).to_string());
    if (!sender)
        co_return; // the channel closed before this producer came: its input is dropped
    while (auto batch = co_await data.recv_many()) {
        for (std::size_t i = 0; i < batch->size(); ++i) {
            const bool sent = co_await put(*sender->channel, batch->value_at(i));
            if (!sent)
                co_return;
        }
    }
}

Task<> concentrate_block_body(TreatmentContext& ctx)
{
    auto& data = ctx.input("data");
    auto sender = concentrator_of(ctx).sender(ctx.track_id(), ctx.generic(0).to_string());
    if (!sender)
        co_return;
    auto value = co_await data.recv_one();
    if (value)
        co_await put(*sender->channel, std::move(*value));
}

Task<> concentrated_body(TreatmentContext& ctx)
{
    auto& trigger = ctx.input("trigger");
    auto& data = ctx.output("data");
    const auto triggered = co_await trigger.recv_one();
    if (!triggered)
        co_return;
    auto channel = concentrator_of(ctx).receiver(ctx.track_id(), ctx.generic(0).to_string());
    if (!channel)
        co_return;
    for (;;) {
        auto values = co_await channel->pop();
        if (values.empty())
            break;
        const bool sent = co_await send_values(data, std::move(values));
        if (!sent)
            break;
    }
    channel->close_receiver();
}

} // namespace

void register_flow_concentrate(Registry& registry)
{
    auto area = registry.area("std/flow/concentrate");
    area.model("Concentrator")
        .doc("Gathers values of several producers of a track for one consumer of that track.\n\n"
             "Each (track, type) pair has a channel of its own, holding up to 500 values: `concentrate` and "
             "`concentrateBlock` put values in it, `concentrated` takes them out.")
        .implementation(::mel::engine::make_model<Concentrator>());

    area.treatment("concentrate")
        .model("concentrator", "Concentrator")
        .generic("T")
        .input("data", "Stream<T>")
        .doc("Put every value of `data` in the concentrator's channel of this track for `T`.\n\n"
             "Waits while 500 values are pending. Producers share the channel, which closes when the last of "
             "them ended; a producer that comes after that drops its input.")
        .implementation(native(concentrate_body));

    area.treatment("concentrateBlock")
        .model("concentrator", "Concentrator")
        .generic("T")
        .input("data", "Block<T>")
        .doc("Put the value of `data` in the concentrator's channel of this track for `T` (see `concentrate`).")
        .implementation(native(concentrate_block_body));

    area.treatment("concentrated")
        .model("concentrator", "Concentrator")
        .generic("T")
        .input("trigger", "Block<T>")
        .output("data", "Stream<T>")
        .doc("Once `trigger` arrives (its value is not used), stream the values of the concentrator's channel of "
             "this track for `T`, until every producer has ended.\n\n"
             "Only the first `concentrated` of a track and type gets the values; another one emits nothing. If no "
             "producer ever comes, this waits for ever (reported as a hang).")
        .implementation(native(concentrated_body));
}

} // namespace mel::stdlib
