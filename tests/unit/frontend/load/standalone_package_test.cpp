#include <doctest/doctest.h>

#include "frontend/load/standalone_package.h"
#include "messages.h"
#include "temp_dir.h"

using namespace mel::frontend;
using namespace mel::frontend::testing;

namespace {

struct Parsed {
    std::optional<StandaloneHeader> header;
    Lines errors;
};

Parsed parse(std::string_view text)
{
    SourceManager sources;
    Diagnostics diags;
    Parsed out;
    out.header = parse_standalone_header(text, "script.mel", sources, diags);
    out.errors = messages(sources, diags);
    CHECK(out.header.has_value() == out.errors.empty());
    return out;
}

std::vector<std::string> dependencies(const StandaloneHeader& header)
{
    std::vector<std::string> out;
    for (const Dependency& d : header.dependencies)
        out.push_back(d.to_string());
    return out;
}

} // namespace

TEST_CASE("standalone header: shebang skipped, name, version, requires accumulate")
{
    const auto parsed = parse("#!/usr/bin/env melodium\n"
                              "#! name = my_script\n"
                              "#! version = 1.2.3\n"
                              "#! require = std:0.10.2 fs:=0.10.2\n"
                              "#! require = process:0.10.*\n"
                              "\n"
                              "treatment main() {}\n");
    REQUIRE(parsed.header);
    CHECK(parsed.header->name == "my_script");
    CHECK(parsed.header->version.to_string() == "1.2.3");
    CHECK(dependencies(*parsed.header) ==
          std::vector<std::string>{"std (^0.10.2)", "fs (=0.10.2)", "process (0.10.*)"});
}

TEST_CASE("standalone header: version defaults to 0.1.0; other #! lines are ignored; the header ends at the "
          "first other line")
{
    auto parsed =
        parse("#! name = demo\n#! author = me\n#!anything\ntreatment main() {}\n#! version = 9.9.9\n");
    REQUIRE(parsed.header);
    CHECK(parsed.header->version.to_string() == "0.1.0");
    CHECK(parsed.header->dependencies.empty());

    // A blank line ends the header too.
    parsed = parse("#!/usr/bin/env melodium\n\n#! name = late\n");
    CHECK(parsed.errors == Lines{"L0189: No package '[raw package] (*)' found"});
    // A header line that only looks like a shebang-less key is still ignored.
    parsed = parse("#! names = x\n#! name = real\n");
    REQUIRE(parsed.header);
    CHECK(parsed.header->name == "real");
}

TEST_CASE("standalone header: aligned spacing is accepted (our difference); values are verbatim")
{
    auto parsed =
        parse("#! name    = aligned\n#! version\t=\t0.3.0\n#!  require =  std:0.10.2   fs:0.10.2 \n");
    REQUIRE(parsed.header);
    CHECK(parsed.header->name == "aligned");
    CHECK(parsed.header->version.to_string() == "0.3.0");
    CHECK(dependencies(*parsed.header) == std::vector<std::string>{"std (^0.10.2)", "fs (^0.10.2)"});

    parsed = parse("#! name=tight\r\n#! version=1.0.0\r\n");
    REQUIRE(parsed.header);
    CHECK(parsed.header->name == "tight"); // the '\r' of a CRLF line is not part of the value
    // `#!` must be followed by a blank before the key.
    CHECK(parse("#!name = x\n").errors == Lines{"L0189: No package '[raw package] (*)' found"});
    // Trailing spaces of a value are kept, as the reference keeps them.
    CHECK(parse("#! name = spaced  \n").header->name == "spaced  ");
}

TEST_CASE("standalone header errors")
{
    CHECK(parse("treatment main() {}\n").errors == Lines{"L0189: No package '[raw package] (*)' found"});
    CHECK(parse("#! name = a\n#! name = b\n").errors == Lines{"L0186: No package 'a (*)' found"});
    CHECK(parse("#! name = a\n#! version = 1.0.0\n#! version = 1.0.0\n").errors ==
          Lines{"L0187: No package 'a (*)' found"});
    CHECK(parse("#! version = 1.0.0\n#! version = 1.0.0\n#! name = a\n").errors ==
          Lines{"L0187: No package '[raw package] (*)' found"});
    CHECK(parse("#! name = a\n#! version = 1.0\n").errors == Lines{"L0188: No package 'a (*)' found"});
    CHECK(parse("#! version = v1\n#! name = a\n").errors ==
          Lines{"L0188: No package '[raw package] (*)' found"});
    CHECK(parse("#! name = a\n#! require = std\n").errors ==
          Lines{"L0208: Package '[raw package]' have wrong configuration"});
    CHECK(parse("#! name = a\n#! require = std:0.10.2:x\n").errors ==
          Lines{"L0208: Package '[raw package]' have wrong configuration"});
    CHECK(parse("#! name = a\n#! require = std:latest\n").errors ==
          Lines{"L0209: Package '[raw package]' have wrong configuration"});
    // An empty require line adds nothing (splitting on runs of whitespace).
    CHECK(parse("#! name = a\n#! require =\n").header->dependencies.empty());
}

TEST_CASE("standalone header errors point at the offending value")
{
    SourceManager sources;
    Diagnostics diags;
    CHECK_FALSE(
        parse_standalone_header("#! name = a\n#! require = std:0.10.2 oops\n", "x.mel", sources, diags));
    const auto all = diags.sorted();
    REQUIRE(all.size() == 1);
    REQUIRE(all[0].range.file.valid());
    const Location at = sources.location(all[0].range.file, all[0].range.begin);
    CHECK(at.line == 2);
    CHECK(at.position == 24);
    CHECK(all[0].range.end - all[0].range.begin == 4);
}

TEST_CASE("a .mel file is a standalone package iff its header names one")
{
    CHECK(has_standalone_name("#!/usr/bin/env melodium\n#! name = x\n"));
    CHECK(has_standalone_name("#! name = a\n#! name = b\n")); // named, even if erroneous
    CHECK_FALSE(has_standalone_name("use std/flow::emit\n#! name = x\n"));
    CHECK_FALSE(has_standalone_name(""));
}

TEST_CASE("a standalone package has one area, the file, named after the package")
{
    TempDir dir;
    const auto file = dir.write("demo.mel", "#! name = demo\n#! require = std:0.10.2\ntreatment main() {}\n");
    SourceManager sources;
    Diagnostics diags;
    const auto package = load_standalone_package(file, sources, diags);
    REQUIRE(package);
    const PackageInfo& info = package->info();
    CHECK(info.kind == PackageKind::Standalone);
    CHECK(info.name == "demo");
    CHECK(info.location == file.generic_string());
    CHECK(info.entrypoints == std::vector<std::pair<std::string, std::string>>{{"main", "demo::main"}});
    CHECK(package->areas() == std::vector<std::vector<std::string>>{{}});
    const auto area = package->area({});
    REQUIRE(area);
    CHECK(area->display_path == "demo");
    CHECK(area->file_path == file.generic_string());
    CHECK(area->text == TempDir::read(file));
    CHECK_FALSE(package->area({"main"}));
}

TEST_CASE("a standalone file that is not UTF-8 is an L1001")
{
    TempDir dir;
    const auto file = dir.write("bad.mel", "#! name = bad\n// \xFF\n");
    SourceManager sources;
    Diagnostics diags;
    CHECK_FALSE(load_standalone_package(file, sources, diags));
    CHECK(messages(sources, diags) ==
          Lines{"L1001: Encoding error in '" + file.generic_string() + "': the file is not valid UTF-8"});
}
