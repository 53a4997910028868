// std/engine — reference: libs/std-mel/src/engine/mod.rs (std.md §2.19, engine.md §1.6).
// The Engine model and its `ready` source get their behaviour from the engine; only |version, |run_id and
// |group_id have bodies here.

#include <melodium/version.h>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/engine/ids.h"
#include "stdlib/function_args.h"

namespace mel::stdlib {

namespace {

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
             "`ready` opens one track once the engine has started, and sends a single `trigger` in it.");

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
