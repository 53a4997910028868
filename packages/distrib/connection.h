#pragma once

// distrib — one protocol connection (packages.md §3.1, §3.8; docs/distribution.md "Transport").
//
// TCP, optionally TLS, frames of a 4-byte big-endian length and a payload of at most k_max_frame bytes. Each
// connection has its own Asio io_context and thread (so that neither end's engine I/O thread encrypts or
// copies 100 MB streams, and the worker can talk before its engine exists).
//
// Two phases. First synchronous: send_now/receive_now, each under the protocol timeout (handshake, load).
// Then start(): a reader delivers every message to a handler on the connection's thread (which may pause the
// reading for flow control and resume it later), a writer sends queued frames in order, probes keep the link
// alive. Every read or write runs under the protocol timeout. Anything malformed ends the connection with a
// reason given to the close handler, once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "packages/distrib/messages.h"
#include "runtime/model/result.h"

namespace asio::ssl {
class context;
}

namespace mel::packages::distrib {

/// The timing knobs, with the reference's defaults and environment variables (packages.md §3.8), plus ours
/// for the probe period and retry delay (so that tests can be fast). Values are seconds, fractions allowed.
struct Timing {
    std::chrono::milliseconds protocol{60000};   // MELODIUM_DIST_PROTOCOL_TIMEOUT_SECS
    std::chrono::milliseconds teardown{60000};   // MELODIUM_DIST_TEARDOWN_TIMEOUT_SECS
    std::chrono::milliseconds monitoring{60000}; // MELODIUM_DIST_MONITORING_TIMEOUT_SECS
    std::chrono::milliseconds probe{10000};      // MELODIUM_DIST_PROBE_INTERVAL_SECS
    std::chrono::milliseconds probe_retry{2000}; // MELODIUM_DIST_PROBE_RETRY_SECS
    int probe_attempts = 3;

    static Timing from_environment();
};

class Connection : public std::enable_shared_from_this<Connection> {
public:
    /// Returns false to pause reading; then resume_reading() must be called later.
    using MessageHandler = std::function<bool(Message&&)>;
    /// Once, when the connection has ended: `clean` for an orderly end of stream or a close we asked for.
    using CloseHandler = std::function<void(bool clean, const std::string& reason)>;

    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Each connection encodes and decodes the Data values of its messages by the codecs of `types` (the run's
    // registry, runtime/model/wire.h); with none, no Data value travels.

    /// Connects to the first address (textual IP) that accepts, with TLS when `tls` (the worker's certificate
    /// verified as tls.h says: exactly `pinned_certificate` (PEM) when it is not empty).
    static Result<std::shared_ptr<Connection>> dial(const std::vector<std::string>& addresses,
                                                    std::uint16_t port, bool tls, const Timing& timing,
                                                    const Registry* types,
                                                    const std::string& pinned_certificate = {});
    /// Takes an already-connected stream socket (plain).
    static Result<std::shared_ptr<Connection>> adopt(int fd, const Timing& timing, const Registry* types);
    /// Listens on ip:port and returns the first connection whose TLS handshake succeeds (failed ones are
    /// logged through `log` and skipped), or an error when `wait` elapses first. `on_listening` is called once
    /// the port is bound.
    static Result<std::shared_ptr<Connection>> accept_one(const std::string& ip, std::uint16_t port,
                                                          std::shared_ptr<asio::ssl::context> tls,
                                                          std::chrono::milliseconds wait, const Timing& timing,
                                                          const Registry* types,
                                                          const std::function<void(const std::string&)>& log,
                                                          const std::function<void(std::uint16_t)>& on_listening);

    // ---- synchronous phase (before start) ----
    Status send_now(const Message& message);
    Result<Message> receive_now();

    // ---- asynchronous phase ----
    void start(MessageHandler on_message, CloseHandler on_close);
    /// Queues a message (any thread); an error when the connection is closed or the message cannot be encoded.
    Status send(const Message& message);
    /// Whether data may be queued now (the queue holds less than its bound).
    bool has_room() const;
    /// Calls `wake` once there is room or the connection has ended (maybe at once, on this thread).
    void when_room(std::function<void()> wake);
    /// Resumes a reading paused by the handler (any thread).
    void resume_reading();
    /// Sends what is queued, then closes our side (any thread); the connection ends when the peer closes
    /// its side too (the close handler then gets `clean`), or at an abort.
    void close_after_flush();
    /// Closes now (any thread).
    void abort(const std::string& reason);
    /// Closes with `reason` unless the connection has ended within `delay` (a grace, any thread).
    void abort_after(std::chrono::milliseconds delay, const std::string& reason);
    bool ended() const { return m_ended.load(std::memory_order_acquire); }
    /// Waits for the connection's thread to finish (after the connection ended); never from that thread.
    void join();

private:
    struct State;
    Connection(const Timing& timing, const Registry* types);

    void read_header();
    void read_body(std::uint32_t size);
    void arm_read_timer();
    void write_next();
    void probe_tick();
    /// Runs `f(*this)` on the connection's thread, unless the connection ended or is gone by then.
    template<class F> void post(F f);
    void half_close();
    void finish(bool clean, const std::string& reason);
    void wake_room_waiters();

    Timing m_timing;
    const Registry* m_types;
    std::unique_ptr<State> m_state;
    std::thread m_thread;
    std::atomic<bool> m_ended{false};
    std::atomic<bool> m_started{false};
    MessageHandler m_on_message;
    CloseHandler m_on_close;

    // Writer queue, shared with any sending thread.
    mutable std::mutex m_mutex;
    std::deque<EncodedFrame> m_queue;
    std::size_t m_queued_bytes = 0;
    bool m_writing = false;
    bool m_closing = false;
    std::vector<std::function<void()>> m_room_waiters;
    std::uint64_t m_written = 0; // frames written, for the probe's progress check
};

} // namespace mel::packages::distrib
