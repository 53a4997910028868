// `melodium dist` — a worker engine driven by one dispatcher (packages.md §3.6, §3.4, §3.7;
// docs/distribution.md). Options as the reference's, plus `--socket-fd N` (packages.md §6.5 option 1): use the
// connected socket N inherited from the parent instead of listening (plain; the local provisioner).
//
// Sequence: accept one dispatcher (or adopt the socket), handshake, receive the program and launch it (the
// generated entry treatment, checked by our front end), answer LaunchStatus, run the engine until the
// dispatcher says Ended (or the link is lost, or --duration elapses), then send Ended, LogEnded, DebugEnded
// and close. Exit code: the engine's after a session, 1 when no session could be set up, 2 for options that do
// not go together.

#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <melodium/version.h>

#include "cli/arguments.h"
#include "cli/command_factories.h"
#include "cli/dist_program.h"
#include "cli/program.h"
#include "cli/run_options.h"
#include "frontend/parse/parser.h"
#include "packages/distrib/connection.h"
#include "packages/distrib/handshake.h"
#include "packages/distrib/tls.h"
#include "packages/distrib/worker.h"
#include "packages/work/worker_contract.h"
#include "runtime/engine/world.h"
#include "runtime/model/term.h"

namespace mel::cli {
namespace {

namespace distrib = packages::distrib;

void say(engine::LogLevel level, const std::string& message)
{
    engine::LogRecord record{std::chrono::system_clock::now(), level, "distrib", message, {}};
    std::fprintf(stdout, "%s\n", engine::format_log_line(record, false).c_str());
    std::fflush(stdout);
}

/// Forwards the engine's log records to the dispatcher, keeping those emitted before the session started.
/// The worker's log records and debug events, sent to the dispatcher (kept until the session exists).
class LogForwarder {
public:
    void record(const engine::LogRecord& r) { forward(distrib::LogMessage{r}); }
    void debug(const std::string& event) { forward(distrib::DebugMessage{event}); }
    void attach(std::shared_ptr<distrib::WorkerSession> session)
    {
        std::lock_guard lock(m_mutex);
        m_session = std::move(session);
        for (auto& m : m_pending)
            (void)m_session->connection()->send(std::move(m));
        m_pending.clear();
    }

private:
    void forward(distrib::Message message)
    {
        std::lock_guard lock(m_mutex);
        if (m_session)
            (void)m_session->connection()->send(std::move(message));
        else
            m_pending.push_back(std::move(message));
    }

    std::mutex m_mutex;
    std::shared_ptr<distrib::WorkerSession> m_session;
    std::vector<distrib::Message> m_pending;
};

/// A temporary directory, removed at the end.
struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "melodium-dist-XXXXXX").string();
        if (::mkdtemp(pattern.data()))
            path = pattern;
    }
    ~TempDir()
    {
        std::error_code ec;
        if (!path.empty())
            std::filesystem::remove_all(path, ec);
    }
};

std::string diagnostics_text(const LoadedProgram& loaded)
{
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* mem = ::open_memstream(&buffer, &size);
    if (!mem)
        return "the program has errors";
    frontend::render_all(mem, loaded.sources, loaded.diagnostics, frontend::RenderOptions{false, true});
    std::fclose(mem);
    std::string text(buffer, size);
    std::free(buffer);
    return text;
}

/// What LoadAndLaunch becomes on this side: a checked program whose entry is the generated treatment.
struct Launch {
    std::unique_ptr<LoadedProgram> loaded;
    const TreatmentDescriptor* entry = nullptr;
    const TreatmentDescriptor* remote = nullptr;
};

Result<Launch> prepare(const distrib::LoadAndLaunch& load, const std::filesystem::path& dir)
{
    auto remote_id = Identifier::parse(load.entrypoint);
    if (!remote_id)
        return Error{fmt::format("'{}' is not a valid identifier", load.entrypoint.substr(0, 200))};
    // The version the dispatcher expects: the shipped package's, or this engine's for a native package.
    std::string version = k_language_version;
    bool shipped = false;
    for (const auto& p : load.program.packages)
        if (p.name == remote_id->package()) {
            version = p.version;
            shipped = true;
        }
    if (!shipped && !native_registry().has_package(remote_id->package()))
        return Error{fmt::format("no package `{}` here", remote_id->package())};
    if (version != load.version)
        return Error{fmt::format("the package `{}` is at version {} here, not {}", remote_id->package(), version,
                                 load.version.substr(0, 64))};
    const auto packages_dir = dir / "packages";
    if (auto s = write_shipped_program(load.program, packages_dir); !s)
        return s.error();

    auto check = [&](const TreatmentDescriptor* remote) -> Result<std::unique_ptr<LoadedProgram>> {
        const auto file = dir / "entry.mel";
        FILE* out = std::fopen(file.c_str(), "w");
        if (!out)
            return Error{"cannot write the entry treatment"};
        const std::string text = worker_entry_source(*remote_id, "=" + version, remote, load.parameters);
        std::fwrite(text.data(), 1, text.size(), out);
        std::fclose(out);
        frontend::CheckRequest request;
        request.file = file.string();
        request.search_paths = {packages_dir.string()};
        auto loaded = load_program(request);
        if (!loaded->ok())
            return Error{"the program does not check:\n" + diagnostics_text(*loaded)};
        return loaded;
    };
    auto first = check(nullptr);
    if (!first)
        return first.error();
    const Element* element = first.value()->program->find(*remote_id);
    if (!element || element->kind != ElementKind::Treatment)
        return Error{fmt::format("`{}` is not a treatment", load.entrypoint)};
    const TreatmentDescriptor& remote = *element->treatment;
    // The launch checks of `run` and the REPL's `:run` (cli/arguments.h), on the remote treatment.
    if (auto problems = entry_problems(remote); !problems.empty())
        return Error{problems.front()};
    for (const auto& [name, value] : load.parameters) {
        const Parameter* p = remote.parameter(name);
        if (!p)
            return Error{fmt::format("`{}` has no parameter `{}`", load.entrypoint, name)};
        if (!value_has_type(value, p->type))
            return Error{fmt::format("the parameter `{}` is not a {}", name, p->type.to_string())};
    }
    auto second = check(&remote);
    if (!second)
        return second.error();
    Launch launch;
    launch.loaded = std::move(second).value();
    const Element* entry = launch.loaded->program->find(launch.loaded->program->entrypoints.front().second);
    const Element* again = launch.loaded->program->find(*remote_id);
    if (!entry || entry->kind != ElementKind::Treatment || !again)
        return Error{"the entry treatment was not built"};
    launch.entry = entry->treatment.get();
    launch.remote = again->treatment.get();
    if (auto problems = implementation_problems(*launch.entry); !problems.empty())
        return Error{problems.front()};
    return launch;
}

/// The first parse in a process builds the parser's tables and prediction caches (ANTLR: the ATN, then DFA
/// states as decisions are met), which costs more than the parse itself. A worker has nothing to do until the
/// dispatcher's LoadAndLaunch: it parses a text using the language's common constructs meanwhile.
void warm_parser()
{
    static constexpr const char* k_text = R"(use std/flow::trigger
use std/ops/num::|add as |plus
use local/sub::Thing

model Pool(const size: u32 = 4, const name: string) : Thing
{
    size = |plus<u32>(size, 1)
}

treatment step<T: ToString>[pool: Pool](const name: string, var count: i64 = -3,
        const items: Vec<Option<T>> = [_, |wrap<T>(2.5)], const flag: bool = true)
  model local: Pool(name = "x")
  input trigger: Block<void>
  input data: Stream<byte>
  output value: Block<Vec<string>>
  output finished: Block<void>
{
    first: trigger<void>()
    second: trigger<T>[pool = local](label = "a 'quoted' \"text\"", char = 'c', count = |plus<i64>(count, 0x10))
    Self.trigger -> first.stream
    first.start --> second.stream
    second.end ---> Self.finished
    Self.data -> second.data
}
)";
    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    (void)frontend::parse_area(sources, sources.add("<warm-up>", k_text), diags);
}

class DistCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.add_option("-i,--ip", m_ip, "Address to listen on");
        app.add_option("-p,--port", m_port, "Port to listen on (0: any free port, printed when listening)");
        using namespace packages::work::contract; // the worker's options (worker_contract.h)
        app.add_option(std::string("-r,") + k_arg_recv_key, m_recv_key, "Key expected from the dispatcher")->required();
        app.add_option(std::string("-s,") + k_arg_send_key, m_send_key, "Key sent to the dispatcher")->required();
        app.add_flag("--localhost", m_localhost, "Listen on loopback (with a certificate generated at start)");
        app.add_flag(k_arg_disable_tls, m_disable_tls, "Do not use TLS");
        app.add_option(std::string("-c,") + k_arg_certificate, m_certificate, "TLS certificate chain (PEM)");
        app.add_option(std::string("-k,") + k_arg_key, m_key, "TLS private key (PEM)");
        app.add_option(k_arg_wait, m_wait, "Seconds to wait for the dispatcher (default: no limit)");
        app.add_option(k_arg_duration, m_duration, "Maximum duration of the work, in seconds");
        app.add_option("--logs", m_logs, "Append log lines to this file");
        app.add_option("--debug", m_debug, "Write engine debug events as JSON to this file");
        app.add_option(k_arg_socket_fd, m_socket_fd,
                       "Use this inherited, connected socket instead of listening (plain; for local workers)");
    }

    int execute() override
    {
        if (auto misuse = check_options()) {
            say(engine::LogLevel::Error, *misuse);
            return k_exit_usage;
        }
        const auto timing = distrib::Timing::from_environment();
        auto connection = connect(timing);
        if (!connection) {
            say(engine::LogLevel::Error, connection.error().message);
            return k_exit_failure;
        }
        return serve(std::move(connection).value(), timing);
    }

private:
    /// The reference's valid combinations (packages.md §3.6); what is wrong otherwise.
    std::optional<std::string> check_options() const
    {
        if (m_socket_fd >= 0)
            return std::nullopt;
        if (m_port < 0 || m_port > 65535)
            return std::string("--port is required (or --socket-fd)");
        if (m_certificate.empty() != m_key.empty())
            return std::string("--certificate and --key go together");
        if (m_ip.empty() && !m_localhost)
            return std::string("an --ip (or --localhost) is required");
        if (!m_localhost && m_certificate.empty() && !m_disable_tls)
            return std::string("a remote worker needs --certificate and --key, or --disable-tls");
        if (m_disable_tls && !m_certificate.empty())
            return std::string("--disable-tls and --certificate exclude each other");
        return std::nullopt;
    }

    Result<std::shared_ptr<distrib::Connection>> connect(const distrib::Timing& timing)
    {
        if (m_socket_fd >= 0)
            return distrib::Connection::adopt(m_socket_fd, timing, &native_registry());
        const bool have_files = !m_certificate.empty() && !m_key.empty();
        const std::string ip = m_ip.empty() ? std::string("127.0.0.1") : m_ip;
        std::shared_ptr<asio::ssl::context> tls;
        if (!m_disable_tls) {
            auto ctx = have_files ? distrib::server_tls_from_files(m_certificate, m_key)
                                  : distrib::server_tls_self_signed();
            if (!ctx)
                return ctx.error();
            tls = std::move(ctx).value();
        }
        const auto wait = m_wait > 0 ? std::chrono::milliseconds(static_cast<long long>(m_wait * 1000))
                                     : std::chrono::milliseconds(std::chrono::hours(24 * 365));
        return distrib::Connection::accept_one(
            ip, static_cast<std::uint16_t>(m_port), tls, wait, timing, &native_registry(),
            [](const std::string& m) { say(engine::LogLevel::Warning, m); },
            [&](std::uint16_t port) {
                say(engine::LogLevel::Info, fmt::format("listening on {}:{}{}", ip, port, tls ? " (TLS)" : ""));
            });
    }

    int serve(std::shared_ptr<distrib::Connection> c, const distrib::Timing& timing)
    {
        std::jthread warm(warm_parser); // joined before the program is loaded, or on any return
        auto ask = c->receive_now();
        if (!ask) {
            say(engine::LogLevel::Error, "no distribution asked: " + ask.error().message);
            return k_exit_failure;
        }
        const auto* request = std::get_if<distrib::AskDistribution>(&ask.value());
        if (!request) {
            say(engine::LogLevel::Error, fmt::format("no distribution asked ({} received)",
                                                     distrib::message_name(ask.value())));
            return k_exit_failure;
        }
        const auto confirm = distrib::answer_ask(*request, m_recv_key, m_send_key);
        (void)c->send_now(confirm);
        if (!confirm.accept) {
            say(engine::LogLevel::Error, "distribution refused: " + confirm.reason);
            c->abort("refused");
            return k_exit_failure;
        }
        auto load_message = c->receive_now();
        const auto* load = load_message ? std::get_if<distrib::LoadAndLaunch>(&load_message.value()) : nullptr;
        if (!load) {
            say(engine::LogLevel::Error, load_message ? "LoadAndLaunch expected" : load_message.error().message);
            return k_exit_failure;
        }
        warm.join();
        TempDir dir;
        auto launch = prepare(*load, dir.path);
        auto forwarder = std::make_shared<LogForwarder>();
        // As `run` builds them, with the program this worker was shipped: it may distribute in turn.
        const frontend::sema::Program* program = launch ? launch.value().loaded->program.get() : nullptr;
        auto options = run_options(program, {m_logs, m_debug});
        // A worker given its socket by a parent (the local provisioner) shares the parent's terminal: its logs
        // reach it through the protocol only, not a second time on the inherited stdout.
        if (m_socket_fd >= 0)
            options.console = nullptr;
        options.log_observer = [forwarder](const engine::LogRecord& r) { forwarder->record(r); };
        // As the reference's workers, full debug: the events go to the dispatcher, which keeps them when it was
        // asked to (--debug), tagged with this worker's run id.
        options.debug_observer = [forwarder](const std::string& event) { forwarder->debug(event); };
        engine::World world(options);
        if (launch) {
            if (auto s = world.genesis(*launch.value().entry, load->parameters); !s)
                launch = Error{s.error().message};
        }
        if (!launch) {
            say(engine::LogLevel::Error, "launch failed: " + launch.error().message);
            (void)c->send_now(distrib::LaunchStatus{false, launch.error().message, {}, {}});
            c->abort("launch failed");
            return k_exit_failure;
        }
        const TreatmentDescriptor& remote = *launch.value().remote;
        distrib::LaunchStatus status{true, {}, {}, {}};
        std::vector<std::string> inputs, outputs;
        for (const auto& p : remote.inputs) {
            status.inputs.push_back({p.name, port_type_text(p)});
            inputs.push_back(p.name);
        }
        for (const auto& p : remote.outputs) {
            status.outputs.push_back({p.name, port_type_text(p)});
            outputs.push_back(p.name);
        }
        if (auto s = c->send_now(status); !s) {
            say(engine::LogLevel::Error, s.error().message);
            return k_exit_failure;
        }
        auto session = std::make_shared<distrib::WorkerSession>(c, load->entrypoint, inputs, outputs);
        distrib::set_worker_session(session);
        session->start(world);
        forwarder->attach(session);

        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
        std::thread limit;
        if (m_duration > 0)
            limit = std::thread([&] {
                std::unique_lock lock(mutex);
                if (cv.wait_for(lock, std::chrono::milliseconds(static_cast<long long>(m_duration * 1000)),
                                [&] { return done; }))
                    return;
                world.log(engine::LogLevel::Warning, "distrib", "the maximum duration has elapsed: ending");
                session->end("duration");
                // Tracks that do not end by themselves are stopped after the teardown grace.
                if (!cv.wait_for(lock, timing.teardown, [&] { return done; }))
                    world.request_stop();
            });
        const int code = world.live();
        {
            std::lock_guard lock(mutex);
            done = true;
        }
        cv.notify_all();
        if (limit.joinable())
            limit.join();

        (void)c->send(distrib::Signal::Ended);
        (void)c->send(distrib::Signal::LogEnded);
        (void)c->send(distrib::Signal::DebugEnded);
        c->close_after_flush();
        c->abort_after(timing.teardown, "the dispatcher did not take the last messages in time");
        c->join();
        distrib::set_worker_session(nullptr);
        return code;
    }

    std::string m_ip, m_recv_key, m_send_key, m_certificate, m_key, m_logs, m_debug;
    int m_port = -1;
    int m_socket_fd = -1;
    double m_wait = 0, m_duration = 0;
    bool m_localhost = false, m_disable_tls = false;
};

} // namespace

std::unique_ptr<Command> make_dist_command() { return std::make_unique<DistCommand>(); }

} // namespace mel::cli
