// The melodium package as declared: each element with its signature (written here independently of
// packages/melodium/), a body and documentation; the package is a native one, beside std.

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/packages/melodium/program.h"
#include "tests/unit/packages/testing/signatures.h"

using namespace mel;
using namespace mel::packages::melodium_testing;

namespace {

const std::map<std::string, std::string>& native_signatures()
{
    static const std::map<std::string, std::string> table = {
        {"melodium/stream::count", "count() in(stream: Stream<T>) out(count: Block<u64>)"},
        {"melodium/stream::sum", "sum() in(stream: Stream<N>) out(sum: Block<N>)"},
        {"melodium/stream::checkedSum", "checkedSum() in(stream: Stream<N>) out(sum: Block<Option<N>>)"},
        {"melodium/stream::product", "product() in(stream: Stream<N>) out(product: Block<N>)"},
        {"melodium/stream::checkedProduct",
         "checkedProduct() in(stream: Stream<N>) out(product: Block<Option<N>>)"},
        {"melodium/stream::min", "min() in(stream: Stream<T>) out(min: Block<Option<T>>)"},
        {"melodium/stream::max", "max() in(stream: Stream<T>) out(max: Block<Option<T>>)"},
        {"melodium/text::|parse", "|parse(text: string) -> Option<N>"},
        {"melodium/text::parse", "parse() in(text: Stream<string>) out(value: Stream<Option<N>>)"},
        {"melodium/process::failedCommand",
         "failedCommand() in(commands: Stream<Command>, exit: Stream<Option<i32>>) out(message: Block<string>)"},
        {"melodium/run::setExitStatus", "setExitStatus(var status: i32 = 1) in(trigger: Block<void>) out()"},
        {"melodium/run::exit", "exit(var status: i32 = 1) in(trigger: Block<void>) out()"},
    };
    return table;
}

/// The bounds of the generic of each element.
const std::map<std::string, std::pair<std::string, Trait>>& generics()
{
    static const std::map<std::string, std::pair<std::string, Trait>> table = {
        {"melodium/stream::sum", {"N", Trait::Add}},
        {"melodium/stream::checkedSum", {"N", Trait::CheckedAdd}},
        {"melodium/stream::product", {"N", Trait::Mul}},
        {"melodium/stream::checkedProduct", {"N", Trait::CheckedMul}},
        {"melodium/stream::min", {"T", Trait::Order}},
        {"melodium/stream::max", {"T", Trait::Order}},
        {"melodium/text::|parse", {"N", Trait::Add}},
        {"melodium/text::parse", {"N", Trait::Add}},
    };
    return table;
}

} // namespace

TEST_CASE("melodium is a native package with its elements, signatures, bodies and documentation")
{
    CHECK(registry().has_package("melodium"));
    check_native_signatures(registry(), "melodium", native_signatures());
}

TEST_CASE("every generic of the melodium package is bounded as std bounds the same operation")
{
    for (const auto& [id, generic] : generics()) {
        CAPTURE(id);
        const Element* e = registry().find(*Identifier::parse(id));
        REQUIRE(e != nullptr);
        const auto& declared =
            e->kind == ElementKind::Function ? e->function->generics : e->treatment->generics;
        REQUIRE(declared.size() == 1);
        CHECK(declared[0].name == generic.first);
        CHECK(declared[0].traits == std::vector<Trait>{generic.second});
    }
    const Element* count = registry().find(*Identifier::parse("melodium/stream::count"));
    REQUIRE(count != nullptr);
    REQUIRE(count->treatment->generics.size() == 1);
    CHECK(count->treatment->generics[0].traits.empty());
}
