// std/engine — reference: libs/std-mel/src/engine/mod.rs (std.md §2.19, engine.md §1.6).
// The Engine model: its continuous work opens one track from its `ready` source at start, in which `trigger`
// sends one void then closes. Every Engine instance does so (one per `startup()` and per log helper), as in
// the reference; an instance without a `ready` site opens a track with nothing in it.

#include <melodium/version.h>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/engine/ids.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

namespace rt = ::mel::engine;

class EngineModel final : public rt::ModelObject {
public:
    void initialize(rt::Model& model) override { model.continuous(open_ready_track(model)); }

private:
    static Task<> fire(Output& trigger)
    {
        co_await trigger.send_one(Value());
        trigger.close();
    }
    static Task<> open_ready_track(rt::Model& model)
    {
        model.create_track("ready", {}, {},
                           [](rt::SourceOutputs& out) { return rt::tasks(fire(out.output("trigger"))); });
        co_return;
    }
};

Result<Value> version_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 0);
    return Value::string(k_language_version);
}

Result<Value> run_id_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 0);
    return Value::string(engine::run_id());
}

Result<Value> group_id_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 0);
    return Value::string(engine::group_id());
}

} // namespace

void register_engine(Registry& registry)
{
    auto area = registry.area("std/engine");

    area.model("Engine")
        .source("ready", {{"trigger", "Block<void>"}})
        .doc("Access to the running engine.\n\n"
             "Treatments that log or that react to the start of the program take this model. Its source "
             "`ready` opens one track once the engine has started, and sends a single `trigger` in it.")
        .implementation(rt::make_model<EngineModel>());

    area.function("version")
        .returns("string")
        .doc("The version of the Mélodium engine running the program.")
        .body(version_body);

    area.function("run_id")
        .returns("string")
        .doc("The identifier of this execution run, a UUID.\n\n"
             "Taken from the environment variable `MELODIUM_RUN_ID` when it holds a UUID, otherwise drawn at "
             "random; it stays the same for the whole run.")
        .body(run_id_body);

    area.function("group_id")
        .returns("string")
        .doc("The identifier of the group of runs this one belongs to, a UUID shared by every worker of a "
             "job.\n\n"
             "Taken from the environment variable `MELODIUM_GROUP_ID` when it holds a UUID, otherwise drawn "
             "at random; it stays the same for the whole run.")
        .body(group_id_body);
}

} // namespace mel::stdlib
