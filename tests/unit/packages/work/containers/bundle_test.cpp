// work/containers bundle: the closure (loader, libc, every loaded object), the archive's exact entries, the
// content hash, the cache.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <sys/stat.h>

#include "packages/work/containers/bundle.h"
#include "packages/work/containers/elf.h"
#include "tests/unit/packages/testing/program.h"
#include "tests/unit/packages/work/containers/archive_reader.h"

using namespace mel::packages::work::containers;
using mel::packages::testing::TempDir;
namespace stdfs = std::filesystem;

namespace {

std::set<std::string> names(const BundleContent& content)
{
    std::set<std::string> out;
    for (const auto& library : content.libraries)
        out.insert(library.name);
    return out;
}

std::set<std::string> canonical_sources(const BundleContent& content)
{
    std::set<std::string> out;
    for (const auto& library : content.libraries)
        out.insert(stdfs::canonical(library.source).string());
    return out;
}

/// Every shared object mapped into this process, by /proc/self/maps (independent of dl_iterate_phdr).
std::set<std::string> mapped_shared_objects()
{
    std::ifstream maps("/proc/self/maps");
    std::set<std::string> out;
    for (std::string line; std::getline(maps, line);) {
        const auto slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        const std::string path = line.substr(slash);
        if (path.find(".so") != std::string::npos && stdfs::exists(path))
            out.insert(stdfs::canonical(path).string());
    }
    return out;
}

std::string dynamic_test_binary()
{
    for (const char* candidate : {"/usr/bin/true", "/bin/true"})
        if (stdfs::exists(candidate))
            return candidate;
    return "/bin/true";
}

const std::string& find_member(const std::vector<ArchiveMember>& members, const std::string& suffix)
{
    const auto it = std::find_if(members.begin(), members.end(),
                                 [&](const ArchiveMember& m) { return m.path.ends_with(suffix); });
    REQUIRE(it != members.end());
    return it->data;
}

} // namespace

TEST_CASE("bundle: the running process's closure has the binary, the loader, libc and every mapped object")
{
    const auto content = running_process_content();
    REQUIRE(content.ok());
    CHECK(stdfs::canonical(content.value().binary) == stdfs::canonical("/proc/self/exe"));
    REQUIRE(!content.value().loader.empty());
    const auto bundled = names(content.value());
    CHECK(bundled.count(content.value().loader) == 1);
    CHECK(content.value().loader.starts_with("ld-linux"));
    CHECK(bundled.count("libc.so.6") == 1);
    CHECK(bundled.count("libstdc++.so.6") == 1);
    const auto sources = canonical_sources(content.value());
    for (const std::string& mapped : mapped_shared_objects()) {
        INFO("mapped: " << mapped);
        CHECK(sources.count(mapped) == 1);
    }
    CHECK(std::is_sorted(content.value().libraries.begin(), content.value().libraries.end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; }));
}

TEST_CASE("bundle: a binary's closure by its loader equals what the running process loaded")
{
    const auto loaded = running_process_content();
    const auto listed = binary_content(stdfs::read_symlink("/proc/self/exe").string());
    REQUIRE(loaded.ok());
    REQUIRE(listed.ok());
    CHECK(names(listed.value()) == names(loaded.value()));
    CHECK(listed.value().loader == loaded.value().loader);
    CHECK(canonical_sources(listed.value()) == canonical_sources(loaded.value()));
}

TEST_CASE("bundle: the command runs melodium through the bundled loader")
{
    const auto content = binary_content(dynamic_test_binary());
    REQUIRE(content.ok());
    CHECK(bundle_command(content.value()) ==
          std::vector<std::string>{"/melodium/lib/" + content.value().loader, "--library-path", "/melodium/lib",
                                   "/melodium/bin/melodium"});
}

TEST_CASE("bundle: files that cannot be read are named")
{
    TempDir dir;
    const auto missing = binary_content(dir / "nothing");
    REQUIRE(!missing.ok());
    CHECK(missing.error().message.find(dir / "nothing") != std::string::npos);

    mel::packages::testing::write_file(dir / "text", "not an executable\n");
    const auto not_elf = binary_content(dir / "text");
    REQUIRE(!not_elf.ok());
    CHECK(not_elf.error().message == "cannot read " + (dir / "text") + ": not an ELF file");

    auto content = binary_content(dynamic_test_binary());
    REQUIRE(content.ok());
    content.value().libraries.back().source = dir / "gone.so";
    const auto hash = bundle_hash(content.value());
    REQUIRE(!hash.ok());
    CHECK(hash.error().message == "cannot read " + (dir / "gone.so") + ": No such file or directory");
    const auto made = make_bundle({.cache_dir = dir / "cache", .binary = dir / "nothing"});
    REQUIRE(!made.ok());
    CHECK(made.error().message.find(dir / "nothing") != std::string::npos);
}

TEST_CASE("bundle: the hash follows the content, not the paths")
{
    TempDir dir;
    auto content = binary_content(dynamic_test_binary());
    REQUIRE(content.ok());
    const auto before = bundle_hash(content.value());
    REQUIRE(before.ok());
    CHECK(before.value().size() == 64);

    auto& libc = *std::find_if(content.value().libraries.begin(), content.value().libraries.end(),
                               [](const auto& l) { return l.name == "libc.so.6"; });
    stdfs::copy_file(libc.source, dir / "libc.so.6");
    libc.source = dir / "libc.so.6";
    CHECK(bundle_hash(content.value()).value() == before.value()); // same bytes elsewhere: same bundle
    std::ofstream(dir / "libc.so.6", std::ios::app) << '\0';
    CHECK(bundle_hash(content.value()).value() != before.value()); // one byte more: another bundle

    content = binary_content(dynamic_test_binary());
    content.value().binary = dir / "libc.so.6"; // another file as the binary
    CHECK(bundle_hash(content.value()).value() != before.value());
}

TEST_CASE("bundle: files' digests are remembered by identity, and a changed file is read again")
{
    TempDir dir;
    auto content = binary_content(dynamic_test_binary());
    REQUIRE(content.ok());
    stdfs::copy_file(content.value().binary, dir / "binary");
    content.value().binary = dir / "binary";
    const auto plain = bundle_hash(content.value());
    const auto first = bundle_hash(content.value(), dir / "digests");
    REQUIRE(first.ok());
    CHECK(first.value() == plain.value()); // remembering changes nothing
    const auto memos = std::distance(stdfs::directory_iterator(dir / "digests"), stdfs::directory_iterator());
    CHECK(memos == static_cast<long>(content.value().libraries.size()) + 1);

    // The memos are what is used: replaced by other digests, the hash changes.
    for (const auto& memo : stdfs::directory_iterator(dir / "digests"))
        std::ofstream(memo.path()) << std::string(64, '0') << '\n';
    CHECK(bundle_hash(content.value(), dir / "digests").value() != first.value());

    // A file changed in place is read again, not taken from its memo.
    stdfs::remove_all(dir / "digests");
    CHECK(bundle_hash(content.value(), dir / "digests").value() == first.value());
    std::ofstream(dir / "binary", std::ios::app) << '\0';
    CHECK(bundle_hash(content.value(), dir / "digests").value() == bundle_hash(content.value()).value());
    CHECK(bundle_hash(content.value(), dir / "digests").value() != first.value());
}

TEST_CASE("bundle: the archive is a `docker save` image with exactly the bundle's entries, tagged by hash")
{
    TempDir dir;
    const auto content = binary_content(dynamic_test_binary());
    REQUIRE(content.ok());
    const auto bundle = make_bundle({.cache_dir = dir / "cache", .binary = dynamic_test_binary()});
    REQUIRE(bundle.ok());
    CHECK(!bundle.value().reused);
    CHECK(bundle.value().hash == bundle_hash(content.value()).value());
    CHECK(std::regex_match(bundle.value().reference, std::regex("localhost/melodium-worker:[0-9.]+-[0-9a-f]{12}")));
    CHECK(bundle.value().reference.ends_with("-" + bundle.value().hash.substr(0, 12)));
    CHECK(bundle.value().tar_path == dir / "cache" + "/melodium-worker-" + bundle.value().hash + ".tar");
    CHECK(bundle.value().command == bundle_command(content.value()));

    const auto outer = read_archive_file(bundle.value().tar_path);
    REQUIRE(outer.size() == 4);
    const std::string& manifest = find_member(outer, "manifest.json");
    CHECK(manifest.find("\"RepoTags\":[\"" + bundle.value().reference + "\"]") != std::string::npos);
    const std::string& layer = find_member(outer, "/layer.tar");
    const auto config_member = std::find_if(outer.begin(), outer.end(), [](const auto& m) {
        return m.path.ends_with(".json") && m.path != "manifest.json";
    });
    REQUIRE(config_member != outer.end());
    const std::string& config = config_member->data;
    CHECK(config.find("\"Entrypoint\":[\"/melodium/lib/" + content.value().loader +
                      "\",\"--library-path\",\"/melodium/lib\",\"/melodium/bin/melodium\"]") != std::string::npos);
    CHECK(config.find("\"org.melodium.bundle.hash\":\"" + bundle.value().hash + "\"") != std::string::npos);

    std::vector<std::string> expected{"etc/", "etc/group", "etc/passwd", "melodium/", "melodium/bin/",
                                      "melodium/bin/melodium", "melodium/lib/"};
    for (const auto& library : content.value().libraries)
        expected.push_back("melodium/lib/" + library.name);
    expected.push_back("tmp/");
    const auto entries = read_archive_memory(layer);
    std::vector<std::string> listed;
    for (const auto& entry : entries)
        listed.push_back(entry.path + (entry.directory ? "/" : ""));
    CHECK(listed == expected);
    for (const auto& entry : entries) {
        INFO(entry.path);
        if (entry.path == "tmp")
            CHECK(entry.mode == 01777);
        if (entry.path == "melodium/bin/melodium") // stripped: what the program headers map
            CHECK(entry.data.size() == read_elf_layout(dynamic_test_binary()).value().loaded_end);
        CHECK(entry.uid == 0);
    }
    CHECK(find_member(entries, "etc/passwd").starts_with("root:x:0:0:"));
}

TEST_CASE("bundle: with DebugInfo::Keep the binary is bundled whole, as another bundle")
{
    TempDir dir;
    const auto stripped = make_bundle({.cache_dir = dir / "cache", .binary = dynamic_test_binary()});
    const auto kept = make_bundle(
        {.cache_dir = dir / "cache", .binary = dynamic_test_binary(), .debug_info = DebugInfo::Keep});
    REQUIRE(stripped.ok());
    REQUIRE(kept.ok());
    CHECK(kept.value().hash != stripped.value().hash);
    const auto outer = read_archive_file(kept.value().tar_path);
    const auto entries = read_archive_memory(find_member(outer, "/layer.tar"));
    CHECK(find_member(entries, "melodium/bin/melodium").size() == stdfs::file_size(dynamic_test_binary()));
}

TEST_CASE("bundle: the cache is reused, and a changed binary makes another archive")
{
    TempDir dir;
    stdfs::copy_file(dynamic_test_binary(), dir / "melodium");
    const BundleOptions options{.cache_dir = dir / "cache", .binary = dir / "melodium"};
    const auto first = make_bundle(options);
    REQUIRE(first.ok());
    struct stat made {};
    REQUIRE(::stat(first.value().tar_path.c_str(), &made) == 0);

    const auto second = make_bundle(options);
    REQUIRE(second.ok());
    CHECK(second.value().reused);
    CHECK(second.value().tar_path == first.value().tar_path);
    CHECK(second.value().reference == first.value().reference);
    struct stat again {};
    REQUIRE(::stat(second.value().tar_path.c_str(), &again) == 0);
    CHECK(again.st_ino == made.st_ino);
    CHECK(again.st_mtim.tv_nsec == made.st_mtim.tv_nsec);

    std::ofstream(dir / "melodium", std::ios::app) << "changed";
    const auto third = make_bundle(options);
    REQUIRE(third.ok());
    CHECK(!third.value().reused);
    CHECK(third.value().hash != first.value().hash);
    CHECK(third.value().reference != first.value().reference);
    CHECK(stdfs::exists(first.value().tar_path));
    std::set<std::string> left;
    for (const auto& entry : stdfs::directory_iterator(dir / "cache"))
        left.insert(entry.path().filename().string());
    CHECK(left.size() == 5); // two archives and their locks, the files' digests: no work directory left behind
    CHECK(left.count("digests") == 1);
}

TEST_CASE("bundle: the default cache is $XDG_CACHE_HOME's, else /var/cache for root, never the home directory")
{
    const char* saved = std::getenv("XDG_CACHE_HOME");
    const std::string previous = saved ? saved : "";
    ::setenv("XDG_CACHE_HOME", "/somewhere/cache", 1);
    CHECK(default_bundle_cache() == "/somewhere/cache/melodium/bundles");
    ::unsetenv("XDG_CACHE_HOME");
    if (::geteuid() == 0)
        CHECK(default_bundle_cache() == "/var/cache/melodium/bundles");
    else
        CHECK(default_bundle_cache().ends_with("/.cache/melodium/bundles"));
    if (saved)
        ::setenv("XDG_CACHE_HOME", previous.c_str(), 1);
}
