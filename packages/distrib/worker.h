#pragma once

// distrib — the worker's side of a session (packages.md §3.4 steps 4–6, §3.5, §3.7), used by `melodium dist`.
//
// The worker runs a generated entry treatment that instantiates the remote treatment once per track and
// connects each of its inputs to a `distrib/worker::feed*` and each output to a `distrib/worker::sink*`
// treatment; a `WorkerEngine` model opens one track per Instanciate through its `track` source and keeps the
// engine alive until the dispatcher says Ended (or the link is lost, or --duration elapses).

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "packages/distrib/connection.h"
#include "packages/distrib/port_queue.h"
#include "runtime/engine/world.h"

namespace mel::packages::distrib {

class WorkerSession : public std::enable_shared_from_this<WorkerSession> {
public:
    /// `inputs`/`outputs`: the remote treatment's port names; `entry`: its identifier, for messages.
    WorkerSession(std::shared_ptr<Connection> connection, std::string entry, std::vector<std::string> inputs,
                  std::vector<std::string> outputs);

    /// Starts the connection's reader (after the launch was answered).
    void start(engine::World& world);
    const std::shared_ptr<Connection>& connection() const { return m_connection; }

    /// The next track to open (its remote id), or nullopt once the session is ending.
    engine::Task<std::optional<std::uint64_t>> next_instanciation();
    /// Called by the track's source: engine track `track` serves remote id `id`.
    void bind(engine::TrackId track, std::uint64_t id);
    /// The engine opened track `track` for remote id `id` (nullopt: it could not).
    void instantiated(std::uint64_t id, std::optional<engine::TrackId> track);
    /// The remote id of an engine track.
    std::optional<std::uint64_t> remote_id(engine::TrackId track) const;

    std::shared_ptr<PortQueue> input(std::uint64_t id, const std::string& name);
    /// The feeding treatment cannot take more: tell the dispatcher.
    void refuse_input(std::uint64_t id, const std::string& name);
    engine::Task<bool> send_output(std::uint64_t id, const std::string& name, engine::Batch batch);
    void close_output(std::uint64_t id, const std::string& name);

    /// Ends the session from this side (--duration): no more tracks, every input closes.
    void end(const std::string& why);
    bool ending() const;
    /// Whether the link was lost (rather than ended by the dispatcher).
    bool lost() const;

private:
    struct Track {
        std::map<std::string, std::shared_ptr<PortQueue>> inputs;
        std::set<std::string> unheard_outputs; // the dispatcher listens no more
    };

    bool on_message(Message&& message);
    std::optional<std::string> check_claims(const Instanciate& request) const;
    void close_inputs();

    std::shared_ptr<Connection> m_connection;
    const std::string m_entry;
    const std::vector<std::string> m_inputs, m_outputs;
    engine::World* m_world = nullptr;

    mutable std::mutex m_mutex;
    std::deque<std::uint64_t> m_requests;
    std::optional<engine::Resumer> m_request_waiter;
    std::map<std::uint64_t, Track> m_tracks;
    std::map<engine::TrackId, std::uint64_t> m_remote_ids;
    bool m_ending = false;
    bool m_lost = false;
};

/// The session the `distrib/worker` elements of this process serve (set by `melodium dist` before genesis).
void set_worker_session(std::shared_ptr<WorkerSession> session);
std::shared_ptr<WorkerSession> worker_session();

} // namespace mel::packages::distrib
