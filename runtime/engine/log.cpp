#include "runtime/engine/log.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "runtime/model/term.h"

namespace mel::engine {

namespace {

term::Style level_style(LogLevel level)
{
    switch (level) {
    case LogLevel::Error: return term::Style::BoldRed;
    case LogLevel::Warning: return term::Style::BoldYellow;
    case LogLevel::Info: return term::Style::BoldBlue;
    case LogLevel::Debug: return term::Style::BoldMagenta;
    case LogLevel::Trace: return term::Style::Dim;
    }
    return term::Style::Plain;
}

Result<std::FILE*> open_file(const std::string& path, const char* mode)
{
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty())
        std::filesystem::create_directories(parent, ec);
    if (ec)
        return Error{fmt::format("cannot create the directory of `{}`: {}", path, ec.message())};
    std::FILE* f = std::fopen(path.c_str(), mode);
    if (!f)
        return Error{fmt::format("cannot open `{}`: {}", path, std::strerror(errno))};
    return f;
}

void write_line(std::FILE* f, const std::string& line)
{
    std::fwrite(line.data(), 1, line.size(), f);
    std::fflush(f);
}

} // namespace

std::string_view log_level_name(LogLevel level)
{
    switch (level) {
    case LogLevel::Error: return "error";
    case LogLevel::Warning: return "warning";
    case LogLevel::Info: return "info";
    case LogLevel::Debug: return "debug";
    case LogLevel::Trace: return "trace";
    }
    return "info";
}

std::string format_timestamp(std::chrono::system_clock::time_point time)
{
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
    auto seconds = static_cast<std::time_t>(ms / 1000);
    auto millis = ms % 1000;
    if (millis < 0) {
        millis += 1000;
        --seconds;
    }
    std::tm tm{};
    ::gmtime_r(&seconds, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

std::string format_log_line(const LogRecord& record, bool colour)
{
    return fmt::format("[{}] {}: {}: {}", format_timestamp(record.time),
                       term::paint(log_level_name(record.level), level_style(record.level), colour), record.label,
                       record.message);
}

std::string json_string(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

Logger::~Logger() { stop(); }

Status Logger::start(LoggerOptions options)
{
    m_options = std::move(options);
    if (m_options.logs_file) {
        auto f = open_file(*m_options.logs_file, "a");
        if (!f)
            return f.error();
        m_logs = f.value();
    }
    if (m_options.debug_file) {
        auto f = open_file(*m_options.debug_file, "w");
        if (!f)
            return f.error();
        m_debug = f.value();
        write_line(m_debug, "[\n");
    }
    m_started = true;
    m_running = true;
    m_thread = std::thread([this] { run(); });
    return success();
}

void Logger::stop()
{
    if (!m_started)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    m_thread.join();
    m_started = false;
    if (m_logs)
        std::fclose(m_logs);
    if (m_debug) {
        write_line(m_debug, "\n]\n");
        std::fclose(m_debug);
    }
    m_logs = m_debug = nullptr;
    if (m_options.console)
        std::fflush(m_options.console);
}

void Logger::log(LogLevel level, std::string_view label, std::string_view message, std::optional<TrackId> track)
{
    log(LogRecord{std::chrono::system_clock::now(), level, std::string(label), std::string(message), track});
}

void Logger::log(LogRecord record)
{
    if (record.level == LogLevel::Error)
        m_errors.fetch_add(1, std::memory_order_relaxed);
    Entry e;
    e.record = std::move(record);
    push(std::move(e));
}

void Logger::debug_event(std::string_view kind, std::string_view fields_json)
{
    if (!debug_enabled())
        return;
    Entry e;
    e.is_debug = true;
    e.debug_json = fmt::format("{{\"event\":{},\"time\":{}{}{}}}", json_string(kind),
                               json_string(format_timestamp(std::chrono::system_clock::now())),
                               fields_json.empty() ? "" : ",", fields_json);
    push(std::move(e));
}

void Logger::debug_json(std::string event)
{
    if (!debug_enabled())
        return;
    Entry e;
    e.is_debug = true;
    e.debug_json = std::move(event);
    push(std::move(e));
}

void Logger::push(Entry entry)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_running) {
            // No writer thread (before start, after stop): write here, serialised by the mutex.
            write(entry);
            return;
        }
        m_queue.push_back(std::move(entry));
    }
    m_cv.notify_one();
}

void Logger::run()
{
    std::unique_lock lock(m_mutex);
    while (true) {
        m_cv.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
        while (!m_queue.empty()) {
            Entry e = std::move(m_queue.front());
            m_queue.pop_front();
            lock.unlock();
            write(e);
            lock.lock();
        }
        if (m_stopping) {
            m_running = false;
            return;
        }
    }
}

void Logger::write(const Entry& e)
{
    if (e.is_debug) {
        if (m_debug) {
            write_line(m_debug, (m_first_debug ? "" : ",\n") + e.debug_json);
            m_first_debug = false;
        }
        if (m_options.debug_observer)
            m_options.debug_observer(e.debug_json);
        return;
    }
    if (m_options.console)
        write_line(m_options.console, format_log_line(e.record, m_options.colour) + "\n");
    if (m_logs)
        write_line(m_logs, format_log_line(e.record, false) + "\n");
    if (m_options.observer)
        m_options.observer(e.record);
}

} // namespace mel::engine
