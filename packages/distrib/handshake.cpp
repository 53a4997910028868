// distrib — the handshake (packages.md §3.2, §3.4 step 2).

#include "packages/distrib/handshake.h"

#include <melodium/version.h>

#include <fmt/format.h>
#include <openssl/crypto.h>

#include "stdlib/engine/ids.h"

namespace mel::packages::distrib {

namespace {

/// The first difference of versions or group, or nullopt.
std::optional<std::string> mismatch(std::string_view what, const std::string& theirs, const std::string& ours)
{
    if (theirs == ours)
        return std::nullopt;
    return fmt::format("{} differs: {} here, {} there", what, ours, theirs.substr(0, 64));
}

} // namespace

bool keys_equal(std::string_view a, std::string_view b)
{
    // The length of a key is not secret (a UUID); its content is.
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

AskDistribution make_ask(const std::string& key)
{
    return AskDistribution{k_language_version, k_protocol_version, key, stdlib::engine::run_id(),
                           stdlib::engine::group_id()};
}

ConfirmDistribution answer_ask(const AskDistribution& ask, const std::string& recv_key, const std::string& send_key)
{
    ConfirmDistribution confirm;
    confirm.melodium_version = k_language_version;
    confirm.protocol_version = k_protocol_version;
    confirm.run_id = stdlib::engine::run_id();
    confirm.group_id = stdlib::engine::group_id();
    std::optional<std::string> refusal;
    if (auto m = mismatch("the Mélodium version", ask.melodium_version, k_language_version))
        refusal = m;
    else if (auto p = mismatch("the protocol version", ask.protocol_version, k_protocol_version))
        refusal = p;
    else if (auto g = mismatch("the group id", ask.group_id, stdlib::engine::group_id()))
        refusal = g;
    else if (!keys_equal(ask.key, recv_key))
        refusal = "wrong key";
    if (refusal) {
        confirm.reason = *refusal;
        return confirm;
    }
    confirm.accept = true;
    confirm.key = send_key;
    return confirm;
}

std::optional<std::string> check_confirm(const ConfirmDistribution& confirm, const std::string& self_key)
{
    if (!confirm.accept)
        return fmt::format("the worker refused the distribution: {}", confirm.reason.substr(0, 200));
    if (auto m = mismatch("the Mélodium version", confirm.melodium_version, k_language_version))
        return m;
    if (auto p = mismatch("the protocol version", confirm.protocol_version, k_protocol_version))
        return p;
    if (auto g = mismatch("the group id", confirm.group_id, stdlib::engine::group_id()))
        return g;
    if (!keys_equal(confirm.key, self_key))
        return std::string("the worker did not answer with the expected key");
    return std::nullopt;
}

} // namespace mel::packages::distrib
