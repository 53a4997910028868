// cicd/services — reference: libs/cicd-mel/mel/services.mel (packages.md §1.5, §4.11): a step's state posted
// to GitHub or GitLab. Posting is not implemented in this build (it needs HTTP, issue 7): when a step asks for
// it (`report` with `github` or `gitlab`), an error saying so is logged under the step's name once, at the
// first state; nothing is sent anywhere. Without `github` and `gitlab` nothing is to be done, as in the
// reference.

#include <string>

#include "packages/cicd/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::cicd {

namespace {

engine::Task<> set_service_state_body(engine::TreatmentContext& ctx)
{
    const bool wanted = ctx.param("report").as_bool() && (ctx.param("github").as_bool() || ctx.param("gitlab").as_bool());
    if (!wanted)
        co_return; // the inputs close; the states are dropped
    // The first state to arrive (every step starts with `pending`).
    auto& pending = ctx.input("pending");
    if (const auto state = co_await pending.recv_one(); !state)
        co_return;
    ctx.log(engine::LogLevel::Error, ctx.param("name").as_string(),
            "the step's state cannot be posted to GitHub or GitLab: status reporting is not available in this "
            "build");
}

} // namespace

void register_services(Registry& registry)
{
    auto area = registry.area("cicd/services");
    auto t = area.treatment("setServiceState");
    t.param("report", "bool", Value::boolean(true))
        .param("github", "bool", Value::boolean(false))
        .param("gitlab", "bool", Value::boolean(false))
        .param("github_token", "string", Value::string(""))
        .param("github_project", "string", Value::string(""))
        .param("github_sha", "string", Value::string(""))
        .param("gitlab_root_url", "string", Value::string("https://gitlab.com/api/v4"))
        .param("gitlab_token", "string", Value::string(""))
        .param("gitlab_project_id", "string", Value::string(""))
        .param("gitlab_sha", "string", Value::string(""))
        .param("gitlab_ref", "string", Value::string(""))
        .param("gitlab_pipeline_id", "string", Value::string(""))
        .param("name", "string")
        .param("description", "string", Value::string(""))
        .param("log_response", "bool", Value::boolean(false));
    for (const char* state : {"pending", "running", "success", "error", "failed", "canceled"})
        t.input(state, "Block<void>");
    t.doc("Post a CI step's state to GitHub (`github`) or GitLab (`gitlab`) when `report` is set.\n\n"
          "Each input is a state of the step. Not available in this build: when posting is asked for, an error "
          "is logged under `name` at the first state and nothing is posted.")
        .implementation(engine::make_treatment(set_service_state_body));
}

} // namespace mel::packages::cicd
