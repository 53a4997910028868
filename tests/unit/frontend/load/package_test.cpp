#include <doctest/doctest.h>

#include "frontend/load/package.h"
#include "messages.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;

TEST_CASE("entrypoint identifiers need exactly one '::', counted as the reference splits")
{
    CHECK(is_entrypoint_identifier("app/main::main"));
    CHECK(is_entrypoint_identifier("::main"));
    CHECK(is_entrypoint_identifier("app::"));
    CHECK(is_entrypoint_identifier("a:::b")); // "a", ":b"
    CHECK_FALSE(is_entrypoint_identifier("app/main"));
    CHECK_FALSE(is_entrypoint_identifier("a::b::c"));
    CHECK_FALSE(is_entrypoint_identifier("a::::b"));
    CHECK_FALSE(is_entrypoint_identifier(""));
}

TEST_CASE("names of areas and requirements as messages print them")
{
    CHECK(area_name("app", {}) == "app");
    CHECK(area_name("app", {"a", "b"}) == "app/a/b");
    CHECK(Dependency{"std", VersionReq::parse("0.10.2").value()}.to_string() == "std (^0.10.2)");
    CHECK(Dependency{"x", VersionReq()}.to_string() == "x (*)");
}

TEST_CASE("unusable areas are reported as L0193 or L1001")
{
    SourceManager sources;
    Diagnostics diags;
    AreaSource fine{"app/main.mel", "dir/main.mel", "treatment t() {}", AreaSource::Problem::None, {}};
    CHECK_FALSE(report_unusable(fine, diags));
    AreaSource unreadable{"app/main.mel", "dir/main.mel", "", AreaSource::Problem::Unreadable,
                          "Permission denied (os error 13)"};
    CHECK(report_unusable(unreadable, diags));
    AreaSource latin1{"app/x.mel", "dir/x.mel", "", AreaSource::Problem::NotUtf8, {}};
    CHECK(report_unusable(latin1, diags));
    CHECK(messages(sources, diags) ==
          Lines{"L0193: File 'dir/main.mel' cannot be read: Permission denied (os error 13)",
                "L1001: Encoding error in 'dir/x.mel': the file is not valid UTF-8"});
}
