#include <doctest/doctest.h>

#include "frontend/load/jeu_write.h"
#include "frontend/load/package_finder.h"
#include "frontend/load/standalone_package.h"
#include "messages.h"
#include "temp_dir.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;
namespace fs = std::filesystem;

namespace {

class FakeNative final : public Package {
public:
    FakeNative(std::string name, std::string_view version)
    {
        m_info.name = std::move(name);
        m_info.version = Version::parse(version).value();
        m_info.kind = PackageKind::Native;
        m_info.location = "[native]";
    }
    const PackageInfo& info() const override { return m_info; }
    std::optional<AreaSource> area(const std::vector<std::string>&) const override { return std::nullopt; }
    std::vector<std::vector<std::string>> areas() const override { return {}; }

private:
    PackageInfo m_info;
};

Dependency dependency(std::string name, std::string_view requirement)
{
    return Dependency{std::move(name), VersionReq::parse(requirement).value()};
}

std::string standalone(std::string_view name, std::string_view version, std::string_view require = "")
{
    std::string text = "#! name = " + std::string(name) + "\n#! version = " + std::string(version) + "\n";
    if (!require.empty())
        text += "#! require = " + std::string(require) + "\n";
    return text + "treatment main() {}\n";
}

std::string compo(std::string_view name, std::string_view version)
{
    return "name = \"" + std::string(name) + "\"\nversion = \"" + std::string(version) + "\"\n";
}

struct Finder {
    SourceManager sources;
    Diagnostics diags;
    PackageFinder finder{sources, diags};

    std::string version_of(std::string name, std::string_view requirement)
    {
        const auto found = finder.find(dependency(std::move(name), requirement));
        return found ? found->info().version.to_string() : "none";
    }
    Lines errors() const { return messages(sources, diags); }
};

} // namespace

TEST_CASE("natives come first, then given packages, then search locations")
{
    TempDir dir;
    dir.write("libs/std.mel", standalone("std", "0.10.5"));
    dir.write("libs/tool.mel", standalone("tool", "1.9.0"));
    Finder f;
    f.finder.add_search_location(dir / "libs");
    f.finder.add_native(std::make_shared<FakeNative>("std", "0.10.2"));
    f.finder.add_given(make_standalone_package(standalone("tool", "1.5.0"), "given.mel", f.sources, f.diags));
    const auto std_package = f.finder.find(dependency("std", "0.10.2"));
    REQUIRE(std_package);
    CHECK(std_package->info().kind == PackageKind::Native);
    CHECK(f.version_of("tool", "1") == "1.5.0");
    CHECK(f.version_of("std", "^0.10.4") == "0.10.5"); // the native one does not match
    CHECK(f.errors().empty());
}

TEST_CASE("the first package whose version matches wins; L0209 when none does")
{
    TempDir dir;
    dir.write("libs/lib_one.mel", standalone("lib", "1.2.0"));
    dir.write("libs/lib_two.mel", standalone("lib", "2.0.1"));
    Finder f;
    f.finder.add_search_location(dir / "libs");
    CHECK(f.version_of("lib", "^2") == "2.0.1");
    CHECK(f.version_of("lib", "1.1") == "1.2.0");
    CHECK(f.version_of("lib", "*") == "1.2.0");
    CHECK(f.version_of("lib", "^3.0") == "none");
    CHECK(f.version_of("other", "0.10.2") == "none");
    CHECK(f.errors() ==
          Lines{"L0209: No package 'lib (^3.0)' found", "L0209: No package 'other (^0.10.2)' found"});
}

TEST_CASE("every kind of --path value is understood")
{
    TempDir dir;
    dir.write("direct.mel", standalone("direct_mel", "0.1.0"));
    dir.write("jeu_source/Compo.toml", compo("direct_jeu", "0.1.0"));
    REQUIRE(write_jeu(dir / "jeu_source", dir / "direct.jeu").ok());
    dir.write("by_compo/Compo.toml", compo("by_compo", "0.1.0"));
    dir.write("by_dir/Compo.toml", compo("by_dir", "0.1.0"));
    dir.write("bunch/script.mel", standalone("in_bunch_mel", "0.1.0"));
    dir.write("bunch/area.mel", "treatment t() {}\n"); // an area, not a package: skipped silently
    REQUIRE(write_jeu(dir / "jeu_source", dir / "bunch/packed.jeu").ok());
    dir.write("bunch/sub/Compo.toml", compo("in_bunch_sub", "0.1.0"));
    dir.write("bunch/sub/deeper/Compo.toml", compo("too_deep", "0.1.0"));
    dir.write("bunch/.hidden/Compo.toml", compo("hidden", "0.1.0"));

    Finder f;
    for (const char* location : {"direct.mel", "direct.jeu", "by_compo/Compo.toml", "by_dir", "bunch"})
        f.finder.add_search_location(dir / location);
    for (const char* name :
         {"direct_mel", "direct_jeu", "by_compo", "by_dir", "in_bunch_mel", "in_bunch_sub"}) {
        CAPTURE(name);
        CHECK(f.version_of(name, "*") == "0.1.0");
    }
    const auto jeu = f.finder.find(dependency("direct_jeu", "*"));
    CHECK(jeu->info().location == (dir / "direct.jeu").generic_string());
    CHECK(f.errors().empty());
    CHECK(f.version_of("too_deep", "*") == "none");
    CHECK(f.version_of("hidden", "*") == "none");
    CHECK(f.finder.known().size() == 7); // the jeu appears twice: direct.jeu and bunch/packed.jeu
}

TEST_CASE("search locations are inspected only when a name is requested, each once, and results are kept")
{
    TempDir dir;
    dir.write("libs/broken/Compo.toml", "name = \"broken\"\n");
    dir.write("libs/lib.mel", standalone("lib", "1.0.0"));
    Finder f;
    f.finder.add_search_location(dir / "libs");
    CHECK(f.diags.empty());
    CHECK(f.version_of("lib", "1") == "1.0.0");
    CHECK(f.errors() == Lines{"L0180: Package 'broken' have wrong configuration"});
    fs::remove(dir / "libs/lib.mel");
    CHECK(f.version_of("lib", "1") == "1.0.0"); // kept from the first inspection
    CHECK(f.version_of("absent", "1") == "none");
    // A loading error without position sorts first (issue 16).
    CHECK(f.errors() ==
          Lines{"L0209: No package 'absent (^1)' found", "L0180: Package 'broken' have wrong configuration"});

    // A location added later is inspected at the next request.
    dir.write("more/late.mel", standalone("late", "0.2.0"));
    f.finder.add_search_location(dir / "more");
    CHECK(f.version_of("late", "0.2") == "0.2.0");
}

TEST_CASE("a selected package's dependencies are resolved too")
{
    TempDir dir;
    dir.write("libs/app.mel", standalone("app", "1.0.0", "lib:^1 missing:0.1"));
    dir.write("libs/lib.mel", standalone("lib", "1.4.0", "app:1"));
    Finder f;
    f.finder.add_search_location(dir / "libs");
    const auto app = f.finder.find(dependency("app", "1"));
    REQUIRE(app); // still the answer
    CHECK(f.errors() == Lines{"L0209: No package 'missing (^0.1)' found"});
    CHECK(f.finder.known().size() == 2);
    // Once resolved, a package's dependencies are not reported again.
    f.finder.find(dependency("app", "1"));
    CHECK(f.errors().size() == 1);
    CHECK(f.finder.resolve_dependencies(*f.finder.find(dependency("lib", "1"))));
}

TEST_CASE("explicit --path files that are not packages are reported")
{
    TempDir dir;
    dir.write("area.mel", "treatment t() {}\n");
    Finder f;
    f.finder.add_search_location(dir / "area.mel");
    f.finder.add_search_location(dir / "missing.jeu");
    CHECK(f.version_of("x", "*") == "none");
    CHECK(f.errors() == Lines{"L0189: No package '[raw package] (*)' found",
                              "L0193: File '" + (dir / "missing.jeu").generic_string() +
                                  "' cannot be read: No such file or directory (os error 2)",
                              "L0209: No package 'x (*)' found"});
}
