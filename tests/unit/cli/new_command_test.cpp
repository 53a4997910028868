// `melodium new` through the command line (cli/new_command.cpp); the generated files themselves are
// checked by tests/conformance/tooling/new_* and tests/integration/tooling.py.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "cli/command.h"
#include "cli/command_line.h"
#include "tests/unit/frontend/load/temp_dir.h"

using mel::cli::run_command_line;
using mel::frontend::testing::TempDir;

namespace {
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
} // namespace

TEST_CASE("new: the package name is NAME in snake_case, the directory is NAME as typed")
{
    TempDir dir;
    const auto where = (dir / "MyHTTPApp2").string();
    REQUIRE(run_command_line({"new", "-p", where, "MyHTTPApp2"}) == mel::cli::k_exit_ok);
    const std::string compo = TempDir::read(dir / "MyHTTPApp2/Compo.toml");
    CHECK(contains(compo, "name = \"my_http_app_2\"\n"));
    CHECK(contains(compo, "version = \"0.1.0\"\n"));
    CHECK(contains(compo, "main = \"my_http_app_2::main\"\n"));
    CHECK(contains(TempDir::read(dir / "MyHTTPApp2/lib-root.mel"), "treatment main("));
}

TEST_CASE("new: word boundaries of the name")
{
    TempDir dir;
    const auto name_of = [&](const std::string& typed) {
        const auto file = (dir / (std::to_string(std::hash<std::string>{}(typed)) + ".mel")).string();
        if (run_command_line({"new", "-p", file, typed}) != mel::cli::k_exit_ok)
            return std::string("<refused>");
        const std::string text = TempDir::read(file);
        const auto start = text.find("#! name = ") + 10;
        return text.substr(start, text.find('\n', start) - start);
    };
    CHECK(name_of("demo") == "demo");
    CHECK(name_of("myApp") == "my_app");
    CHECK(name_of("XMLHttpRequest") == "xml_http_request");
    CHECK(name_of("__my--app__") == "my_app");
    CHECK(name_of("My App-name") == "my_app_name");
    CHECK(name_of("v2") == "v_2");
    CHECK(name_of("2fast") == "<refused>");
    CHECK(name_of("a.b") == "<refused>");
}

TEST_CASE("new: a .mel path makes an executable standalone file with the version given")
{
    TempDir dir;
    const auto file = dir / "tool.mel";
    REQUIRE(run_command_line({"new", "-v", "3.0.0-rc.1", "-p", file.string(), "tool"}) == mel::cli::k_exit_ok);
    const std::string text = TempDir::read(file);
    CHECK(text.starts_with("#!/usr/bin/env melodium\n#! name = tool\n#! version = 3.0.0-rc.1\n"));
    const auto perms = std::filesystem::status(file).permissions();
    CHECK((perms & std::filesystem::perms::owner_exec) != std::filesystem::perms::none);
}

TEST_CASE("new: refusals write nothing")
{
    TempDir dir;
    const auto project = (dir / "p").string();
    CHECK(run_command_line({"new", "-v", "1.x", "-p", project, "p"}) == mel::cli::k_exit_failure);
    CHECK(run_command_line({"new", "-t", "other", "-p", project, "p"}) == mel::cli::k_exit_usage);
    CHECK_FALSE(std::filesystem::exists(project));

    dir.write("p/Compo.toml", "mine");
    CHECK(run_command_line({"new", "-p", project, "p"}) == mel::cli::k_exit_failure);
    CHECK(TempDir::read(dir / "p/Compo.toml") == "mine");
    CHECK_FALSE(std::filesystem::exists(dir / "p/lib-root.mel"));

    dir.write("s.mel", "mine");
    CHECK(run_command_line({"new", "-p", (dir / "s.mel").string(), "s"}) == mel::cli::k_exit_failure);
    CHECK(TempDir::read(dir / "s.mel") == "mine");
}
