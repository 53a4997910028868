#pragma once

// distrib — the dispatcher's side of a session (packages.md §3.4–§3.8): what one DistributionEngine model
// instance holds. Its connection, the tracks it asked the worker for, the receive queues of their outputs,
// and the end of the session (Ended and LogEnded from the worker, or a lost connection).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "packages/distrib/connection.h"
#include "packages/distrib/port_queue.h"
#include "packages/work/access.h"
#include "runtime/engine/world.h"

namespace mel::packages::distrib {

class Dispatcher : public std::enable_shared_from_this<Dispatcher> {
public:
    Dispatcher(engine::World& world, std::string treatment, std::string version);
    ~Dispatcher();

    /// The first call connects, shakes hands and ships the world's program (World::program()); blocking: call
    /// it on a blocking thread. Later calls wait for that attempt and return its result. nullopt on success.
    std::optional<std::string> start(const work::AccessData& access, std::map<std::string, Value> params);
    /// Ends the session: sends Ended (at once, or as soon as a running start succeeds). Idempotent.
    void stop();
    /// A new track: its id, or an error text ("Distribution failed" when there is no connection).
    struct Distributed {
        std::optional<std::uint64_t> id;
        std::string error;
    };
    engine::Task<Distributed> distribute(std::optional<std::vector<std::string>> inputs,
                                         std::optional<std::vector<std::string>> outputs);
    /// Sends a batch to the remote input; false when the link or the remote input is closed (stop sending).
    engine::Task<bool> send_data(std::uint64_t id, const std::string& name, engine::Batch batch);
    void close_input(std::uint64_t id, const std::string& name);
    /// The queue of a remote output of track `id`; nullptr for an unknown track.
    std::shared_ptr<PortQueue> output(std::uint64_t id, const std::string& name);
    /// The receiver stopped listening: tell the worker.
    void stop_output(std::uint64_t id, const std::string& name);
    /// The remote treatment's ports as the worker described them (after start).
    const std::vector<PortInfo>& remote_inputs() const { return m_remote_inputs; }
    const std::vector<PortInfo>& remote_outputs() const { return m_remote_outputs; }

    /// The engine is ending: close everything now.
    void shutdown();

private:
    struct Track {
        std::map<std::string, std::shared_ptr<PortQueue>> outputs;
        std::set<std::string> refused_inputs; // the worker said they accept nothing more
        std::optional<InstanciateStatus> status;
        std::optional<engine::Resumer> waiter;
    };
    enum class Phase { Idle, Starting, Started, Failed, Ended };

    std::optional<std::string> connect(const work::AccessData& access, std::map<std::string, Value> params);
    bool on_message(Message&& message);
    void on_close(bool clean, const std::string& reason);
    void close_all();
    void send_ended(const std::shared_ptr<Connection>& c);
    void log(engine::LogLevel level, const std::string& message);

    engine::World& m_world;
    const std::string m_treatment;
    const std::string m_version;
    const Timing m_timing;

    std::mutex m_mutex;
    std::condition_variable m_started_cv;
    Phase m_phase = Phase::Idle;
    std::optional<std::string> m_start_error;
    bool m_stop_requested = false;
    bool m_ended_seen = false;
    bool m_log_ended_seen = false;
    std::shared_ptr<Connection> m_connection;
    engine::KeepAlive m_keep_alive;
    std::map<std::uint64_t, Track> m_tracks;
    std::uint64_t m_next_id = 1;
    std::vector<PortInfo> m_remote_inputs, m_remote_outputs;
    std::string m_worker_run; // the worker's run id (ConfirmDistribution), tagging its debug events
    std::atomic<bool> m_bad_debug_seen{false};
};

} // namespace mel::packages::distrib
