// distrib — the dispatcher's session (reference: libs/distrib-mel/src/lib.rs, DistributionEngine; packages.md
// §3.4–§3.9).
//
// Kept: only the first start connects, later ones wait for it; a track id is max + 1; Ended from the worker
// closes every track's channels and releases pending instantiations; the session lasts until both Ended and
// LogEnded came, or the link failed. Ours: a lost link and a refused instantiation are logged with their
// reason (the reference drops both silently); the worker checks that the track connects every port of the
// remote treatment (the reference deadlocks when one is missing).

#include "packages/distrib/dispatcher.h"

#include <melodium/version.h>

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "packages/distrib/handshake.h"
#include "packages/distrib/transfer.h"

namespace mel::packages::distrib {

Dispatcher::Dispatcher(engine::World& world, std::string treatment, std::string version)
    : m_world(world), m_treatment(std::move(treatment)), m_version(std::move(version)),
      m_timing(Timing::from_environment())
{
}

Dispatcher::~Dispatcher() { shutdown(); }

void Dispatcher::log(engine::LogLevel level, const std::string& message) { m_world.log(level, "distrib", message); }

std::optional<std::string> Dispatcher::start(const work::AccessData& access, std::map<std::string, Value> params)
{
    {
        std::unique_lock lock(m_mutex);
        if (m_phase == Phase::Starting || m_phase == Phase::Started || m_phase == Phase::Failed) {
            m_started_cv.wait(lock, [&] { return m_phase != Phase::Starting; });
            return std::nullopt; // as the reference: `ready` even when the first attempt failed
        }
        if (m_phase == Phase::Ended)
            return std::string("the distribution engine is stopped");
        m_phase = Phase::Starting;
    }
    auto error = connect(access, std::move(params));
    std::shared_ptr<Connection> to_end;
    {
        std::lock_guard lock(m_mutex);
        m_phase = error ? Phase::Failed : Phase::Started;
        m_start_error = error;
        if (!error && m_stop_requested)
            to_end = m_connection;
    }
    m_started_cv.notify_all();
    if (to_end)
        send_ended(to_end);
    return error;
}

std::optional<std::string> Dispatcher::connect(const work::AccessData& access, std::map<std::string, Value> params)
{
    Result<std::shared_ptr<Connection>> connection = Error{""};
    if (access.attached) {
        const int fd = access.attached->take();
        if (fd < 0)
            return std::string("the worker's socket was already taken");
        connection = Connection::adopt(fd, m_timing, m_world.registry());
    } else {
        const auto give_up = std::chrono::steady_clock::now() + access.dial_retry;
        for (;;) {
            connection = Connection::dial(access.addresses, access.port, access.tls, m_timing,
                                          m_world.registry(), access.pinned_certificate);
            if (connection || std::chrono::steady_clock::now() >= give_up)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    if (!connection)
        return connection.error().message;
    auto c = std::move(connection).value();
    auto fail = [&](std::string why) {
        c->abort(why);
        return std::optional<std::string>(std::move(why));
    };
    if (auto s = c->send_now(make_ask(access.remote_key)); !s)
        return fail(s.error().message);
    auto reply = c->receive_now();
    if (!reply)
        return fail(reply.error().message);
    const auto* confirm = std::get_if<ConfirmDistribution>(&reply.value());
    if (!confirm)
        return fail(fmt::format("the worker answered {} to AskDistribution", message_name(reply.value())));
    if (auto refused = check_confirm(*confirm, access.self_key))
        return fail(*refused);

    // The program this world runs, as its run's options gave it (the CLI's run_options()).
    LoadAndLaunch load{m_world.program() ? *m_world.program() : ShippedProgram{}, m_treatment, m_version,
                       std::move(params)};
    if (auto s = c->send_now(load); !s)
        return fail(s.error().message);
    auto launched = c->receive_now();
    if (!launched)
        return fail(launched.error().message);
    const auto* status = std::get_if<LaunchStatus>(&launched.value());
    if (!status)
        return fail(fmt::format("the worker answered {} to LoadAndLaunch", message_name(launched.value())));
    if (!status->ok)
        return fail(fmt::format("the worker could not launch `{}`: {}", m_treatment, status->message));
    {
        std::lock_guard lock(m_mutex);
        m_remote_inputs = status->inputs;
        m_remote_outputs = status->outputs;
        m_worker_run = confirm->run_id;
        m_connection = c;
        m_keep_alive = m_world.keep_alive();
    }
    std::weak_ptr<Dispatcher> weak = weak_from_this();
    c->start(
        [weak](Message&& m) {
            auto self = weak.lock();
            return self ? self->on_message(std::move(m)) : true;
        },
        [weak](bool clean, const std::string& reason) {
            if (auto self = weak.lock())
                self->on_close(clean, reason);
        });
    return std::nullopt;
}

void Dispatcher::stop()
{
    std::shared_ptr<Connection> c;
    {
        std::lock_guard lock(m_mutex);
        if (m_stop_requested)
            return;
        m_stop_requested = true;
        if (m_phase == Phase::Idle || m_phase == Phase::Failed)
            m_phase = Phase::Ended;
        if (m_phase != Phase::Started)
            return; // a running start sends Ended when it succeeds
        c = m_connection;
    }
    if (c)
        send_ended(c);
}

void Dispatcher::send_ended(const std::shared_ptr<Connection>& c)
{
    (void)c->send(Message(Signal::Ended));
    c->abort_after(m_timing.teardown, fmt::format("the worker did not end within {} s of the stop (teardown "
                                                  "timeout)",
                                                  m_timing.teardown.count() / 1000.0));
}

engine::Task<Dispatcher::Distributed> Dispatcher::distribute(std::optional<std::vector<std::string>> inputs,
                                                             std::optional<std::vector<std::string>> outputs)
{
    std::uint64_t id = 0;
    std::shared_ptr<Connection> c;
    {
        std::lock_guard lock(m_mutex);
        if (m_phase != Phase::Started || m_stop_requested || !m_connection || m_connection->ended() ||
            m_ended_seen)
            co_return Distributed{std::nullopt, "Distribution failed"};
        id = m_next_id++;
        m_tracks[id];
        c = m_connection;
    }
    if (auto s = c->send(Instanciate{id, std::move(inputs), std::move(outputs)}); !s) {
        log(engine::LogLevel::Error, fmt::format("track {}: {}", id, s.error().message));
        co_return Distributed{std::nullopt, "Instanciation failed"};
    }
    co_await engine::wait_external([this, id](engine::Resumer resume) {
        std::unique_lock lock(m_mutex);
        auto& track = m_tracks[id];
        if (track.status) {
            lock.unlock();
            resume();
            return;
        }
        track.waiter.emplace(std::move(resume));
    });
    InstanciateStatus status;
    {
        std::lock_guard lock(m_mutex);
        status = *m_tracks[id].status;
    }
    if (status.ok)
        co_return Distributed{id, {}};
    log(engine::LogLevel::Error, fmt::format("track {} of `{}` was not instantiated: {}", id, m_treatment,
                                             status.message));
    co_return Distributed{std::nullopt, "Instanciation failed"};
}

engine::Task<bool> Dispatcher::send_data(std::uint64_t id, const std::string& name, engine::Batch batch)
{
    std::shared_ptr<Connection> c;
    {
        std::lock_guard lock(m_mutex);
        c = m_connection;
    }
    if (!c)
        co_return false;
    auto wanted = [this, id, name] {
        std::lock_guard lock(m_mutex);
        const auto it = m_tracks.find(id);
        return it != m_tracks.end() && !it->second.refused_inputs.count(name) && !m_ended_seen;
    };
    auto sent = co_await send_port_data(c, true, id, name, std::move(batch), wanted);
    if (!sent && !c->ended() && wanted()) {
        // The value could not be sent on a live connection (it cannot be encoded): the worker would wait for
        // the input forever. The distribution ends, with the reason.
        const std::string why = fmt::format("input `{}` of track {}: {}", name, id, sent.error().message);
        log(engine::LogLevel::Error, why);
        c->abort(why);
    }
    co_return sent.ok();
}

void Dispatcher::close_input(std::uint64_t id, const std::string& name)
{
    std::shared_ptr<Connection> c;
    {
        std::lock_guard lock(m_mutex);
        c = m_connection;
    }
    if (c)
        (void)c->send(ClosePort{true, id, name});
}

std::shared_ptr<PortQueue> Dispatcher::output(std::uint64_t id, const std::string& name)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_tracks.find(id);
    if (it == m_tracks.end())
        return nullptr;
    auto& queue = it->second.outputs[name];
    if (!queue) {
        queue = std::make_shared<PortQueue>();
        if (m_ended_seen || !m_connection || m_connection->ended())
            queue->close();
    }
    return queue;
}

void Dispatcher::stop_output(std::uint64_t id, const std::string& name)
{
    std::shared_ptr<Connection> c;
    {
        std::lock_guard lock(m_mutex);
        c = m_connection;
    }
    if (auto queue = output(id, name))
        queue->stop();
    if (c)
        (void)c->send(ClosePort{false, id, name});
}

bool Dispatcher::on_message(Message&& message)
{
    if (auto* data = std::get_if<PortData>(&message); data && !data->input) {
        const bool known = std::any_of(m_remote_outputs.begin(), m_remote_outputs.end(),
                                       [&](const PortInfo& p) { return p.name == data->name; });
        if (!known)
            return true; // not an output of the remote treatment: dropped
        std::shared_ptr<PortQueue> queue = output(data->id, data->name);
        if (!queue)
            return true; // a track we do not know: dropped
        std::weak_ptr<Connection> weak;
        {
            std::lock_guard lock(m_mutex);
            weak = m_connection;
        }
        const auto pushed = queue->push(std::move(data->batch), [weak] {
            if (auto c = weak.lock())
                c->resume_reading();
        });
        return pushed != PortQueue::Push::TakenFull;
    }
    if (auto* close = std::get_if<ClosePort>(&message)) {
        if (close->input) {
            std::lock_guard lock(m_mutex);
            if (auto it = m_tracks.find(close->id); it != m_tracks.end())
                it->second.refused_inputs.insert(close->name);
        } else if (auto queue = output(close->id, close->name)) {
            queue->close();
        }
        return true;
    }
    if (auto* status = std::get_if<InstanciateStatus>(&message)) {
        std::optional<engine::Resumer> waiter;
        {
            std::lock_guard lock(m_mutex);
            const auto it = m_tracks.find(status->id);
            if (it == m_tracks.end() || it->second.status)
                return true;
            it->second.status = *status;
            waiter = std::exchange(it->second.waiter, std::nullopt);
        }
        if (waiter)
            (*waiter)();
        return true;
    }
    if (auto* log = std::get_if<LogMessage>(&message)) {
        m_world.logger().log(log->record);
        return true;
    }
    if (auto* debug = std::get_if<DebugMessage>(&message)) {
        if (!m_world.logger().debug_enabled())
            return true;
        std::string run;
        {
            std::lock_guard lock(m_mutex);
            run = m_worker_run;
        }
        if (auto tagged = tag_debug_event(debug->event, run))
            m_world.logger().debug_json(std::move(*tagged));
        else if (!m_bad_debug_seen.exchange(true))
            log(engine::LogLevel::Warning, "a debug event from the worker is not a JSON object: dropped");
        return true;
    }
    if (auto* signal = std::get_if<Signal>(&message)) {
        bool both = false;
        std::shared_ptr<Connection> c;
        {
            std::lock_guard lock(m_mutex);
            if (*signal == Signal::Ended)
                m_ended_seen = true;
            if (*signal == Signal::LogEnded)
                m_log_ended_seen = true;
            both = m_ended_seen && m_log_ended_seen;
            c = m_connection;
        }
        if (*signal == Signal::Ended)
            close_all();
        if (both && c) {
            c->close_after_flush();
            c->abort_after(m_timing.teardown, "the worker did not close the connection after its end");
        }
        return true;
    }
    std::shared_ptr<Connection> c;
    {
        std::lock_guard lock(m_mutex);
        c = m_connection;
    }
    if (c)
        c->abort(fmt::format("unexpected {} message from the worker", message_name(message)));
    return false;
}

void Dispatcher::on_close(bool clean, const std::string& reason)
{
    bool expected = false;
    engine::KeepAlive keep_alive;
    {
        std::lock_guard lock(m_mutex);
        expected = clean && m_ended_seen && m_log_ended_seen;
        m_ended_seen = true;
        keep_alive = std::move(m_keep_alive);
    }
    if (expected) {
    } else if (m_world.stopping()) {
        // Interrupted: the workers are being torn down, their connections close as they should.
        log(engine::LogLevel::Info, fmt::format("connection to the worker closed as the program stops ({})", reason));
    } else {
        log(engine::LogLevel::Error, fmt::format("connection to the worker lost: {}", reason));
    }
    close_all();
    keep_alive.release();
}

void Dispatcher::close_all()
{
    std::vector<engine::Resumer> waiters;
    std::vector<std::shared_ptr<PortQueue>> queues;
    {
        std::lock_guard lock(m_mutex);
        for (auto& [id, track] : m_tracks) {
            for (auto& [name, queue] : track.outputs)
                queues.push_back(queue);
            if (!track.status)
                track.status = InstanciateStatus{id, false, "the worker ended"};
            if (track.waiter)
                waiters.push_back(std::move(*std::exchange(track.waiter, std::nullopt)));
        }
    }
    for (auto& q : queues)
        q->close();
    for (auto& w : waiters)
        w();
}

void Dispatcher::shutdown()
{
    std::shared_ptr<Connection> c;
    {
        std::lock_guard lock(m_mutex);
        c = m_connection;
        m_phase = Phase::Ended;
    }
    if (c) {
        if (!c->ended())
            (void)c->send(Message(Signal::Ended));
        c->close_after_flush();
        c->abort_after(std::chrono::milliseconds(2000), "closed at the end of the program");
        c->join();
    }
    close_all();
}

} // namespace mel::packages::distrib
