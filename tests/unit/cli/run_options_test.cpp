// cli/run_options: the options `run`, `dist` and the REPL's `:run` build for a run — the program's sources
// (what a DistributionEngine ships) and the command line's flags.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "cli/program.h"
#include "cli/run_options.h"

using namespace mel;
using namespace mel::cli;

namespace {

const char* k_program = R"(#! name = shipme
#! version = 1.2.3
#! require = std:0.10.2

use std/engine/util::startup

treatment main()
{
    startup()
}
)";

} // namespace

TEST_CASE("a run's options carry the program's sources and the command line's flags")
{
    std::string pattern = (std::filesystem::temp_directory_path() / "run-options-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    const std::filesystem::path dir = pattern;
    std::ofstream(dir / "main.mel") << k_program;
    frontend::CheckRequest request;
    request.file = (dir / "main.mel").string();
    auto loaded = load_program(request);
    std::filesystem::remove_all(dir);
    REQUIRE(loaded->ok());

    const auto options = run_options(loaded->program.get(), {"logs.txt", "", true});
    REQUIRE(options.program != nullptr);
    // The standalone package alone: native packages (std) are the worker's own.
    REQUIRE(options.program->packages.size() == 1);
    const auto& package = options.program->packages[0];
    CHECK(package.name == "shipme");
    CHECK(package.version == "1.2.3");
    CHECK(package.standalone);
    REQUIRE(package.areas.size() == 1);
    CHECK(package.areas[0].path.empty());
    CHECK(package.areas[0].text == k_program);
    CHECK(options.logs_file == std::optional<std::string>("logs.txt"));
    CHECK_FALSE(options.debug_file);
    CHECK(options.fail_on_error);

    engine::World world(options);
    CHECK(world.program() == options.program.get());
}

TEST_CASE("without a program (a worker whose launch failed) a run ships nothing")
{
    const auto options = run_options(nullptr);
    CHECK(options.program == nullptr);
    CHECK_FALSE(options.logs_file);
    CHECK_FALSE(options.fail_on_error);
    engine::World world(options);
    CHECK(world.program() == nullptr);
}
