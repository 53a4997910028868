#pragma once

// The control protocol of the local provisioner's helpers (ours; messages framed by wire.h). Two
// conversations use it, each over the helper's status socket (k_helper_status_fd, helpers.h):
//   supervisor → dispatcher   "log" level label text (any time), then "ready" (the pod and the worker are up) or
//                             "failed" text (provisioning failed), and last "done" worker-exit note… (the pod is
//                             torn down: the worker's exit code or "none", then the non-fatal notes)
//   container/service → supervisor   "log" level label text, then "ready" or "failed" text
// The dispatcher sends nothing: it shuts its end down (cancel()) or dies, and the supervisor tears the pod
// down at once. Levels are log_level_name()'s names; an unknown one reads as info.

#include <optional>
#include <string>
#include <vector>

#include "packages/work/local/wire.h"
#include "runtime/engine/log.h"

namespace mel::packages::work::local {

enum class ControlKind { Log, Ready, Failed, Done };

struct ControlMessage {
    ControlKind kind = ControlKind::Ready;
    engine::LogLevel level = engine::LogLevel::Info; // Log
    std::string label;                               // Log
    std::string text;                                // Log, Failed
    std::string worker_exit;                         // Done: the exit code, or "none"
    std::vector<std::string> notes;                  // Done
};

Strings encode_log(engine::LogLevel level, const std::string& label, const std::string& text);
Strings encode_ready();
Strings encode_failed(const std::string& text);
Strings encode_done(const std::string& worker_exit, const std::vector<std::string>& notes);

/// nullopt when `message` is not a well-formed control message.
std::optional<ControlMessage> parse_control(const Strings& message);

/// worker_exit when the worker did not exit by itself (a signal, the teardown).
inline constexpr const char* k_no_exit_code = "none";

} // namespace mel::packages::work::local
