// The local-step part of cicd and work (issue 5): elements present with the reference's ports and parameters
// (packages.md §1.3, §1.5), the embedded .mel areas checked without diagnostics.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "frontend/sema/check.h"
#include "tests/unit/packages/process/program.h"

using namespace mel;
using namespace mel::packages::process_testing;

namespace {

std::vector<std::string> names(const std::vector<Port>& ports)
{
    std::vector<std::string> out;
    for (const Port& p : ports)
        out.push_back(p.name + ": " + std::string(flow_name(p.flow)) + "<" + p.type.to_string() + ">");
    return out;
}

std::vector<std::string> parameter_names(const TreatmentDescriptor& t)
{
    std::vector<std::string> out;
    for (const Parameter& p : t.parameters)
        out.push_back(p.name);
    return out;
}

const std::vector<std::string> k_reporting = {
    "report", "github", "gitlab", "github_token", "github_project", "github_sha", "gitlab_root_url",
    "gitlab_token", "gitlab_project_id", "gitlab_sha", "gitlab_ref", "gitlab_pipeline_id", "description"};

} // namespace

TEST_CASE("cicd and work: packages, native elements, .mel areas checked")
{
    CHECK(registry().has_package("cicd"));
    CHECK(registry().has_package("work"));
    const Element* get = registry().find(*Identifier::parse("work/resources::getExecutor"));
    REQUIRE(get);
    CHECK(names(get->treatment->inputs) == std::vector<std::string>{"name: Block<Option<string>>"});
    CHECK(names(get->treatment->outputs) ==
          std::vector<std::string>{"executor: Block<Executor>", "error: Block<string>", "failed: Block<void>"});

    frontend::SourceManager sources;
    frontend::Diagnostics diags;
    auto program = frontend::check_native_areas(registry(), sources, diags);
    REQUIRE(program != nullptr);
    INFO(render(sources, diags));
    CHECK(diags.empty());

    const auto treatment = [&](const char* id) -> const TreatmentDescriptor& {
        const Element* e = program->find(*Identifier::parse(id));
        REQUIRE_MESSAGE(e, id);
        REQUIRE(e->kind == ElementKind::Treatment);
        CHECK(!e->doc().empty());
        return *e->treatment;
    };
    const auto& local = treatment("cicd/naive::localStep");
    std::vector<std::string> params = {"name", "commands", "variables"};
    params.insert(params.end(), k_reporting.begin(), k_reporting.end());
    params.push_back("log_service_response");
    CHECK(parameter_names(local) == params);
    CHECK(names(local.inputs) == std::vector<std::string>{"trigger: Block<void>"});
    const std::vector<std::string> outcomes = {"started: Block<void>", "completed: Block<void>",
                                               "failed: Block<void>",  "finished: Block<void>",
                                               "success: Block<void>", "error: Block<void>"};
    CHECK(names(local.outputs) == outcomes);

    const auto& terminable = treatment("cicd/naive::localStepTerminable");
    CHECK(parameter_names(terminable) == params);
    CHECK(names(terminable.inputs) == std::vector<std::string>{"trigger: Block<void>", "terminate: Block<void>"});
    auto with_terminated = outcomes;
    with_terminated.push_back("terminated: Block<void>");
    CHECK(names(terminable.outputs) == with_terminated);

    const auto& spawn = treatment("cicd/steps::spawnCommands");
    CHECK(parameter_names(spawn) == std::vector<std::string>{"label"});
    CHECK(names(spawn.inputs) ==
          std::vector<std::string>{"executor_name: Block<Option<string>>", "environment: Block<Option<Environment>>",
                                   "commands: Stream<Command>", "terminate: Block<void>"});

    const auto& io = treatment("cicd/data::ioToString");
    CHECK(names(io.inputs) == std::vector<std::string>{"stdio: Stream<byte>"});
    CHECK(names(io.outputs) == std::vector<std::string>{"lines: Stream<string>"});

    const Element* state = registry().find(*Identifier::parse("cicd/services::setServiceState"));
    REQUIRE(state);
    auto state_params = k_reporting;
    state_params.insert(state_params.end() - 1, "name");
    state_params.push_back("log_response");
    CHECK(parameter_names(*state->treatment) == state_params);
    CHECK(state->treatment->inputs.size() == 6);
}
