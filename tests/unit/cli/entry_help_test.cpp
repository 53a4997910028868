#include <doctest/doctest.h>

#include "cli/entry_help.h"

using namespace mel;

TEST_CASE("an entrypoint's help: its documentation, then each parameter with its type and default")
{
    TreatmentDescriptor t;
    t.id = *Identifier::parse("app::main");
    t.doc = "\n  Sends a file.\n\n  Twice.  \n\n";
    t.parameters = {
        {"to", Variability::Const, Type::core(CoreType::String), std::nullopt},
        {"separator", Variability::Var, Type::core(CoreType::String), Value::string("\n")},
        {"count", Variability::Const, Type::core(CoreType::U8), Value::u8(2)},
    };
    CHECK(cli::entrypoint_text("main", t) == "\nmain  (app::main)\n"
                                             "      Sends a file.\n"
                                             "    \n"
                                             "      Twice.\n"
                                             "    --to <string>  [required]\n"
                                             "    --separator <string>  [default: \"\\n\"]\n"
                                             "    --count <u8>  [default: 2]\n");
    frontend::PackageInfo info;
    info.name = "app";
    info.version.minor = 1;
    CHECK(cli::package_header(info) == "app\nVersion 0.1.0\n");
}
