// process/environment: the data type, `|environment` (argument order), `${NAME}` expansion, and the two
// treatments building an Environment from blocks.

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>

#include "packages/process/environment.h"
#include "stdlib/data/string_map.h"
#include "tests/unit/packages/process/program.h"

using namespace mel;
using namespace mel::packages::process;
using namespace mel::packages::process_testing;

namespace {

std::string expand(const std::string& text)
{
    static const std::map<std::string, std::string> known = {{"A", "alpha"}, {"_b9", "beta"}, {"EMPTY", ""}};
    return expand_variables(text, [](const std::string& name) -> std::optional<std::string> {
        auto it = known.find(name);
        return it == known.end() ? std::nullopt : std::optional<std::string>(it->second);
    });
}

const Environment& environment_of(const Value& value)
{
    const Environment* env = Environment::from(value);
    REQUIRE(env != nullptr);
    return *env;
}

} // namespace

TEST_CASE("expand_variables: ${NAME} replaced, unknown names by nothing, everything else as written")
{
    CHECK(expand("${A}") == "alpha");
    CHECK(expand("x${A}y${_b9}z") == "xalphaybetaz");
    CHECK(expand("${UNKNOWN}|${EMPTY}|") == "||");
    CHECK(expand("$A $${A} ${A") == "$A $alpha ${A");
    CHECK(expand("${} ${1A} ${A-B} ${ A}") == "${} ${1A} ${A-B} ${ A}");
    CHECK(expand("${A}${A}") == "alphaalpha");
    CHECK(expand("") == "");
    CHECK(expand("no reference") == "no reference");
}

TEST_CASE("|environment(variables, working_directory, expand_variables, clear_env)")
{
    const Element* e = registry().find(*Identifier::parse("process/environment::|environment"));
    REQUIRE(e != nullptr);
    const Value variables = stdlib::data::StringMap::make({{"K", "V"}});
    auto made = e->function->body(
        {}, std::vector<Value>{variables, Value::some(Value::string("/work")), Value::boolean(true),
                               Value::boolean(false)});
    REQUIRE(made.ok());
    const Environment& env = environment_of(made.value());
    CHECK(env.variables() == Environment::Variables{{"K", "V"}});
    CHECK(env.working_directory() == std::optional<std::string>("/work"));
    CHECK(env.expand_variables());
    CHECK_FALSE(env.clear_env());

    auto again = e->function->body({}, std::vector<Value>{variables, Value::some(Value::string("/work")),
                                                          Value::boolean(true), Value::boolean(false)});
    auto other = e->function->body(
        {}, std::vector<Value>{variables, Value::none(), Value::boolean(true), Value::boolean(false)});
    CHECK(made.value() == again.value());
    CHECK_FALSE(made.value() == other.value());
}

TEST_CASE("mapEnvironment and mapFullEnvironment build the Environment from what they receive")
{
    TempDir dir;
    sink().clear();
    run_ok(R"(
use std/engine/util::startup
use std/flow::emit
use std/data/string_map::StringMap
use std/data/string_map::|entry
use process/environment::Environment
use process/environment::mapEnvironment
use process/environment::mapFullEnvironment

treatment main()
{
    startup()
    vars: emit<StringMap>(value = |entry("PATH", "/opt/bin:${PATH}"))
    dir: emit<Option<string>>(value = "/srv")
    plain: mapEnvironment(working_directory = _)
    full: mapFullEnvironment(clear_env = true, expand_variables = true)
    plainSeen: collectBlock<Environment>(name = "plain")
    fullSeen: collectBlock<Environment>(name = "full")

    startup.trigger -> vars.trigger,emit -> plain.variables,environment -> plainSeen.values
    startup.trigger -> dir.trigger,emit -> full.working_directory
    vars.emit -> full.variables,environment -> fullSeen.values
}
)",
           dir.path());
    const Record plain = sink().get("plain");
    REQUIRE(plain.values.size() == 1);
    const Environment& p = environment_of(plain.values[0]);
    CHECK(p.variables() == Environment::Variables{{"PATH", "/opt/bin:${PATH}"}});
    CHECK_FALSE(p.working_directory().has_value());
    CHECK_FALSE(p.expand_variables());
    CHECK_FALSE(p.clear_env());

    const Record full = sink().get("full");
    REQUIRE(full.values.size() == 1);
    const Environment& f = environment_of(full.values[0]);
    CHECK(f.variables() == Environment::Variables{{"PATH", "/opt/bin:${PATH}"}}); // expanded only when run
    CHECK(f.working_directory() == std::optional<std::string>("/srv"));
    CHECK(f.expand_variables());
    CHECK(f.clear_env());
}

TEST_CASE("mapFullEnvironment sends nothing when the working directory never comes")
{
    TempDir dir;
    sink().clear();
    run_ok(R"(
use std/engine/util::startup
use std/flow::emit
use std/flow::closeBlock
use std/data/string_map::StringMap
use std/data/string_map::|entry
use process/environment::Environment
use process/environment::mapFullEnvironment

treatment main()
{
    startup()
    vars: emit<StringMap>(value = |entry("A", "B"))
    noDir: closeBlock<Option<string>>()
    full: mapFullEnvironment()
    seen: collectBlock<Environment>(name = "full")

    startup.trigger -> vars.trigger,emit -> full.variables,environment -> seen.values
    startup.trigger -> noDir.trigger,closed -> full.working_directory
}
)",
           dir.path());
    CHECK(sink().get("full").values.empty());
    CHECK(sink().get("full").closed == 1);
}
