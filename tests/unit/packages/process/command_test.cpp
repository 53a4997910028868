// process/command: shell-quote splitting (the rules of the shlex crate the reference uses) and the four
// functions, called through the registry as the engine calls them.

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "packages/process/command.h"
#include "tests/unit/packages/process/program.h"

using namespace mel;
using namespace mel::packages::process;
using mel::packages::process_testing::registry;

namespace {

using Words = std::vector<std::string>;

Words split(const std::string& line)
{
    auto words = split_command_line(line);
    REQUIRE(words.has_value());
    return *words;
}

Value call(const std::string& function, std::vector<Value> args)
{
    const Element* e = registry().find(*Identifier::parse("process/command::|" + function));
    REQUIRE(e != nullptr);
    REQUIRE(e->kind == ElementKind::Function);
    auto result = e->function->body({}, args);
    REQUIRE(result.ok());
    return result.value();
}

Value strings(const Words& words)
{
    std::vector<Value> values;
    for (const auto& w : words)
        values.push_back(Value::string(w));
    return Value::vec(std::move(values));
}

/// program + arguments of a Command value.
Words parts(const Value& command)
{
    const Command* c = Command::from(command);
    REQUIRE(c != nullptr);
    Words out{c->program()};
    out.insert(out.end(), c->arguments().begin(), c->arguments().end());
    return out;
}

} // namespace

TEST_CASE("split_command_line: blanks separate words, runs of blanks count once")
{
    CHECK(split("ls -la /tmp") == Words{"ls", "-la", "/tmp"});
    CHECK(split("  a\t b \n  c  ") == Words{"a", "b", "c"});
    CHECK(split("") == Words{});
    CHECK(split(" \t\n ") == Words{});
}

TEST_CASE("split_command_line: quotes")
{
    CHECK(split("echo 'a b' \"c d\"") == Words{"echo", "a b", "c d"});
    CHECK(split("foo\"bar\"baz") == Words{"foobarbaz"});
    CHECK(split("'it''s'") == Words{"its"});
    CHECK(split("echo \"\" ''") == Words{"echo", "", ""});
    // Single quotes keep everything, backslashes included.
    CHECK(split("'a\\b' 'c\\'") == Words{"a\\b", "c\\"});
    // In double quotes a backslash escapes $ ` " \ and newline only; before anything else it stays.
    CHECK(split("\"a\\\"b\" \"\\$x\" \"\\`\" \"\\\\\" \"a\\nb\" \"x\\\ny\"") ==
          Words{"a\"b", "$x", "`", "\\", "a\\nb", "xy"});
    CHECK(split("sh -c 'make && make install'") == Words{"sh", "-c", "make && make install"});
}

TEST_CASE("split_command_line: backslashes outside quotes, comments, nothing expanded")
{
    CHECK(split("echo a\\ b \\'q\\'") == Words{"echo", "a b", "'q'"});
    CHECK(split("foo\\\nbar") == Words{"foobar"});
    CHECK(split("foo #bar\nbaz") == Words{"foo", "baz"});
    CHECK(split("foo #bar") == Words{"foo"});
    CHECK(split("foo#bar") == Words{"foo#bar"});
    CHECK(split("# only a comment") == Words{});
    CHECK(split("echo $HOME ${X} `id` && ls > out; *") ==
          Words{"echo", "$HOME", "${X}", "`id`", "&&", "ls", ">", "out;", "*"});
    CHECK(split("caf\xc3\xa9 \xa1") == Words{"caf\xc3\xa9", "\xa1"});
}

TEST_CASE("split_command_line: an unclosed quote or a final lone backslash is an error")
{
    CHECK_FALSE(split_command_line("echo 'a").has_value());
    CHECK_FALSE(split_command_line("echo \"a").has_value());
    CHECK_FALSE(split_command_line("echo \"a\\").has_value());
    CHECK_FALSE(split_command_line("echo a\\").has_value());
    CHECK_FALSE(split_command_line("'\\''").has_value());
    CHECK_FALSE(split_command_line("foo\"#bar").has_value());
}

TEST_CASE("|command keeps its arguments as given")
{
    const Value c = call("command", {Value::string("echo"), strings({"a b", "$X", ""})});
    CHECK(parts(c) == Words{"echo", "a b", "$X", ""});
    CHECK(c == call("command", {Value::string("echo"), strings({"a b", "$X", ""})}));
    CHECK_FALSE(c == call("command", {Value::string("echo"), strings({"a b"})}));
}

TEST_CASE("|raw_command: some command, or none for a line that does not split or is empty")
{
    const Value c = call("raw_command", {Value::string("sed -e 's/a b/c/' \"file name\"")});
    REQUIRE(c.is_some());
    CHECK(parts(c.option_value()) == Words{"sed", "-e", "s/a b/c/", "file name"});
    CHECK(call("raw_command", {Value::string("echo 'oops")}).is_none());
    CHECK(call("raw_command", {Value::string("")}).is_none());
    CHECK(call("raw_command", {Value::string("   # nothing")}).is_none());
}

TEST_CASE("|raw_commands: one command per line; a bad or empty line is an error naming it (not the reference's "
          "silent empty vector)")
{
    const Value good = call("raw_commands", {strings({"make", "make install DESTDIR='/tmp/x y'"})});
    REQUIRE(good.as_vec().size() == 2);
    CHECK(parts(good.as_vec()[0]) == Words{"make"});
    CHECK(parts(good.as_vec()[1]) == Words{"make", "install", "DESTDIR=/tmp/x y"});
    CHECK(call("raw_commands", {strings({})}).as_vec().empty());

    const auto error_of = [](const Words& lines) {
        const Element* e = registry().find(*Identifier::parse("process/command::|raw_commands"));
        REQUIRE(e != nullptr);
        auto result = e->function->body({}, std::vector<Value>{strings(lines)});
        REQUIRE_FALSE(result.ok());
        return result.error().message;
    };
    CHECK(error_of({"make", "echo \"unclosed"}) ==
          "|raw_commands: line 2 of 2, \"echo \"unclosed\", cannot be split into words (a quote is not closed, or it "
          "ends with a lone backslash)");
    CHECK(error_of({"", "make"}) == "|raw_commands: line 1 of 2, \"\", holds no command");
    CHECK(error_of({"make", "   # only a comment"}) ==
          "|raw_commands: line 2 of 2, \"   # only a comment\", holds no command");
}

TEST_CASE("Command::line: a command as one line that splits back into the same words")
{
    const auto text = [](std::string program, std::vector<std::string> arguments) {
        return Command(std::move(program), std::move(arguments)).line();
    };
    CHECK(text("make", {}) == "make");
    CHECK(text("cargo", {"build", "--release", "-j=2", "a/b.c:3,x+y@z%"}) == "cargo build --release -j=2 a/b.c:3,x+y@z%");
    CHECK(text("sh", {"-c", "make && make install"}) == "sh -c 'make && make install'");
    CHECK(text("echo", {"", "it's"}) == "echo '' 'it'\\''s'");
    for (const Words& words : {Words{"echo", "it's", "a \"b\"", "$HOME", "x\\y", ""}, Words{"printf", "%s\n", "a\tb"}}) {
        const auto line = text(words[0], {words.begin() + 1, words.end()});
        CHECK(split_command_line(line) == std::optional(words));
    }
}

TEST_CASE("|checked_raw_commands: none instead of the empty vector")
{
    const Value good = call("checked_raw_commands", {strings({"true", "false"})});
    REQUIRE(good.is_some());
    CHECK(good.option_value().as_vec().size() == 2);
    CHECK(call("checked_raw_commands", {strings({"true", "'"})}).is_none());
    CHECK(call("checked_raw_commands", {strings({"true", " "})}).is_none());
    const Value none_given = call("checked_raw_commands", {strings({})});
    REQUIRE(none_given.is_some());
    CHECK(none_given.option_value().as_vec().empty());
}
