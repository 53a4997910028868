// work/containers image archives: digests, reproducible `docker save` archives whose layer digest is the one
// the configuration names.

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "packages/work/containers/image_archive.h"
#include "tests/unit/packages/testing/program.h"
#include "tests/unit/packages/work/containers/archive_reader.h"

using namespace mel::packages::work::containers;
using mel::packages::testing::TempDir;

namespace {

std::string file_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

TEST_CASE("image archive: SHA-256 of bytes and of files")
{
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    TempDir dir;
    mel::packages::testing::write_file(dir / "f", "abc");
    CHECK(sha256_file(dir / "f").value() == sha256_hex("abc"));
    const auto missing = sha256_file(dir / "missing");
    REQUIRE(!missing.ok());
    CHECK(missing.error().message == "cannot read " + (dir / "missing") + ": No such file or directory");
}

TEST_CASE("image archive: the same content gives the same bytes; the configuration names the layer's digest")
{
    TempDir dir;
    mel::packages::testing::write_file(dir / "hello", "hello\n");
    const std::vector<LayerEntry> entries{{LayerEntry::Kind::Directory, "bin", 0755, {}, {}},
                                          {LayerEntry::Kind::File, "bin/hello", 0755, dir / "hello", {}},
                                          {LayerEntry::Kind::Text, "etc/motd", 0644, {}, "hi\n"}};
    const ImageConfig config{.entrypoint = {"/bin/hello"}, .cmd = {"x"}, .env = {"A=1"}, .labels = {{"k", "v"}}};
    REQUIRE(write_image_archive(dir / "a.tar", entries, config, {"localhost/t:1"}, dir.path().string()).ok());
    REQUIRE(write_image_archive(dir / "b.tar", entries, config, {"localhost/t:1"}, dir.path().string()).ok());
    CHECK(file_bytes(dir / "a.tar") == file_bytes(dir / "b.tar"));
    CHECK(!std::filesystem::exists(dir / "layer.tar"));

    const auto members = read_archive_file(dir / "a.tar");
    REQUIRE(members.size() == 4);
    const std::string& config_text = members[0].data;
    const std::string& layer = members[2].data;
    CHECK(members[1].directory);
    CHECK(members[2].path == members[1].path + "/layer.tar");
    CHECK(members[1].path == sha256_hex(layer));
    CHECK(members[0].path == sha256_hex(config_text) + ".json");
    CHECK(config_text.find("\"diff_ids\":[\"sha256:" + sha256_hex(layer) + "\"]") != std::string::npos);
    CHECK(config_text.find("\"Entrypoint\":[\"/bin/hello\"],\"Cmd\":[\"x\"],\"Env\":[\"A=1\"],\"Labels\":{\"k\":\"v\"}") !=
          std::string::npos);
    CHECK(config_text.find("\"architecture\":\"" + image_architecture() + "\"") != std::string::npos);
    CHECK(members[3].path == "manifest.json");
    CHECK(members[3].data == "[{\"Config\":\"" + members[0].path + "\",\"RepoTags\":[\"localhost/t:1\"],\"Layers\":[\"" +
                                 members[2].path + "\"]}]");
    const auto layer_members = read_archive_memory(layer);
    REQUIRE(layer_members.size() == 3);
    CHECK(layer_members[1].data == "hello\n");
    CHECK(layer_members[2].data == "hi\n");
    CHECK(layer_members[2].mode == 0644);

    const auto failed = write_image_archive(dir / "c.tar", {{LayerEntry::Kind::File, "x", 0755, dir / "nope", {}}},
                                            config, {"localhost/t:1"}, dir.path().string());
    REQUIRE(!failed.ok());
    CHECK(failed.error().message == "cannot read " + (dir / "nope") + ": No such file or directory");
}
