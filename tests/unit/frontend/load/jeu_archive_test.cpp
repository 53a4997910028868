#include <doctest/doctest.h>

#include "frontend/load/jeu_archive.h"

using namespace mel::frontend;
using mel::Status;

TEST_CASE("the archive starts after the second line feed")
{
    CHECK(jeu_payload_offset(k_jeu_header) == k_jeu_header.size());
    CHECK(jeu_payload_offset("a\nb\nrest") == 4);
    CHECK(jeu_payload_offset("\n\n") == 2);
    CHECK_FALSE(jeu_payload_offset("one line\n"));
    CHECK_FALSE(jeu_payload_offset(""));
}

TEST_CASE("entries are written in order and read back with their data and permissions")
{
    const std::string long_name = std::string(120, 'd') + "/area.mel"; // beyond the 100 bytes of a tar name
    auto payload = write_jeu_payload({{"Compo.toml", "name = \"x\"\n", 0644, 1700000000},
                                      {"b.mel", "", 0600, 0},
                                      {long_name, std::string(70000, 'x'), 0755, 0}});
    REQUIRE(payload.ok());
    CHECK(payload.value().starts_with("BZh9"));
    std::vector<JeuEntry> entries;
    REQUIRE(read_jeu_entries(payload.value(), [&](JeuEntry&& e) {
                entries.push_back(std::move(e));
                return true;
            }).ok());
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].path == "Compo.toml");
    CHECK(entries[0].type == JeuEntry::Type::File);
    CHECK(entries[0].data == "name = \"x\"\n");
    CHECK(entries[1].path == "b.mel");
    CHECK(entries[1].data.empty());
    CHECK(entries[1].permissions == 0600);
    CHECK(entries[2].path == long_name);
    CHECK(entries[2].data == std::string(70000, 'x'));
    CHECK(entries[2].permissions == 0755);

    int seen = 0;
    REQUIRE(read_jeu_entries(payload.value(), [&](JeuEntry&&) { return ++seen < 2; }).ok());
    CHECK(seen == 2); // stopped early
}

TEST_CASE("data that is not a bzip2 tar is an error")
{
    const Status status = read_jeu_entries("definitely not an archive", [](JeuEntry&&) { return true; });
    CHECK_FALSE(status.ok());
    // A bzip2 signature alone is not an archive.
    const Status truncated = read_jeu_entries("BZh9", [](JeuEntry&&) { return true; });
    CHECK_FALSE(truncated.ok());
}
