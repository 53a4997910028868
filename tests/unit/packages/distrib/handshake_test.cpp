// distrib/handshake: exact versions and group, mutual keys, and a refusing worker never reveals its key.

#include <doctest/doctest.h>

#include "packages/distrib/handshake.h"

using namespace mel::packages::distrib;

TEST_CASE("keys compare exactly")
{
    CHECK(keys_equal("abc", "abc"));
    CHECK_FALSE(keys_equal("abc", "abd"));
    CHECK_FALSE(keys_equal("abc", "abcd"));
    CHECK(keys_equal("", ""));
}

TEST_CASE("the worker accepts only the right key, versions and group")
{
    const auto ask = make_ask("K1");
    auto ok = answer_ask(ask, "K1", "K2");
    CHECK(ok.accept);
    CHECK(ok.key == "K2");
    CHECK_FALSE(check_confirm(ok, "K2").has_value());
    CHECK(check_confirm(ok, "K3").value().find("key") != std::string::npos);

    auto wrong_key = answer_ask(ask, "other", "K2");
    CHECK_FALSE(wrong_key.accept);
    CHECK(wrong_key.key.empty()); // never sent to an unauthenticated peer
    CHECK(check_confirm(wrong_key, "K2").value().find("refused") != std::string::npos);

    auto old = ask;
    old.melodium_version = "0.9.0";
    CHECK_FALSE(answer_ask(old, "K1", "K2").accept);
    auto proto = ask;
    proto.protocol_version = "0.1.0";
    CHECK_FALSE(answer_ask(proto, "K1", "K2").accept);
    auto group = ask;
    group.group_id = "00000000-0000-0000-0000-000000000000";
    CHECK_FALSE(answer_ask(group, "K1", "K2").accept);

    auto confirm = ok;
    confirm.protocol_version = "x";
    CHECK(check_confirm(confirm, "K2").has_value());
}
