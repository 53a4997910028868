// The process package as declared: every element of the reference (packages.md §1.2; signatures read from
// libs/process-mel), native ones from the registry with their bodies, the Mélodium ones from the embedded
// areas, which must check without a diagnostic.

#include <doctest/doctest.h>

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "tests/unit/packages/process/program.h"
#include "tests/unit/packages/testing/signatures.h"

using namespace mel;
using namespace mel::packages::process_testing;

namespace {

TraitSet traits_of(std::initializer_list<Trait> traits)
{
    TraitSet set;
    for (Trait t : traits)
        set.set(static_cast<std::size_t>(t));
    return set;
}

const std::string k_primitive_in = "executor: Block<Executor>, %COMMAND%, environment: Block<Option<Environment>>, "
                                   "terminate: Block<void>";
const std::string k_outcome = "finished: Block<void>, completed: Block<void>, failed: Block<void>, "
                              "terminated: Block<void>, error: Block<string>";
const std::string k_streams = "stdout: Stream<byte>, stderr: Stream<byte>";
const std::string k_wrapper_outcome = "started: Block<void>, finished: Block<void>, completed: Block<void>, "
                                      "failed: Block<void>, error: Block<string>";

std::string primitive_in(const std::string& command)
{
    std::string text = k_primitive_in;
    text.replace(text.find("%COMMAND%"), 9, command);
    return text;
}

const std::map<std::string, std::string>& native_signatures()
{
    static const std::map<std::string, std::string> table = {
        {"process/command::|command", "|command(command: string, arguments: Vec<string>) -> Command"},
        {"process/command::|raw_command", "|raw_command(line: string) -> Option<Command>"},
        {"process/command::|raw_commands", "|raw_commands(lines: Vec<string>) -> Vec<Command>"},
        {"process/command::|checked_raw_commands",
         "|checked_raw_commands(lines: Vec<string>) -> Option<Vec<Command>>"},
        {"process/environment::|environment",
         "|environment(variables: StringMap, working_directory: Option<string>, expand_variables: bool, "
         "clear_env: bool) -> Environment"},
        {"process/local::|local_executor", "|local_executor() -> Option<Executor>"},
        {"process/environment::mapEnvironment",
         "mapEnvironment(var clear_env: bool = false, var expand_variables: bool = false, var working_directory: "
         "Option<string>) in(variables: Block<StringMap>) out(environment: Block<Environment>)"},
        {"process/environment::mapFullEnvironment",
         "mapFullEnvironment(var clear_env: bool = false, var expand_variables: bool = false) in(variables: "
         "Block<StringMap>, working_directory: Block<Option<string>>) out(environment: Block<Environment>)"},
        {"process/exec::execOneTerminable",
         "execOneTerminable() in(" + primitive_in("command: Block<Command>") + ") out(started: Block<void>, " +
             k_outcome + ", exit: Block<Option<i32>>)"},
        {"process/exec::execTerminable",
         "execTerminable() in(" + primitive_in("commands: Stream<Command>") + ") out(started: Block<void>, " +
             k_outcome + ", exit: Stream<Option<i32>>)"},
        {"process/exec::spawnOneTerminable",
         "spawnOneTerminable() in(" + primitive_in("command: Block<Command>") +
             ", stdin: Stream<byte>) out(started: Block<void>, " + k_streams + ", " + k_outcome +
             ", exit: Block<Option<i32>>)"},
        {"process/exec::spawnTerminable",
         "spawnTerminable() in(" + primitive_in("commands: Stream<Command>") + ") out(started: Block<void>, " +
             k_streams + ", " + k_outcome + ", exit: Stream<Option<i32>>)"},
    };
    return table;
}

const std::map<std::string, std::string>& mel_signatures()
{
    const std::string once_params = "(var command: Command, var environment: Option<Environment> = _)";
    static const std::map<std::string, std::string> table = {
        {"process/exec::execOnce", "execOnce" + once_params + " in(executor: Block<Executor>, launch: Block<void>) out(" +
                                       k_wrapper_outcome + ", exit: Block<Option<i32>>)"},
        {"process/exec::spawnOnce", "spawnOnce" + once_params +
                                        " in(executor: Block<Executor>, launch: Block<void>, stdin: Stream<byte>) out(" +
                                        k_wrapper_outcome + ", exit: Block<Option<i32>>, " + k_streams + ")"},
        {"process/exec::execOne", "execOne() in(executor: Block<Executor>, command: Block<Command>, environment: "
                                  "Block<Option<Environment>>) out(" +
                                      k_wrapper_outcome + ", exit: Block<Option<i32>>)"},
        {"process/exec::exec", "exec() in(executor: Block<Executor>, commands: Stream<Command>, environment: "
                               "Block<Option<Environment>>) out(" +
                                   k_wrapper_outcome + ", exit: Stream<Option<i32>>)"},
        {"process/exec::spawnOne", "spawnOne() in(executor: Block<Executor>, command: Block<Command>, environment: "
                                   "Block<Option<Environment>>, stdin: Stream<byte>) out(" +
                                       k_wrapper_outcome + ", exit: Block<Option<i32>>, " + k_streams + ")"},
        {"process/exec::spawn", "spawn() in(executor: Block<Executor>, commands: Stream<Command>, environment: "
                                "Block<Option<Environment>>) out(" +
                                    k_wrapper_outcome + ", exit: Stream<Option<i32>>, " + k_streams + ")"},
        {"process/local::execOnce",
         "execOnce" + once_params + " in(launch: Block<void>) out(" + k_wrapper_outcome + ", exit: Block<Option<i32>>)"},
        {"process/local::spawnOnce", "spawnOnce" + once_params + " in(launch: Block<void>, stdin: Stream<byte>) out(" +
                                         k_streams + ", " + k_wrapper_outcome + ", exit: Block<Option<i32>>)"},
    };
    return table;
}

} // namespace

TEST_CASE("process is a package with its three data types")
{
    CHECK(registry().has_package("process"));
    const std::map<std::string, TraitSet> types = {
        {"process/command::Command",
         traits_of({Trait::Serialize, Trait::Deserialize, Trait::PartialEquality, Trait::PartialOrder,
                    Trait::Equality, Trait::Order})},
        {"process/environment::Environment",
         traits_of({Trait::Serialize, Trait::Deserialize, Trait::PartialEquality, Trait::Equality})},
        {"process/exec::Executor", TraitSet{}},
    };
    for (const auto& [id, traits] : types) {
        CAPTURE(id);
        const Element* e = registry().find(*Identifier::parse(id));
        REQUIRE(e != nullptr);
        REQUIRE(e->kind == ElementKind::DataType);
        CHECK(!e->doc().empty());
        CHECK(e->data_type->traits == traits);
    }
}

TEST_CASE("process native elements: the reference's signatures, each documented and with a body")
{
    check_native_signatures(registry(), "process", native_signatures());
}

TEST_CASE("process .mel areas: embedded, checked without diagnostics, with the reference's signatures")
{
    check_mel_signatures(registry(), "process", {"process/exec", "process/local"}, mel_signatures());
}
