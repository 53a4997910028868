#pragma once

// The exec agent's protocol (ours): the worker connects to a container's agent socket (SOCK_SEQPACKET, one
// connection per command) and sends one exec request with the pipe ends the command gets as stdin, stdout and
// stderr (SCM_RIGHTS, in that order, only those that are piped). The agent answers "started" (the command's
// pid in the container) or "failed" (the text of the OS error: the working directory cannot be entered, fork
// failed), then "exited" N or "signaled" S. A "kill" message kills the command's whole process group; closing
// the connection does the same. A "signal" S message sends signal S (SIGINT, SIGTERM) to that process group (the
// engine being stopped by Ctrl-C passes it on). A program that cannot be found is `exited 127` (126: found, not executable),
// as with `docker exec`.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "packages/work/local/wire.h"

namespace mel::packages::work::local {

struct ExecRequest {
    std::vector<std::string> argv; // argv[0] is the program, looked up in the container's PATH
    std::vector<std::pair<std::string, std::string>> variables;
    std::optional<std::string> working_directory;
    bool clear_env = false;
    bool expand_variables = false; // ${NAME} in values taken from the container's environment
    bool stdin_piped = false;
    bool stdout_piped = false;
    bool stderr_piped = false;
};

Strings encode_exec(const ExecRequest& request);
/// false when `message` is not an exec request.
bool decode_exec(const Strings& message, ExecRequest& out);

inline constexpr const char* k_exec = "exec";
inline constexpr const char* k_kill = "kill";
inline constexpr const char* k_signal = "signal";
inline constexpr const char* k_started = "started";
inline constexpr const char* k_failed = "failed";
inline constexpr const char* k_exited = "exited";
inline constexpr const char* k_signaled = "signaled";

} // namespace mel::packages::work::local
