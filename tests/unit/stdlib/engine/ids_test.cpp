// Run and group identifiers (stdlib/engine/ids.cpp) and the functions exposing them.

#include <doctest/doctest.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "stdlib/engine/ids.h"
#include "tests/unit/stdlib/testing.h"

using namespace mel;
using namespace mel::stdlib::engine;

namespace {
bool is_v4(const std::string& id)
{
    static const std::regex k_v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    return std::regex_match(id, k_v4);
}
} // namespace

TEST_CASE("parse_uuid accepts the uuid crate's four forms and gives the canonical one")
{
    const std::string canonical = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    CHECK(parse_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8") == canonical);
    CHECK(parse_uuid("67E55044-10B1-426F-9247-BB680E5FE0C8") == canonical);
    CHECK(parse_uuid("67e5504410b1426f9247bb680e5fe0c8") == canonical);
    CHECK(parse_uuid("{67e55044-10b1-426f-9247-bb680e5fe0c8}") == canonical);
    CHECK(parse_uuid("urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8") == canonical);
    CHECK(parse_uuid("00000000-0000-0000-0000-000000000000") == "00000000-0000-0000-0000-000000000000");
}

TEST_CASE("parse_uuid rejects everything else")
{
    CHECK_FALSE(parse_uuid(""));
    CHECK_FALSE(parse_uuid("not a uuid"));
    CHECK_FALSE(parse_uuid("67e55044-10b1-426f-9247-bb680e5fe0c"));   // one digit short
    CHECK_FALSE(parse_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8 ")); // trailing space
    CHECK_FALSE(parse_uuid("67e5504410b1-426f-9247-bb680e5fe0c8-"));  // hyphens misplaced
    CHECK_FALSE(parse_uuid("67e55044-10b1-426f-9247-bb680e5fe0cg"));  // not hex
    CHECK_FALSE(parse_uuid("67e55044-10b1-426f-9247bb680e5fe0c8a"));  // 36 chars, hyphen missing
    CHECK_FALSE(parse_uuid("(67e55044-10b1-426f-9247-bb680e5fe0c8)"));
    CHECK_FALSE(parse_uuid("URN:UUID:67e55044-10b1-426f-9247-bb680e5fe0c8"));
    CHECK_FALSE(parse_uuid("67e5504410b1426f9247bb680e5fe0c+"));
}

TEST_CASE("random_uuid_v4 gives distinct version 4 identifiers")
{
    std::set<std::string> seen;
    for (int i = 0; i < 64; ++i) {
        const std::string id = random_uuid_v4();
        CHECK(is_v4(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 64);
}

// The ids are fixed per process: these are the only tests of the binary that touch them.
TEST_CASE("the group id comes from MELODIUM_GROUP_ID; the run id is random when unset, and both stay fixed")
{
    REQUIRE(::setenv("MELODIUM_GROUP_ID", "{ABCDEF00-1111-2222-3333-444455556666}", 1) == 0);
    REQUIRE(::unsetenv("MELODIUM_RUN_ID") == 0);

    const std::string group = mel::stdlib::testing::call_ok("std/engine::|group_id", {}).as_string();
    CHECK(group == "abcdef00-1111-2222-3333-444455556666");
    const std::string run = mel::stdlib::testing::call_ok("std/engine::|run_id", {}).as_string();
    CHECK(is_v4(run));

    REQUIRE(::setenv("MELODIUM_RUN_ID", "11111111-2222-3333-4444-555555555555", 1) == 0);
    CHECK(mel::stdlib::testing::call_ok("std/engine::|run_id", {}).as_string() == run);
    CHECK(run_id() == run);
    CHECK(group_id() == group);
    CHECK_FALSE(set_run_id("11111111-2222-3333-4444-555555555555")); // already fixed
    CHECK_FALSE(set_group_id("11111111-2222-3333-4444-555555555555"));
}
