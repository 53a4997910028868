#pragma once

// distrib — the handshake (packages.md §3.2): the dispatcher presents the worker's receive key, the worker
// answers with the dispatcher's key; both check the Mélodium version, the protocol version and the group id,
// exactly. Keys are compared in constant time. A refusing worker does not send its key.

#include <optional>
#include <string>
#include <string_view>

#include "packages/distrib/messages.h"

namespace mel::packages::distrib {

/// Whether two keys are equal, in time independent of where they differ.
bool keys_equal(std::string_view a, std::string_view b);

/// What the dispatcher sends, with this engine's versions, run id and group id.
AskDistribution make_ask(const std::string& key);
/// The worker's answer to `ask` given its receive and send keys: accepted, or refused with the reason.
ConfirmDistribution answer_ask(const AskDistribution& ask, const std::string& recv_key, const std::string& send_key);
/// The dispatcher's check of the answer: why it is refused, or nullopt.
std::optional<std::string> check_confirm(const ConfirmDistribution& confirm, const std::string& self_key);

} // namespace mel::packages::distrib
