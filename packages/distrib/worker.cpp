// distrib/worker — the worker's side (reference: melodium-distribution/src/listen.rs, packages.md §3.4–§3.7):
// the session, and the elements of the generated entry treatment that `melodium dist` runs. Ours: the
// reference feeds tracks through a direct engine API; we keep the engine as it is and express the wiring in
// Mélodium (WorkerEngine's `track` source, feed and sink treatments).

#include "packages/distrib/worker.h"

#include <algorithm>

#include <fmt/format.h>

#include "packages/distrib/codec.h"
#include "packages/distrib/register.h"
#include "packages/distrib/transfer.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::distrib {

namespace {

namespace rt = ::mel::engine;
using rt::Task;
using rt::TreatmentContext;

std::mutex g_session_mutex;
std::shared_ptr<WorkerSession> g_session;

} // namespace

void set_worker_session(std::shared_ptr<WorkerSession> session)
{
    std::lock_guard lock(g_session_mutex);
    g_session = std::move(session);
}

std::shared_ptr<WorkerSession> worker_session()
{
    std::lock_guard lock(g_session_mutex);
    return g_session;
}

WorkerSession::WorkerSession(std::shared_ptr<Connection> connection, std::string entry,
                             std::vector<std::string> inputs, std::vector<std::string> outputs)
    : m_connection(std::move(connection)), m_entry(std::move(entry)), m_inputs(std::move(inputs)),
      m_outputs(std::move(outputs))
{
}

void WorkerSession::start(engine::World& world)
{
    m_world = &world;
    std::weak_ptr<WorkerSession> weak = weak_from_this();
    m_connection->start(
        [weak](Message&& m) {
            auto self = weak.lock();
            return self ? self->on_message(std::move(m)) : true;
        },
        [weak](bool, const std::string& reason) {
            auto self = weak.lock();
            if (!self)
                return;
            {
                std::lock_guard lock(self->m_mutex);
                if (!self->m_ending)
                    self->m_lost = true;
            }
            if (self->lost() && self->m_world)
                self->m_world->log(rt::LogLevel::Error, "distrib",
                                   fmt::format("connection to the dispatcher lost: {}", reason));
            self->end(reason);
        });
}

std::optional<std::string> WorkerSession::check_claims(const Instanciate& request) const
{
    auto check = [&](const std::optional<std::vector<std::string>>& claimed, const std::vector<std::string>& ports,
                     const char* kind) -> std::optional<std::string> {
        if (!claimed)
            return std::nullopt;
        for (const auto& name : *claimed)
            if (std::find(ports.begin(), ports.end(), name) == ports.end())
                return fmt::format("`{}` has no {} `{}`", m_entry, kind, name);
        for (const auto& name : ports)
            if (std::count(claimed->begin(), claimed->end(), name) != 1)
                return fmt::format("{} `{}` of `{}` is connected {} times in the dispatcher's track (it must be "
                                   "connected once, to a {} treatment)",
                                   kind, name, m_entry, std::count(claimed->begin(), claimed->end(), name),
                                   std::string(kind) == "input" ? "sendStream/sendBlock" : "recvStream/recvBlock");
        return std::nullopt;
    };
    if (auto e = check(request.inputs, m_inputs, "input"))
        return e;
    return check(request.outputs, m_outputs, "output");
}

bool WorkerSession::on_message(Message&& message)
{
    if (auto* request = std::get_if<Instanciate>(&message)) {
        std::optional<std::string> refusal = check_claims(*request);
        std::optional<rt::Resumer> waiter;
        {
            std::lock_guard lock(m_mutex);
            if (!refusal && m_ending)
                refusal = "the worker is ending";
            if (!refusal && m_tracks.count(request->id))
                refusal = fmt::format("track {} exists already", request->id);
            if (!refusal) {
                m_tracks[request->id];
                m_requests.push_back(request->id);
                waiter = std::exchange(m_request_waiter, std::nullopt);
            }
        }
        if (refusal)
            (void)m_connection->send(InstanciateStatus{request->id, false, *refusal});
        if (waiter)
            (*waiter)();
        return true;
    }
    if (auto* data = std::get_if<PortData>(&message); data && data->input) {
        if (std::find(m_inputs.begin(), m_inputs.end(), data->name) == m_inputs.end())
            return true; // not an input of the remote treatment: dropped
        auto queue = input(data->id, data->name);
        if (!queue)
            return true;
        std::weak_ptr<Connection> weak = m_connection;
        const auto pushed = queue->push(std::move(data->batch), [weak] {
            if (auto c = weak.lock())
                c->resume_reading();
        });
        return pushed != PortQueue::Push::TakenFull;
    }
    if (auto* close = std::get_if<ClosePort>(&message)) {
        if (close->input) {
            if (auto queue = input(close->id, close->name))
                queue->close();
        } else {
            std::lock_guard lock(m_mutex);
            if (auto it = m_tracks.find(close->id); it != m_tracks.end())
                it->second.unheard_outputs.insert(close->name);
        }
        return true;
    }
    if (auto* signal = std::get_if<Signal>(&message); signal && *signal == Signal::Ended) {
        end("the dispatcher ended the session");
        return true;
    }
    if (auto* signal = std::get_if<Signal>(&message); signal && *signal == Signal::Probe)
        return true;
    m_connection->abort(fmt::format("unexpected {} message from the dispatcher", message_name(message)));
    return false;
}

Task<std::optional<std::uint64_t>> WorkerSession::next_instanciation()
{
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_ending)
                co_return std::nullopt;
            if (!m_requests.empty()) {
                const auto id = m_requests.front();
                m_requests.pop_front();
                co_return id;
            }
        }
        co_await rt::wait_external([this](rt::Resumer resume) {
            std::unique_lock lock(m_mutex);
            if (m_ending || !m_requests.empty()) {
                lock.unlock();
                resume();
                return;
            }
            m_request_waiter.emplace(std::move(resume));
        });
    }
}

void WorkerSession::bind(engine::TrackId track, std::uint64_t id)
{
    std::lock_guard lock(m_mutex);
    m_remote_ids[track] = id;
}

void WorkerSession::instantiated(std::uint64_t id, std::optional<engine::TrackId> track)
{
    (void)m_connection->send(InstanciateStatus{id, track.has_value(), track ? "" : "the track could not be built"});
}

std::optional<std::uint64_t> WorkerSession::remote_id(engine::TrackId track) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_remote_ids.find(track);
    if (it == m_remote_ids.end())
        return std::nullopt;
    return it->second;
}

std::shared_ptr<PortQueue> WorkerSession::input(std::uint64_t id, const std::string& name)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_tracks.find(id);
    if (it == m_tracks.end())
        return nullptr;
    auto& queue = it->second.inputs[name];
    if (!queue) {
        queue = std::make_shared<PortQueue>();
        if (m_ending)
            queue->close();
    }
    return queue;
}

void WorkerSession::refuse_input(std::uint64_t id, const std::string& name)
{
    if (auto queue = input(id, name))
        queue->stop();
    (void)m_connection->send(ClosePort{true, id, name});
}

Task<bool> WorkerSession::send_output(std::uint64_t id, const std::string& name, engine::Batch batch)
{
    auto wanted = [this, id, name] {
        std::lock_guard lock(m_mutex);
        const auto it = m_tracks.find(id);
        return !m_lost && it != m_tracks.end() && !it->second.unheard_outputs.count(name);
    };
    auto sent = co_await send_port_data(m_connection, false, id, name, std::move(batch), wanted);
    if (!sent && !m_connection->ended() && wanted()) {
        // As the dispatcher's inputs (Dispatcher::send_data): a value that cannot be sent on a live connection
        // ends the distribution rather than leaving the dispatcher waiting for the output.
        const std::string why = fmt::format("output `{}` of track {}: {}", name, id, sent.error().message);
        if (m_world)
            m_world->log(rt::LogLevel::Error, "distrib", why);
        m_connection->abort(why);
    }
    co_return sent.ok();
}

void WorkerSession::close_output(std::uint64_t id, const std::string& name)
{
    (void)m_connection->send(ClosePort{false, id, name});
}

void WorkerSession::end(const std::string&)
{
    std::optional<rt::Resumer> waiter;
    std::vector<std::shared_ptr<PortQueue>> queues;
    {
        std::lock_guard lock(m_mutex);
        if (m_ending)
            return;
        m_ending = true;
        waiter = std::exchange(m_request_waiter, std::nullopt);
        for (auto& [id, track] : m_tracks)
            for (auto& [name, queue] : track.inputs)
                queues.push_back(queue);
    }
    for (auto& q : queues)
        q->close();
    if (waiter)
        (*waiter)();
}

bool WorkerSession::ending() const
{
    std::lock_guard lock(m_mutex);
    return m_ending;
}

bool WorkerSession::lost() const
{
    std::lock_guard lock(m_mutex);
    return m_lost;
}

// ---- the elements ----------------------------------------------------------------------------------------------

namespace {

class WorkerModel final : public rt::ModelObject {
public:
    void initialize(rt::Model& model) override { model.continuous(serve(model)); }
    void stop(rt::Model&) override
    {
        if (auto session = worker_session())
            session->end("stopped");
    }

private:
    static Task<> fire(rt::Output& trigger)
    {
        co_await trigger.send_one(Value());
        trigger.close();
    }
    static Task<> serve(rt::Model& model)
    {
        auto session = worker_session();
        if (!session)
            co_return;
        for (;;) {
            auto id = co_await session->next_instanciation();
            if (!id)
                break;
            const std::uint64_t remote = *id;
            auto track = model.create_track("track", {}, {}, [session, remote](rt::SourceOutputs& out) {
                session->bind(out.track_id(), remote);
                return rt::tasks(fire(out.output("trigger")));
            });
            session->instantiated(remote, track);
        }
    }
};

struct Bound {
    std::shared_ptr<WorkerSession> session;
    std::uint64_t id = 0;
};

/// Waits for the track's trigger, then finds the session and the remote track id.
Task<std::optional<Bound>> bind_to_track(TreatmentContext& ctx)
{
    co_await ctx.input("trigger").recv_one();
    auto session = worker_session();
    if (!session)
        co_return std::nullopt;
    auto id = session->remote_id(ctx.track_id());
    if (!id)
        co_return std::nullopt;
    co_return Bound{session, *id};
}

Task<> feed_body(TreatmentContext& ctx, bool block)
{
    auto& out = ctx.output("data");
    const std::string name = ctx.param("name").as_string();
    auto bound = co_await bind_to_track(ctx);
    if (!bound)
        co_return;
    auto queue = bound->session->input(bound->id, name);
    if (!queue)
        co_return;
    const Forwarded end = co_await forward_queue(*queue, out, block);
    if (end == Forwarded::BadValue)
        ctx.log(rt::LogLevel::Error, "distrib",
                fmt::format("input `{}`: the dispatcher sent a value that is not a {}", name, out.type().to_string()));
    if (end != Forwarded::Ended)
        bound->session->refuse_input(bound->id, name);
    out.close();
}

Task<> sink_body(TreatmentContext& ctx)
{
    auto& data = ctx.input("data");
    const std::string name = ctx.param("name").as_string();
    auto bound = co_await bind_to_track(ctx);
    if (!bound)
        co_return;
    for (;;) {
        auto batch = co_await data.recv_many();
        if (!batch)
            break;
        const bool sent = co_await bound->session->send_output(bound->id, name, std::move(*batch));
        if (!sent)
            break;
    }
    data.close();
    bound->session->close_output(bound->id, name);
}

} // namespace

void register_worker_area(Registry& registry)
{
    auto area = registry.area("distrib/worker");

    area.model("WorkerEngine")
        .source("track", {{"trigger", "Block<void>"}})
        .doc("The worker side of a distribution (used by `melodium dist`, not by programs): one `track` per "
             "track the dispatcher asks for, until the dispatcher ends the session.")
        .implementation(rt::make_model<WorkerModel>());

    const char* feed_doc = "Emit what the dispatcher sends to the input `name` of the remote treatment in this "
                           "track (used by `melodium dist`).";
    const char* sink_doc = "Send `data` to the dispatcher as the output `name` of the remote treatment in this "
                           "track (used by `melodium dist`).";
    area.treatment("feedStream")
        .model("worker", "WorkerEngine")
        .generic("T")
        .param("name", "string")
        .input("trigger", "Block<void>")
        .output("data", "Stream<T>")
        .doc(feed_doc)
        .implementation(rt::make_treatment([](TreatmentContext& ctx) { return feed_body(ctx, false); }));
    area.treatment("feedBlock")
        .model("worker", "WorkerEngine")
        .generic("T")
        .param("name", "string")
        .input("trigger", "Block<void>")
        .output("data", "Block<T>")
        .doc(feed_doc)
        .implementation(rt::make_treatment([](TreatmentContext& ctx) { return feed_body(ctx, true); }));
    area.treatment("sinkStream")
        .model("worker", "WorkerEngine")
        .generic("T")
        .param("name", "string")
        .input("trigger", "Block<void>")
        .input("data", "Stream<T>")
        .doc(sink_doc)
        .implementation(rt::make_treatment(sink_body));
    area.treatment("sinkBlock")
        .model("worker", "WorkerEngine")
        .generic("T")
        .param("name", "string")
        .input("trigger", "Block<void>")
        .input("data", "Block<T>")
        .doc(sink_doc)
        .implementation(rt::make_treatment(sink_body));
}

} // namespace mel::packages::distrib
