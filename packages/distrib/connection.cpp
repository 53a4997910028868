// distrib — transport (packages.md §3.1 framing, §3.8 timeouts and probes; docs/distribution.md "Transport").

#include "packages/distrib/connection.h"

#include <array>
#include <cstdlib>
#include <optional>

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <fmt/format.h>

#include "packages/distrib/tls.h"

namespace mel::packages::distrib {

namespace {

using Tcp = asio::ip::tcp::socket;
using Tls = asio::ssl::stream<Tcp>;
using Length = std::array<unsigned char, 4>;

/// The most data queued for writing before senders wait for room.
constexpr std::size_t k_queue_room = std::size_t{16} << 20;

std::chrono::milliseconds env_seconds(const char* name, std::chrono::milliseconds fallback)
{
    const char* text = std::getenv(name);
    if (!text || !*text)
        return fallback;
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (end == text || *end || !(seconds >= 0) || seconds > 1e7)
        return fallback;
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

Length be_length(std::size_t size)
{
    return {static_cast<unsigned char>(size >> 24), static_cast<unsigned char>(size >> 16),
            static_cast<unsigned char>(size >> 8), static_cast<unsigned char>(size)};
}

std::uint32_t read_be(const Length& l)
{
    return (std::uint32_t{l[0]} << 24) | (std::uint32_t{l[1]} << 16) | (std::uint32_t{l[2]} << 8) | l[3];
}

bool is_end_of_stream(const asio::error_code& ec)
{
    return ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ||
           ec == asio::error::connection_reset;
}

std::string seconds_text(std::chrono::milliseconds d) { return fmt::format("{:g} s", d.count() / 1000.0); }

} // namespace

Timing Timing::from_environment()
{
    Timing t;
    t.protocol = env_seconds("MELODIUM_DIST_PROTOCOL_TIMEOUT_SECS", t.protocol);
    t.teardown = env_seconds("MELODIUM_DIST_TEARDOWN_TIMEOUT_SECS", t.teardown);
    t.monitoring = env_seconds("MELODIUM_DIST_MONITORING_TIMEOUT_SECS", t.monitoring);
    t.probe = env_seconds("MELODIUM_DIST_PROBE_INTERVAL_SECS", t.probe);
    t.probe_retry = env_seconds("MELODIUM_DIST_PROBE_RETRY_SECS", t.probe_retry);
    if (t.probe.count() <= 0)
        t.probe = std::chrono::milliseconds(10000);
    return t;
}

struct Connection::State {
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
    std::shared_ptr<asio::ssl::context> tls_context;
    std::unique_ptr<Tcp> tcp;
    std::unique_ptr<Tls> tls;
    asio::steady_timer read_timer{io};
    asio::steady_timer write_timer{io};
    asio::steady_timer probe_timer{io};
    Length header{};
    std::vector<std::byte> body;
    std::vector<EncodedFrame> inflight;
    std::vector<Length> inflight_lengths;
    std::vector<std::shared_ptr<asio::steady_timer>> graces;
    bool paused = false;
    std::uint64_t probe_seen = 0;
    int probe_failures = 0;

    Tcp& socket() { return tls ? tls->next_layer() : *tcp; }
    template<class F> void with_stream(F&& f)
    {
        if (tls)
            f(*tls);
        else
            f(*tcp);
    }

    /// Runs the asynchronous operation started by `start(handler)` on this thread, for at most `timeout`.
    template<class Start> asio::error_code run_for(std::chrono::milliseconds timeout, Start start)
    {
        std::optional<asio::error_code> result;
        start([&result](const asio::error_code& ec, auto&&...) { result = ec; });
        io.restart();
        io.run_for(timeout);
        if (!result) {
            asio::error_code ignored;
            socket().close(ignored);
            io.restart();
            io.run();
            return asio::error::timed_out;
        }
        return *result;
    }
};

Connection::Connection(const Timing& timing, const Registry* types)
    : m_timing(timing), m_types(types), m_state(std::make_unique<State>())
{
}

Connection::~Connection()
{
    if (m_thread.joinable()) {
        if (m_thread.get_id() == std::this_thread::get_id())
            m_thread.detach();
        else
            m_thread.join();
    }
}

Result<std::shared_ptr<Connection>> Connection::dial(const std::vector<std::string>& addresses,
                                                     std::uint16_t port, bool tls, const Timing& timing,
                                                     const Registry* types,
                                                     const std::string& pinned_certificate)
{
    std::string failures;
    for (const auto& address : addresses) {
        std::shared_ptr<Connection> c(new Connection(timing, types));
        State& s = *c->m_state;
        asio::error_code ec;
        const auto ip = asio::ip::make_address(address, ec);
        if (ec) {
            failures += fmt::format("; {}: not an IP address", address);
            continue;
        }
        std::shared_ptr<std::string> refusal;
        if (tls) {
            auto ctx = client_tls(address, port, pinned_certificate);
            if (!ctx) {
                failures += "; " + ctx.error().message;
                continue;
            }
            s.tls_context = ctx.value().context;
            refusal = ctx.value().refusal;
            s.tls = std::make_unique<Tls>(s.io, *s.tls_context);
        } else {
            s.tcp = std::make_unique<Tcp>(s.io);
        }
        const asio::ip::tcp::endpoint endpoint(ip, port);
        ec = s.run_for(timing.protocol, [&](auto handler) { s.socket().async_connect(endpoint, handler); });
        if (!ec && tls)
            ec = s.run_for(timing.protocol,
                           [&](auto handler) { s.tls->async_handshake(asio::ssl::stream_base::client, handler); });
        if (ec && refusal && !refusal->empty()) {
            failures += "; " + *refusal;
            continue;
        }
        if (ec) {
            failures += fmt::format("; {}:{}: {}", address, port, ec.message());
            continue;
        }
        s.socket().set_option(asio::ip::tcp::no_delay(true), ec);
        return c;
    }
    if (addresses.empty())
        failures = "; no address";
    return Error{"cannot reach the worker: " + failures.substr(2)};
}

Result<std::shared_ptr<Connection>> Connection::adopt(int fd, const Timing& timing, const Registry* types)
{
    std::shared_ptr<Connection> c(new Connection(timing, types));
    c->m_state->tcp = std::make_unique<Tcp>(c->m_state->io);
    asio::error_code ec;
    c->m_state->tcp->assign(asio::ip::tcp::v4(), fd, ec);
    if (ec)
        return Error{fmt::format("cannot use the socket {}: {}", fd, ec.message())};
    return c;
}

Result<std::shared_ptr<Connection>> Connection::accept_one(const std::string& ip, std::uint16_t port,
                                                           std::shared_ptr<asio::ssl::context> tls,
                                                           std::chrono::milliseconds wait, const Timing& timing,
                                                           const Registry* types,
                                                           const std::function<void(const std::string&)>& log,
                                                           const std::function<void(std::uint16_t)>& on_listening)
{
    asio::io_context io;
    asio::error_code ec;
    const auto address = asio::ip::make_address(ip, ec);
    if (ec)
        return Error{fmt::format("'{}' is not an IP address", ip)};
    asio::ip::tcp::acceptor acceptor(io);
    const asio::ip::tcp::endpoint endpoint(address, port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor.bind(endpoint, ec);
    if (!ec)
        acceptor.listen(1, ec);
    if (ec)
        return Error{fmt::format("cannot listen on {}:{}: {}", ip, port, ec.message())};
    on_listening(acceptor.local_endpoint().port());
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                               std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return Error{"no dispatcher connected in time"};
        std::shared_ptr<Connection> c(new Connection(timing, types));
        State& s = *c->m_state;
        if (tls) {
            s.tls_context = tls;
            s.tls = std::make_unique<Tls>(s.io, *tls);
        } else {
            s.tcp = std::make_unique<Tcp>(s.io);
        }
        // The acceptor lives on `io`: run the accept there, then hand the descriptor over.
        Tcp accepted(io);
        std::optional<asio::error_code> result;
        acceptor.async_accept(accepted, [&](const asio::error_code& e) { result = e; });
        io.restart();
        io.run_for(left);
        if (!result) {
            acceptor.cancel(ec);
            io.restart();
            io.run();
            return Error{"no dispatcher connected in time"};
        }
        if (*result) {
            log(fmt::format("accepting a connection failed: {}", result->message()));
            continue;
        }
        const auto peer = accepted.remote_endpoint(ec);
        s.socket().assign(endpoint.protocol(), accepted.release(ec), ec);
        if (tls) {
            ec = s.run_for(std::min(timing.protocol, left), [&](auto handler) {
                s.tls->async_handshake(asio::ssl::stream_base::server, handler);
            });
            if (ec) {
                log(fmt::format("TLS handshake with {} failed: {}", peer.address().to_string(), ec.message()));
                continue;
            }
        }
        s.socket().set_option(asio::ip::tcp::no_delay(true), ec);
        return c;
    }
}

Status Connection::send_now(const Message& message)
{
    auto frame = encode_message(message, m_types);
    if (!frame)
        return frame.error();
    const Length length = be_length(frame.value().size());
    const std::array<asio::const_buffer, 3> buffers = {
        asio::buffer(length), asio::buffer(frame.value().head),
        asio::buffer(frame.value().tail.empty() ? nullptr : frame.value().tail.bytes().data(),
                     frame.value().tail.size())};
    State& s = *m_state;
    const auto ec = s.run_for(m_timing.protocol, [&](auto handler) {
        s.with_stream([&](auto& stream) { asio::async_write(stream, buffers, handler); });
    });
    if (ec)
        return Error{fmt::format("sending {} failed: {}", message_name(message), ec.message())};
    return success();
}

Result<Message> Connection::receive_now()
{
    State& s = *m_state;
    auto ec = s.run_for(m_timing.protocol, [&](auto handler) {
        s.with_stream([&](auto& stream) { asio::async_read(stream, asio::buffer(s.header), handler); });
    });
    if (ec == asio::error::timed_out)
        return Error{fmt::format("no message within {} (protocol timeout)", seconds_text(m_timing.protocol))};
    if (ec)
        return Error{is_end_of_stream(ec) ? std::string("the connection was closed") : ec.message()};
    const std::uint32_t size = read_be(s.header);
    if (size == 0 || size > k_max_frame)
        return Error{fmt::format("a frame of {} bytes is refused (limit {})", size, k_max_frame)};
    std::vector<std::byte> body(size);
    ec = s.run_for(m_timing.protocol, [&](auto handler) {
        s.with_stream([&](auto& stream) { asio::async_read(stream, asio::buffer(body), handler); });
    });
    if (ec)
        return Error{fmt::format("truncated frame: {}", ec.message())};
    return decode_message(engine::Batch::of_bytes(std::move(body)), m_types);
}

void Connection::start(MessageHandler on_message, CloseHandler on_close)
{
    m_on_message = std::move(on_message);
    m_on_close = std::move(on_close);
    m_started.store(true, std::memory_order_release);
    State& s = *m_state;
    s.io.restart();
    s.guard.emplace(s.io.get_executor());
    auto self = shared_from_this();
    asio::post(s.io, [self] {
        self->read_header();
        self->probe_tick();
    });
    m_thread = std::thread([self] { self->m_state->io.run(); });
}

void Connection::arm_read_timer()
{
    State& s = *m_state;
    s.read_timer.expires_after(m_timing.protocol);
    s.read_timer.async_wait([self = shared_from_this()](const asio::error_code& ec) {
        if (!ec)
            self->finish(false, fmt::format("no message within {} (protocol timeout)",
                                            seconds_text(self->m_timing.protocol)));
    });
}

void Connection::read_header()
{
    if (ended())
        return;
    State& s = *m_state;
    arm_read_timer();
    s.with_stream([&](auto& stream) {
        asio::async_read(stream, asio::buffer(s.header),
                         [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                             if (self->ended())
                                 return;
                             if (ec) {
                                 self->finish(is_end_of_stream(ec), is_end_of_stream(ec)
                                                                        ? "the connection was closed by the peer"
                                                                        : "read failed: " + ec.message());
                                 return;
                             }
                             const std::uint32_t size = read_be(self->m_state->header);
                             if (size == 0 || size > k_max_frame) {
                                 self->finish(false, fmt::format("a frame of {} bytes is refused (limit {})", size,
                                                                 k_max_frame));
                                 return;
                             }
                             self->read_body(size);
                         });
    });
}

void Connection::read_body(std::uint32_t size)
{
    State& s = *m_state;
    s.body.resize(size);
    arm_read_timer();
    s.with_stream([&](auto& stream) {
        asio::async_read(stream, asio::buffer(s.body), [self = shared_from_this()](const asio::error_code& ec,
                                                                                    std::size_t) {
            if (self->ended())
                return;
            State& st = *self->m_state;
            st.read_timer.cancel();
            if (ec) {
                self->finish(false, "truncated frame: " + ec.message());
                return;
            }
            auto message = decode_message(engine::Batch::of_bytes(std::move(st.body)), self->m_types);
            st.body = {};
            if (!message) {
                self->finish(false, message.error().message);
                return;
            }
            if (self->m_on_message(std::move(message).value()))
                self->read_header();
            else
                st.paused = true;
        });
    });
}

void Connection::resume_reading()
{
    post([](Connection& self) {
        if (self.m_state->paused && !self.ended()) {
            self.m_state->paused = false;
            self.read_header();
        }
    });
}

Status Connection::send(const Message& message)
{
    auto frame = encode_message(message, m_types);
    if (!frame)
        return frame.error();
    std::lock_guard lock(m_mutex);
    if (m_closing || ended())
        return Error{"the connection is closed"};
    m_queued_bytes += frame.value().size();
    m_queue.push_back(std::move(frame).value());
    if (!m_writing) {
        m_writing = true;
        post([](Connection& self) { self.write_next(); });
    }
    return success();
}

bool Connection::has_room() const
{
    std::lock_guard lock(m_mutex);
    return m_queued_bytes < k_queue_room || ended();
}

void Connection::when_room(std::function<void()> wake)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_queued_bytes >= k_queue_room && !ended()) {
            m_room_waiters.push_back(std::move(wake));
            return;
        }
    }
    wake();
}

void Connection::wake_room_waiters()
{
    std::vector<std::function<void()>> waiters;
    {
        std::lock_guard lock(m_mutex);
        if (m_queued_bytes < k_queue_room || ended())
            waiters.swap(m_room_waiters);
    }
    for (auto& w : waiters)
        w();
}

void Connection::write_next()
{
    if (ended())
        return;
    State& s = *m_state;
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.empty()) {
            m_writing = false;
            if (m_closing)
                post([](Connection& self) { self.half_close(); });
            return;
        }
        std::size_t bytes = 0;
        while (!m_queue.empty() && s.inflight.size() < 64 && bytes < (std::size_t{4} << 20)) {
            bytes += m_queue.front().size();
            s.inflight.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
    }
    s.inflight_lengths.clear();
    for (const auto& f : s.inflight)
        s.inflight_lengths.push_back(be_length(f.size()));
    std::vector<asio::const_buffer> buffers;
    for (std::size_t i = 0; i < s.inflight.size(); ++i) {
        buffers.push_back(asio::buffer(s.inflight_lengths[i]));
        buffers.push_back(asio::buffer(s.inflight[i].head));
        if (!s.inflight[i].tail.empty())
            buffers.push_back(asio::buffer(s.inflight[i].tail.bytes().data(), s.inflight[i].tail.size()));
    }
    s.write_timer.expires_after(m_timing.protocol);
    s.write_timer.async_wait([self = shared_from_this()](const asio::error_code& ec) {
        if (!ec)
            self->finish(false, fmt::format("a write did not complete within {} (protocol timeout)",
                                            seconds_text(self->m_timing.protocol)));
    });
    s.with_stream([&](auto& stream) {
        asio::async_write(stream, buffers, [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
            State& st = *self->m_state;
            st.write_timer.cancel();
            if (self->ended())
                return;
            if (ec) {
                self->finish(false, "write failed: " + ec.message());
                return;
            }
            {
                std::lock_guard lock(self->m_mutex);
                for (const auto& f : st.inflight)
                    self->m_queued_bytes -= f.size();
                self->m_written += st.inflight.size();
            }
            st.inflight.clear();
            self->wake_room_waiters();
            self->write_next();
        });
    });
}

void Connection::probe_tick()
{
    if (ended())
        return;
    State& s = *m_state;
    std::chrono::milliseconds next = m_timing.probe;
    bool stuck = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_closing)
            return;
        stuck = m_writing && m_written == s.probe_seen;
        s.probe_seen = m_written;
    }
    if (stuck) {
        // The previous writes made no progress for a whole period: retry a few times, then give up.
        if (++s.probe_failures >= m_timing.probe_attempts) {
            finish(false, fmt::format("the peer takes no data any more ({} probes failed)", s.probe_failures));
            return;
        }
        next = m_timing.probe_retry;
    } else {
        s.probe_failures = 0;
        (void)send(Message(Signal::Probe));
    }
    s.probe_timer.expires_after(next);
    s.probe_timer.async_wait([self = shared_from_this()](const asio::error_code& ec) {
        if (!ec)
            self->probe_tick();
    });
}

void Connection::close_after_flush()
{
    std::lock_guard lock(m_mutex);
    if (m_closing || ended())
        return;
    m_closing = true;
    if (!m_writing)
        post([](Connection& self) { self.half_close(); });
}

void Connection::half_close()
{
    // Our side is done: say so (FIN) but keep reading, and dropping, what the peer still sends until it
    // closes too. Closing at once would make the kernel reset the connection when unread data is left, and
    // the peer could lose our last messages (Ended, LogEnded) with it.
    if (ended())
        return;
    State& s = *m_state;
    asio::error_code ignored;
    s.socket().shutdown(asio::socket_base::shutdown_send, ignored);
    s.probe_timer.cancel();
    if (s.paused) {
        s.paused = false;
        read_header();
    }
}

void Connection::abort(const std::string& reason)
{
    if (ended())
        return;
    if (!m_started.load(std::memory_order_acquire)) {
        // Never started: nothing runs on the context, close here.
        m_ended.store(true, std::memory_order_release);
        asio::error_code ignored;
        m_state->socket().close(ignored);
        return;
    }
    post([reason](Connection& self) { self.finish(false, reason); });
}

void Connection::abort_after(std::chrono::milliseconds delay, const std::string& reason)
{
    post([delay, reason](Connection& self) {
        if (self.ended())
            return;
        auto timer = std::make_shared<asio::steady_timer>(self.m_state->io, delay);
        self.m_state->graces.push_back(timer);
        timer->async_wait([weak = self.weak_from_this(), reason](const asio::error_code& ec) {
            if (auto strong = weak.lock(); strong && !ec)
                strong->finish(false, reason);
        });
    });
}

template<class F> void Connection::post(F f)
{
    if (ended())
        return;
    asio::post(m_state->io, [weak = weak_from_this(), f = std::move(f)]() mutable {
        if (auto self = weak.lock())
            f(*self);
    });
}

void Connection::finish(bool clean, const std::string& reason)
{
    if (m_ended.exchange(true, std::memory_order_acq_rel))
        return;
    State& s = *m_state;
    asio::error_code ignored;
    s.socket().shutdown(asio::socket_base::shutdown_both, ignored);
    s.socket().close(ignored);
    s.read_timer.cancel();
    s.write_timer.cancel();
    s.probe_timer.cancel();
    for (auto& timer : s.graces)
        timer->cancel();
    s.guard.reset();
    wake_room_waiters();
    if (auto handler = std::move(m_on_close)) {
        m_on_close = nullptr;
        handler(clean, reason);
    }
    // Not here: finish may run inside the message handler. The handlers hold the session, which holds
    // this connection: drop them to break that cycle.
    asio::post(s.io, [weak = weak_from_this()] {
        if (auto self = weak.lock())
            self->m_on_message = nullptr;
    });
}

void Connection::join()
{
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
        m_thread.join();
}

} // namespace mel::packages::distrib
