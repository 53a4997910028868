#include <doctest/doctest.h>

#include "cli/repl/completion.h"

using namespace mel::cli::repl;

namespace {

CompletionSource source()
{
    CompletionSource s;
    s.commands = {":check", ":eval", ":graph", ":help", ":info", ":list"};
    s.names = {"emit", "main", "|add"};
    s.identifiers = {"std/flow::emit", "std/flow::trigger", "std/flow::trigger2", "std/ops/num::|add"};
    s.ports = [](const std::string& type) -> std::optional<PortNames> {
        if (type == "trigger")
            return PortNames{{"stream"}, {"start", "end", "first", "last"}};
        if (type == "emit")
            return PortNames{{"trigger"}, {"emit"}};
        return std::nullopt;
    };
    return s;
}

std::vector<std::string> candidates(const std::string& pending, const std::string& line)
{
    return complete(source(), pending, line).candidates;
}

} // namespace

TEST_CASE("commands complete at the start of a line")
{
    CHECK(candidates("", ":in") == std::vector<std::string>{":info"});
    CHECK(candidates("", ":") .size() == 6);
    CHECK(complete(source(), "", "  :gr").start == 2);
}

TEST_CASE("element names complete after :info, :graph and :run, formats after :graph NAME")
{
    CHECK(candidates("", ":info std/flow::tri") == std::vector<std::string>{"std/flow::trigger", "std/flow::trigger2"});
    CHECK(candidates("", ":graph ma") == std::vector<std::string>{"main"});
    CHECK(candidates("", ":graph main m") == std::vector<std::string>{"mermaid"});
    const Completion c = complete(source(), "", ":info std/fl");
    CHECK(c.start == 6);
    CHECK(c.candidates.size() == 3);
}

TEST_CASE("identifiers complete in declarations")
{
    CHECK(candidates("", "use std/flow::tri") == std::vector<std::string>{"std/flow::trigger", "std/flow::trigger2"});
    CHECK(candidates("", "use std/ops/num::|a") == std::vector<std::string>{"std/ops/num::|add"});
    CHECK(candidates("", "   ").empty());
}

TEST_CASE("ports complete after `instance.`: outputs on the left of an arrow, inputs on the right")
{
    const std::string pending = "treatment t()\n  input go: Block<void>\n  output done: Block<void>\n{\n"
                                "    trigger<void>()\n    first: emit<u8>(value = 1)";
    CHECK(candidates(pending, "    trigger.st") == std::vector<std::string>{"trigger.start"});
    CHECK(candidates(pending, "    trigger.") ==
          std::vector<std::string>{"trigger.end", "trigger.first", "trigger.last", "trigger.start"});
    CHECK(candidates(pending, "    trigger.first -> first.") == std::vector<std::string>{"first.trigger"});
    CHECK(candidates(pending, "    Self.") == std::vector<std::string>{"Self.go"});
    CHECK(candidates(pending, "    first.emit -> Self.") == std::vector<std::string>{"Self.done"});
    CHECK(candidates(pending, "    nothing.").empty());
}

TEST_CASE("instances and Self ports of a treatment being typed")
{
    const auto instances = typed_instances("treatment t(const x: Vec<u8> = [])\n  input a: Block<void>\n{\n"
                                           "  startup()\n  greeting: emit<string>(value = \"(\")\n"
                                           "  startup.trigger -> greeting.trigger\n  stream<string>()\n}");
    REQUIRE(instances.size() == 3);
    CHECK(instances[0] == std::pair<std::string, std::string>{"startup", "startup"});
    CHECK(instances[1] == std::pair<std::string, std::string>{"greeting", "emit"});
    CHECK(instances[2] == std::pair<std::string, std::string>{"stream", "stream"});
    const PortNames self = typed_self_ports("treatment t() input a: Block<void> output b: Stream<u8> input c: Block<u8> {");
    CHECK(self.inputs == std::vector<std::string>{"a", "c"});
    CHECK(self.outputs == std::vector<std::string>{"b"});
}
