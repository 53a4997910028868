// cli/dist_program: what a dispatcher ships and how a worker rebuilds it — the generated entry treatment checks
// with the real front end, wires every port of the remote treatment, and a shipped program loads back.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/dist_program.h"
#include "cli/program.h"
#include "packages/process/command.h"

using namespace mel;
using namespace mel::cli;
namespace distrib = mel::packages::distrib;

namespace {

struct Dir {
    std::filesystem::path path;
    Dir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "dist-program-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~Dir() { std::filesystem::remove_all(path); }
};

const char* k_remote = R"(#! name = remote
#! version = 2.0.0
#! require = std:0.10.2 process:0.10.2

use process/command::Command

treatment work(const label: string, var count: u64)
  input commands: Stream<Command>
  input go: Block<void>
  output commands: Stream<Command>
  output done: Block<void>
{
    Self.commands -> Self.commands
    Self.go -> Self.done
}
)";

std::unique_ptr<LoadedProgram> check_entry(const Dir& dir, const std::string& text)
{
    const auto file = dir.path / "entry.mel";
    std::ofstream(file) << text;
    frontend::CheckRequest request;
    request.file = file.string();
    request.search_paths = {(dir.path / "packages").string()};
    return load_program(request);
}

} // namespace

TEST_CASE("a shipped standalone package is written back and the generated entry checks")
{
    Dir dir;
    distrib::ShippedProgram program;
    program.packages.push_back({"remote", "2.0.0", true, {{"std", "^0.10.2"}}, {{{}, k_remote}}});
    REQUIRE(write_shipped_program(program, dir.path / "packages").ok());
    CHECK(std::filesystem::exists(dir.path / "packages" / "remote.mel"));

    const Identifier id = *Identifier::parse("remote::work");
    const std::map<std::string, Value> params{{"label", Value::string("x")}, {"count", Value::u64(3)}};
    auto first = check_entry(dir, worker_entry_source(id, "=2.0.0", nullptr, params));
    REQUIRE(first->ok());
    const Element* remote = first->program->find(id);
    REQUIRE(remote != nullptr);

    const std::string text = worker_entry_source(id, "=2.0.0", remote->treatment.get(), params);
    CHECK(text.find("use process/command::Command") != std::string::npos);
    CHECK(text.find("feedStream<Command>[worker = worker](name = \"commands\")") != std::string::npos);
    CHECK(text.find("feedBlock<void>[worker = worker](name = \"go\")") != std::string::npos);
    CHECK(text.find("sinkBlock<void>[worker = worker](name = \"done\")") != std::string::npos);
    CHECK(text.find("treatment main(const label: string, var count: u64)") != std::string::npos);
    auto second = check_entry(dir, text);
    if (!second->ok())
        print_diagnostics(stderr, *second);
    REQUIRE(second->ok());
    CHECK(port_type_text(remote->treatment->inputs[0]) == "Stream<Command>");
}

TEST_CASE("a file package is written with its Compo.toml and areas; unsafe names are refused")
{
    Dir dir;
    distrib::ShippedProgram program;
    program.packages.push_back({"app", "1.0.0", false, {{"std", "^0.10.2"}},
                                {{{}, "use root/sub/inner::t\n"}, {{"sub", "inner"}, "treatment t() {}\n"}}});
    REQUIRE(write_shipped_program(program, dir.path).ok());
    CHECK(std::filesystem::exists(dir.path / "app" / "Compo.toml"));
    CHECK(std::filesystem::exists(dir.path / "app" / "lib-root.mel"));
    CHECK(std::filesystem::exists(dir.path / "app" / "sub" / "inner.mel"));

    distrib::ShippedProgram bad;
    bad.packages.push_back({"../escape", "1.0.0", true, {}, {{{}, ""}}});
    CHECK_FALSE(write_shipped_program(bad, dir.path).ok());
    distrib::ShippedProgram bad_area;
    bad_area.packages.push_back({"ok", "1.0.0", false, {}, {{{"..", "x"}, ""}}});
    CHECK_FALSE(write_shipped_program(bad_area, dir.path).ok());
}
