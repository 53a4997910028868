#pragma once

// Logs and debug events (engine.md §6.4, §6.5; DESIGN §4 "Logs").
//
// Every record gets its UTC timestamp when it is emitted. A single writer thread prints records in emission
// order, one whole line per write, so lines never interleave across threads: on the console (stdout) as
// `[2026-11-26T17:10:50.123Z] info: label: message` with the level word bold-coloured only when the console
// is a terminal and NO_COLOR is unset; in the `--logs` file the same line without colour, flushed per line.
// `--debug FILE` receives engine events as a JSON array; when it is not requested, nothing is built.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "runtime/model/result.h"

namespace mel::engine {

using TrackId = std::uint64_t;

/// The reference's levels, in its declaration order.
enum class LogLevel : std::uint8_t { Error, Warning, Info, Debug, Trace };
std::string_view log_level_name(LogLevel level);

struct LogRecord {
    std::chrono::system_clock::time_point time;
    LogLevel level = LogLevel::Info;
    std::string label;
    std::string message;
    std::optional<TrackId> track;
};

/// `2026-11-26T17:10:50.123Z` (RFC 3339, UTC, milliseconds).
std::string format_timestamp(std::chrono::system_clock::time_point time);
/// The console/file line of a record, without the trailing newline.
std::string format_log_line(const LogRecord& record, bool colour);
/// `s` as a JSON string literal, quotes included.
std::string json_string(std::string_view s);

struct LoggerOptions {
    std::FILE* console = stdout;
    /// Colour the level word on the console (normally term::colour_enabled(console)).
    bool colour = false;
    std::optional<std::string> logs_file;
    std::optional<std::string> debug_file;
    /// Called on the writer thread for every record, in order (tests, distribution).
    std::function<void(const LogRecord&)> observer;
    /// Called on the writer thread with every debug event (a JSON object), in order; with it, debug events are
    /// built even without a debug file (a distribution worker forwards them to its dispatcher).
    std::function<void(const std::string&)> debug_observer;
};

class Logger {
public:
    Logger() = default;
    Logger(const Logger&) = delete;
    Logger& operator=(const Logger&) = delete;
    ~Logger();

    /// Opens the files (creating parent directories) and starts the writer thread.
    Status start(LoggerOptions options);
    /// Writes everything queued, closes the files (ending the debug JSON array) and joins the writer.
    void stop();

    void log(LogLevel level, std::string_view label, std::string_view message, std::optional<TrackId> track = {});
    void log(LogRecord record);
    /// How many error-level records were logged so far (`run --fail-on-error`).
    std::uint64_t error_count() const { return m_errors.load(std::memory_order_relaxed); }

    /// Whether debug events are wanted (`--debug`, or a debug observer): callers build events only then.
    bool debug_enabled() const { return m_debug != nullptr || static_cast<bool>(m_options.debug_observer); }
    /// `kind` and `fields_json` (a JSON object body, e.g. `"track":3`) as one event with a timestamp.
    void debug_event(std::string_view kind, std::string_view fields_json);
    /// An event made elsewhere (a JSON object, as text; a distribution worker's), written as it is.
    void debug_json(std::string event);

private:
    struct Entry {
        bool is_debug = false;
        LogRecord record;
        std::string debug_json;
    };
    void push(Entry entry);
    void run();
    void write(const Entry& entry);

    LoggerOptions m_options;
    std::FILE* m_logs = nullptr;
    std::FILE* m_debug = nullptr;
    bool m_first_debug = true;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Entry> m_queue;
    bool m_stopping = false;
    bool m_started = false;
    bool m_running = false; // the writer thread takes entries (guarded by m_mutex)
    std::thread m_thread;
    std::atomic<std::uint64_t> m_errors{0};
};

} // namespace mel::engine
