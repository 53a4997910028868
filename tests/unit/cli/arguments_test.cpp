#include <doctest/doctest.h>

#include "cli/arguments.h"

using namespace mel;
using mel::cli::ArgumentError;
using mel::cli::ArgumentFailure;
using mel::cli::BoundArguments;

namespace {
TreatmentDescriptor entry()
{
    TreatmentDescriptor t;
    t.id = *Identifier::parse("app::main");
    t.parameters = {
        {"count", Variability::Const, Type::core(CoreType::U64), Value::u64(1)},
        {"name", Variability::Var, Type::core(CoreType::String), std::nullopt},
        {"maybe", Variability::Var, Type::option(Type::core(CoreType::I8)), std::nullopt},
        {"flag", Variability::Var, Type::core(CoreType::Bool), std::nullopt},
        {"letter", Variability::Var, Type::core(CoreType::Char), std::nullopt},
        {"raw", Variability::Var, Type::core(CoreType::Byte), std::nullopt},
        {"ratio", Variability::Var, Type::core(CoreType::F64), std::nullopt},
        {"ids", Variability::Var, Type::vec(Type::core(CoreType::U8)), std::nullopt},
    };
    return t;
}
} // namespace

TEST_CASE("arguments bind by name, with a space or '='")
{
    const auto t = entry();
    auto r = mel::cli::bind_arguments(t, {"--count", "42", "--name=Ada Lovelace", "--maybe", "_", "--flag", "true",
                                          "--letter", "é", "--raw", "255", "--ratio=-1.5e3"});
    REQUIRE(std::holds_alternative<BoundArguments>(r));
    const auto& v = std::get<BoundArguments>(r).values;
    CHECK(v.at("count") == Value::u64(42));
    CHECK(v.at("name") == Value::string("Ada Lovelace"));
    CHECK(v.at("maybe").is_none());
    CHECK(v.at("flag") == Value::boolean(true));
    CHECK(v.at("letter") == Value::character(U'é'));
    CHECK(v.at("raw") == Value::byte(255));
    CHECK(v.at("ratio") == Value::f64(-1500.0));
}

TEST_CASE("conversion failures are worded as the reference's")
{
    const auto t = entry();
    auto fail = [&](std::vector<std::string> args) { return std::get<ArgumentFailure>(mel::cli::bind_arguments(t, args)); };
    CHECK(fail({"--count", "-1"}).message == "parameter 'count' is type 'u64': invalid digit found in string ");
    CHECK(fail({"--count", "18446744073709551616"}).message ==
          "parameter 'count' is type 'u64': number too large to fit in target type ");
    CHECK(fail({"--maybe", "200"}).message == "parameter 'maybe' is type 'Option<i8>': number too large to fit in target type ");
    CHECK(fail({"--flag", "yes"}).message == "parameter 'flag' is type 'bool': provided string was not `true` or `false` ");
    CHECK(fail({"--letter", "ab"}).message == "parameter 'letter' is type 'char': too many characters in string ");
    CHECK(fail({"--ids", "[1]"}).message ==
          "parameter 'ids' is type 'Vec<u8>', that cannot be set up without parsing, see --parse-arguments option");
    CHECK(fail({"--ids", "[1]"}).kind == ArgumentError::Conversion);
}

TEST_CASE("unknown options and missing values are usage errors")
{
    const auto t = entry();
    auto fail = [&](std::vector<std::string> args) { return std::get<ArgumentFailure>(mel::cli::bind_arguments(t, args)); };
    CHECK(fail({"--nope", "1"}).kind == ArgumentError::Usage);
    CHECK(fail({"--count"}).kind == ArgumentError::Usage);
    CHECK(fail({"--count", "1", "--count", "2"}).kind == ArgumentError::Usage);
    CHECK(fail({"stray"}).kind == ArgumentError::Usage);
}

TEST_CASE("--parse-arguments: each value is one Mélodium literal of the parameter's type")
{
    const auto t = entry();
    auto r = mel::cli::bind_arguments(t,
                                      {"--ids", "[1, 2, 255]", "--name", "\"Ada\" rest ignored", "--maybe", "_",
                                       "--raw=0x2A", "--letter", "'z'", "--ratio", "2", "--flag", "false"},
                                      true);
    if (auto* f = std::get_if<ArgumentFailure>(&r))
        FAIL(f->message);
    REQUIRE(std::holds_alternative<BoundArguments>(r));
    const auto& v = std::get<BoundArguments>(r).values;
    CHECK(v.at("ids") == Value::vec({Value::u8(1), Value::u8(2), Value::u8(255)}));
    CHECK(v.at("name") == Value::string("Ada"));
    CHECK(v.at("maybe").is_none());
    CHECK(v.at("raw") == Value::byte(0x2A));
    CHECK(v.at("letter") == Value::character(U'z'));
    CHECK(v.at("ratio") == Value::f64(2.0));
    CHECK(v.at("flag") == Value::boolean(false));
}

TEST_CASE("--parse-arguments: lexing, syntax and value failures")
{
    const auto t = entry();
    auto fail = [&](std::vector<std::string> args) {
        return std::get<ArgumentFailure>(mel::cli::bind_arguments(t, args, true)).message;
    };
    CHECK(fail({"--raw", "0x2a"}) == "argument 'raw' cannot be parsed");
    CHECK(fail({"--letter", "'\\n'"}) == "argument 'letter' cannot be parsed"); // no escapes in chars
    CHECK(fail({"--ids", "[1, 2"}) == "argument 'ids' cannot be parsed: S0020: reached unexpected end of script");
    // The reference's message, after the parameter it is about and its type.
    CHECK(fail({"--ids", "[1, 256]"}) == "parameter 'ids' is type 'Vec<u8>': S0154: at line 1 position 7 error "
                                         "occured with value ']' because: Value too large for u8.");
    CHECK(fail({"--name", "Ada"}) == "parameter 'name' is type 'string': S0154: at line 1 position 0 error occured "
                                     "with value 'Ada' because: String value expected.");
    CHECK(fail({"--count", "|f()"}).find("error occured with value '|f'") != std::string::npos);
}

TEST_CASE("missing parameters name their option and type")
{
    const auto t = entry();
    std::map<std::string, Value> given{{"name", Value::string("x")}, {"maybe", Value::none()}, {"flag", Value::boolean(true)},
                                       {"letter", Value::character(U'a')}, {"raw", Value::byte(1)}};
    const auto missing = mel::cli::missing_parameters(t, given);
    REQUIRE(missing.size() == 2);
    CHECK(missing[0] == "D0225: Parameter 'ratio' has no valid value for launch: --ratio <f64> is required");
    CHECK(missing[1] == "D0225: Parameter 'ids' has no valid value for launch: --ids <Vec<u8>> is required");
    auto with_port = t;
    with_port.inputs.push_back(Port{});
    CHECK(mel::cli::missing_parameters(with_port, given).empty()); // §4.13: not launched from the command line
}

TEST_CASE("--help among the program's words")
{
    const auto t = entry();
    CHECK(mel::cli::asks_for_help(t, {"--help"}));
    CHECK(mel::cli::asks_for_help(t, {"--name", "x", "-h"}));
    CHECK_FALSE(mel::cli::asks_for_help(t, {"--name", "x"}));
    CHECK_FALSE(mel::cli::asks_for_help(t, {"--", "--help"}));
    auto with_help = t;
    with_help.parameters.push_back({"help", Variability::Const, Type::core(CoreType::String), std::nullopt});
    CHECK_FALSE(mel::cli::asks_for_help(with_help, {"--help", "me"}));
}

TEST_CASE("the words after FILE: the command, then the arguments; one `--` is consumed")
{
    using mel::cli::program_words;
    using Words = std::vector<std::string>;
    auto check = [](Words words, std::optional<std::string> command, Words arguments) {
        const auto got = program_words(std::move(words));
        CHECK(got.command == command);
        CHECK(got.arguments == arguments);
    };
    check({}, std::nullopt, {});
    check({"--port", "80"}, std::nullopt, {"--port", "80"});
    check({"--", "--port", "80"}, std::nullopt, {"--port", "80"});
    check({"serve", "--port", "80"}, "serve", {"--port", "80"});
    check({"serve", "--", "--port", "80"}, "serve", {"--port", "80"});
    check({"--", "serve", "--port", "80"}, "serve", {"--port", "80"});
    check({"--", "serve", "--", "--port"}, "serve", {"--", "--port"}); // only one is consumed
}

TEST_CASE("the entry's launch checks are worded by the diagnostic table")
{
    auto t = entry();
    CHECK(mel::cli::entry_problems(t).empty());
    t.models.push_back(ModelSlot{"gather", nullptr});
    REQUIRE(mel::cli::entry_problems(t).size() == 1);
    CHECK(mel::cli::entry_problems(t)[0] == "D0236: Launch must be done with a treatment that does not require model, "
                                            "but 'app::main' expect some model");
    t.generics.push_back(GenericParameter{"T", {}});
    REQUIRE(mel::cli::entry_problems(t).size() == 1); // generics are said first, and alone
    CHECK(mel::cli::entry_problems(t)[0] == "provided treatment have generics, it cannot be used as entrypoint");
    CHECK(mel::cli::report_launch_problems({}));
}
