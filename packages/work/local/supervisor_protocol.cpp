// The helpers' control messages (supervisor_protocol.h): the one place that spells them.

#include "packages/work/local/supervisor_protocol.h"

namespace mel::packages::work::local {

namespace {

constexpr const char* k_log = "log";
constexpr const char* k_ready = "ready";
constexpr const char* k_failed = "failed";
constexpr const char* k_done = "done";

engine::LogLevel level_named(const std::string& name)
{
    for (const auto level : {engine::LogLevel::Error, engine::LogLevel::Warning, engine::LogLevel::Debug})
        if (name == engine::log_level_name(level))
            return level;
    return engine::LogLevel::Info;
}

} // namespace

Strings encode_log(engine::LogLevel level, const std::string& label, const std::string& text)
{
    return {k_log, std::string(engine::log_level_name(level)), label, text};
}

Strings encode_ready()
{
    return {k_ready};
}

Strings encode_failed(const std::string& text)
{
    return {k_failed, text};
}

Strings encode_done(const std::string& worker_exit, const std::vector<std::string>& notes)
{
    Strings out{k_done, worker_exit};
    out.insert(out.end(), notes.begin(), notes.end());
    return out;
}

std::optional<ControlMessage> parse_control(const Strings& message)
{
    if (message.empty())
        return std::nullopt;
    const std::string& kind = message[0];
    ControlMessage out;
    if (kind == k_log && message.size() == 4) {
        out.kind = ControlKind::Log;
        out.level = level_named(message[1]);
        out.label = message[2];
        out.text = message[3];
    } else if (kind == k_ready && message.size() == 1) {
        out.kind = ControlKind::Ready;
    } else if (kind == k_failed && message.size() == 2) {
        out.kind = ControlKind::Failed;
        out.text = message[1];
    } else if (kind == k_done && message.size() >= 2) {
        out.kind = ControlKind::Done;
        out.worker_exit = message[1];
        out.notes.assign(message.begin() + 2, message.end());
    } else {
        return std::nullopt;
    }
    return out;
}

} // namespace mel::packages::work::local
