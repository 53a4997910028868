// melodium/stream: each reduction sends one block once its stream has closed — for a stream of values, for an
// empty stream (the point of the area), across many batches, and at the edges of each type.

#include <doctest/doctest.h>

#include <string>

#include "tests/unit/packages/melodium/program.h"

using namespace mel;
using namespace mel::packages::melodium_testing;

namespace {

/// A program applying every reduction that fits T (`numeric`: sum and product; `checked`: their checked
/// forms; always count, min and max) to `list`, each result collected under the reduction's name.
std::string reductions(const std::string& type, const std::string& list, bool numeric, bool checked)
{
    std::string uses = "use melodium/stream::count\nuse melodium/stream::min\nuse melodium/stream::max\n";
    std::string body = "    startup()\n    data: values<" + type + ">(list = " + list +
                       ")\n"
                       "    startup.trigger -> data.trigger\n";
    auto add = [&](const std::string& name, const std::string& port, const std::string& result) {
        body += "    " + name + ": " + name + "<" + type + ">()\n";
        body += "    " + name + "Seen: collectBlock<" + result + ">(name = \"" + name + "\")\n";
        body += "    data.values -> " + name + ".stream," + port + " -> " + name + "Seen.values\n";
    };
    body += "    count: count<" + type +
            ">()\n    countSeen: collectBlock<u64>(name = \"count\")\n"
            "    data.values -> count.stream,count -> countSeen.values\n";
    add("min", "min", "Option<" + type + ">");
    add("max", "max", "Option<" + type + ">");
    if (numeric) {
        uses += "use melodium/stream::sum\nuse melodium/stream::product\n";
        add("sum", "sum", type);
        add("product", "product", type);
    }
    if (checked) {
        uses += "use melodium/stream::checkedSum\nuse melodium/stream::checkedProduct\n";
        add("checkedSum", "sum", "Option<" + type + ">");
        add("checkedProduct", "product", "Option<" + type + ">");
    }
    return uses + "\ntreatment main()\n{\n" + body + "}\n";
}

} // namespace

TEST_CASE("a stream of integers: count, sum, product, min and max")
{
    run_ok(reductions("i32", "[3, -1, 4, 1, -5, 9]", true, true));
    CHECK(block_text("count") == "6");
    CHECK(block_text("sum") == "11");
    CHECK(block_text("checkedSum") == "11");
    CHECK(block_text("product") == "540");
    CHECK(block_text("checkedProduct") == "540");
    CHECK(block_text("min") == "-5");
    CHECK(block_text("max") == "9");
}

TEST_CASE("an empty stream still gives every result: 0, 1, or none")
{
    run_ok(reductions("u64", "[]", true, true));
    CHECK(block_text("count") == "0");
    CHECK(block_text("sum") == "0");
    CHECK(block_text("checkedSum") == "0");
    CHECK(block_text("product") == "1");
    CHECK(block_text("checkedProduct") == "1");
    CHECK(block_text("min") == "_");
    CHECK(block_text("max") == "_");
}

TEST_CASE("integer overflow wraps in sum and product, and is none in their checked forms")
{
    run_ok(reductions("u8", "[200, 100, 3]", true, true));
    CHECK(block_text("sum") == "47"); // 303 mod 256
    CHECK(block_text("checkedSum") == "_");
    CHECK(block_text("product") == "96"); // 60000 mod 256
    CHECK(block_text("checkedProduct") == "_");

    // A partial sum out of range is an overflow even when the whole sum would fit.
    run_ok(reductions("i8", "[100, 100, -100]", true, true));
    CHECK(block_text("sum") == "100");
    CHECK(block_text("checkedSum") == "_");
    CHECK(block_text("min") == "-100");

    run_ok(reductions("i128", "[-170141183460469231731687303715884105728, 1]", true, true));
    CHECK(block_text("checkedSum") == "-170141183460469231731687303715884105727");
    CHECK(block_text("checkedProduct") == "-170141183460469231731687303715884105728");
}

TEST_CASE("floats: IEEE sums in stream order; NaN ignored by min and max unless alone")
{
    run_ok(reductions("f64", "[0.1, 0.2, 0.3]", true, false));
    CHECK(block_text("sum") == "0.6000000000000001"); // (0.1 + 0.2) + 0.3
    CHECK(block_text("min") == "0.1");

    run_ok(R"(
use std/types/float::|nan
use std/types/float::|neg_infinity
use melodium/stream::min
use melodium/stream::max
use melodium/stream::sum

treatment main()
{
    startup()
    data: values<f32>(list = [|nan<f32>(), 2.5, |neg_infinity<f32>(), |nan<f32>(), 7.0])
    nans: values<f32>(list = [|nan<f32>(), |nan<f32>()])
    min<f32>()
    max<f32>()
    sum<f32>()
    nanMin: min<f32>()
    startup.trigger -> data.trigger
    startup.trigger -> nans.trigger,values -> nanMin.stream,min -> nanMinSeen.values
    data.values -> min.stream,min -> minSeen.values
    data.values -> max.stream,max -> maxSeen.values
    data.values -> sum.stream,sum -> sumSeen.values
    minSeen: collectBlock<Option<f32>>(name = "min")
    maxSeen: collectBlock<Option<f32>>(name = "max")
    sumSeen: collectBlock<f32>(name = "sum")
    nanMinSeen: collectBlock<Option<f32>>(name = "nanMin")
}
)");
    CHECK(block_text("min") == "-inf");
    CHECK(block_text("max") == "7");
    CHECK(block_text("sum") == "NaN");
    CHECK(block_text("nanMin") == "NaN");
}

TEST_CASE("min and max of strings, chars, bools and bytes; count of anything")
{
    run_ok(reductions("string", R"(["pear", "Zebra", "apple", "é", ""])", false, false));
    CHECK(block_text("count") == "5");
    CHECK(block_text("min") == "");
    CHECK(block_text("max") == "é");

    run_ok(reductions("char", "['m', 'a', 'z']", false, false));
    CHECK(block_text("min") == "a");
    CHECK(block_text("max") == "z");

    run_ok(reductions("bool", "[true, false, true]", false, false));
    CHECK(block_text("min") == "false");
    CHECK(block_text("max") == "true");

    run_ok("use std/conv::|to_byte\n" +
           reductions("byte", "[|to_byte<u8>(16), |to_byte<u8>(255), |to_byte<u8>(0)]", false, false));
    CHECK(block_text("min") == "00");
    CHECK(block_text("max") == "ff");

    run_ok(R"(
use melodium/stream::count
use std/flow::generate

treatment main()
{
    startup()
    lengths: emit<u128>(value = 3)
    generate<Vec<string>>(data = ["a"])
    count<Vec<string>>()
    seen: collectBlock<u64>(name = "count")
    startup.trigger -> lengths.trigger,emit -> generate.length,stream -> count.stream,count -> seen.values
}
)");
    CHECK(block_text("count") == "3");
}

TEST_CASE("ten million values, in many batches: one result each")
{
    run_ok(R"(
use melodium/stream::count
use melodium/stream::sum
use melodium/stream::checkedSum
use melodium/stream::max
use std/flow::generate

treatment main()
{
    startup()
    lengths: emit<u128>(value = 10000000)
    generate<u64>(data = 3)
    count<u64>()
    sum<u64>()
    checkedSum<u64>()
    max<u64>()
    countSeen: collectBlock<u64>(name = "count")
    sumSeen: collectBlock<u64>(name = "sum")
    checkedSeen: collectBlock<Option<u64>>(name = "checkedSum")
    maxSeen: collectBlock<Option<u64>>(name = "max")
    startup.trigger -> lengths.trigger,emit -> generate.length
    generate.stream -> count.stream,count -> countSeen.values
    generate.stream -> sum.stream,sum -> sumSeen.values
    generate.stream -> checkedSum.stream,sum -> checkedSeen.values
    generate.stream -> max.stream,max -> maxSeen.values
}
)");
    CHECK(block_text("count") == "10000000");
    CHECK(block_text("sum") == "30000000");
    CHECK(block_text("checkedSum") == "30000000");
    CHECK(block_text("max") == "3");
}

TEST_CASE("a result nobody listens to does not stop the others")
{
    run_ok(R"(
use melodium/stream::count
use melodium/stream::sum

treatment main()
{
    startup()
    data: values<u16>(list = [1, 2, 3])
    count<u16>()
    sum<u16>()
    seen: collectBlock<u16>(name = "sum")
    startup.trigger -> data.trigger,values -> count.stream
    data.values -> sum.stream,sum -> seen.values
}
)");
    CHECK(block_text("sum") == "6");
}

TEST_CASE("sum is refused for a type that is not a number, count takes any")
{
    TempDir dir;
    const auto outcome = check_and_run(registry(), dir.path() / "melodium_test.mel", program_header() + R"(
use melodium/stream::sum
use melodium/stream::count

treatment main()
{
    startup()
    texts: values<string>(list = ["a"])
    sum<string>()
    count<string>()
    startup.trigger -> texts.trigger,values -> sum.stream
    texts.values -> count.stream
}
)");
    CHECK_FALSE(outcome.checked);
    CHECK(outcome.diagnostics.find("'string' (string) does not satisfy trait Add") != std::string::npos);
    CHECK(outcome.diagnostics.find("count") == std::string::npos);
}
