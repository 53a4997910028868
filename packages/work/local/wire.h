#pragma once

// The local provisioner's messages (ours, not the reference's): every message is one SOCK_SEQPACKET packet
// holding a list of strings (a u32 count, then per string a u32 length and its bytes), optionally with
// descriptors passed alongside (SCM_RIGHTS). Three conversations use it:
//   dispatcher ← supervisor    (supervisor_protocol.h)
//   supervisor ← agents        (supervisor_protocol.h)
//   worker ↔ exec agent        (agent_protocol.h)
// All calls are plain blocking or non-blocking syscalls: usable in the single-threaded helper processes and
// from any thread of the engine.

#include <string>
#include <string_view>
#include <vector>

namespace mel::packages::work::local {

using Strings = std::vector<std::string>;

/// Largest message accepted (an exec request carries an environment).
inline constexpr std::size_t k_max_message = 1 << 20;
/// Most descriptors in one message.
inline constexpr std::size_t k_max_fds = 4;

std::string encode_strings(const Strings& strings);
/// false when `bytes` is not a well-formed list.
bool decode_strings(std::string_view bytes, Strings& out);

/// Sends one message with `fds` (borrowed, not closed). 0 on success, else an errno value (never raises
/// SIGPIPE). `dont_wait`: MSG_DONTWAIT.
int send_message(int socket, const Strings& message, const std::vector<int>& fds = {}, bool dont_wait = false);

enum class Received { Message, End, WouldBlock, Error };
/// Receives one message; descriptors that came with it are appended to `fds` (close-on-exec, owned by the
/// caller). End: the peer closed. A malformed message is an Error (EPROTO in errno).
Received receive_message(int socket, Strings& message, std::vector<int>* fds = nullptr, bool dont_wait = false);

/// Like receive_message, but waits at most `timeout_ms` (-1: no limit); WouldBlock when the time ran out.
Received receive_message_within(int socket, Strings& message, int timeout_ms, std::vector<int>* fds = nullptr);

/// connect() / bind() of a SOCK_SEQPACKET Unix socket (close-on-exec) at `path`. Paths longer than sun_path
/// (run directories can be deep) go through /proc/self/fd/<directory>/<name>. The socket, or -1 with errno.
int connect_unix(const std::string& path);
int bind_unix(const std::string& path);

} // namespace mel::packages::work::local
