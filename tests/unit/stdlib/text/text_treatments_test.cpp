// Treatments of std/text/compose and std/text/convert/string (std.md §2.14, §2.16), run through the engine.

#include <doctest/doctest.h>

#include "stdlib/data/string_map.h"
#include "tests/unit/stdlib/run.h"

using namespace mel;
using namespace mel::stdlib::testing;
using mel::stdlib::data::StringMap;

namespace {

/// The strings a treatment `id` (in `in`, out `out`, with `params`) makes of `input` sent in batches of
/// `chunk`, batches apart.
std::vector<Value> text_run(std::string_view id, const char* in, const char* out, std::vector<Value> input,
                            std::uint64_t chunk = 0, std::map<std::string, ValueExpr> params = {},
                            Type out_type = t_string())
{
    Program p;
    p.values("src", t_string(), std::move(input), chunk, chunk ? 2 : 0)
        .add("t", id, {}, std::move(params))
        .connect("src.out", std::string("t.") + in)
        .collect(std::string("t.") + out, "out", std::move(out_type));
    run_ok(p);
    return got("out");
}

std::string joined(const std::vector<Value>& values)
{
    std::string out;
    for (const Value& v : values)
        out += v.as_string();
    return out;
}

} // namespace

TEST_CASE("trimEnd: trailing white space of each string")
{
    CHECK(text_run("std/text/compose::trimEnd", "text", "trimmed", strings({"a\r\n", " b ", "", "c\u3000"})) ==
          strings({"a", " b", "", "c"}));
}

TEST_CASE("split: inclusive by default, Rust's split/split_inclusive rules")
{
    using Params = std::map<std::string, ValueExpr>;
    auto split = [](std::vector<Value> in, const char* delimiter, std::optional<bool> inclusive) {
        Params params{{"delimiter", lit(Value::string(delimiter))}};
        if (inclusive)
            params.emplace("inclusive", lit(Value::boolean(*inclusive)));
        return shown(text_run("std/text/compose::split", "text", "splitted", std::move(in), 0, std::move(params),
                              Type::vec(t_string())));
    };
    CHECK(split(strings({"a,b,", ""}), ",", std::nullopt) == R"(["a,", "b,"] [])");
    CHECK(split(strings({"a,b,", ""}), ",", false) == R"(["a", "b", ""] [""])");
    CHECK(split(strings({"abc"}), "", false) == R"(["", "a", "b", "c", ""])");
    CHECK(split(strings({"abc"}), "", true) == R"(["", "a", "b", "c"])");
    CHECK(split(strings({"a--b---c"}), "--", false) == R"(["a", "b", "-c"])");
    CHECK(split(strings({"é,ü"}), ",", true) == R"(["é,", "ü"])");
}

TEST_CASE("rescale: pieces ending with the delimiter, the remainder flushed at close")
{
    auto rescale = [](std::vector<Value> in, std::optional<const char*> delimiter) {
        std::map<std::string, ValueExpr> params;
        if (delimiter)
            params.emplace("delimiter", lit(Value::string(*delimiter)));
        return text_run("std/text/compose::rescale", "unscaled", "scaled", std::move(in), 1, std::move(params));
    };
    CHECK(rescale(strings({"Lorem ip", "sum\ndolor\nsit", " amet", "\n", "tail"}), std::nullopt) ==
          strings({"Lorem ipsum\n", "dolor\n", "sit amet\n", "tail"}));
    CHECK(rescale(strings({"a\n\nb\n"}), std::nullopt) == strings({"a\n", "\n", "b\n"}));
    CHECK(rescale(strings({"no delimiter"}), std::nullopt) == strings({"no delimiter"}));
    CHECK(rescale(strings({"", ""}), std::nullopt).empty());
}

TEST_CASE("rescale: a delimiter split across fragments is found (fix of std.md §3.3)")
{
    auto rescale = [](std::vector<Value> in, const char* delimiter) {
        return text_run("std/text/compose::rescale", "unscaled", "scaled", std::move(in), 1,
                        {{"delimiter", lit(Value::string(delimiter))}});
    };
    CHECK(rescale(strings({"one\r", "\ntwo\r\nthr", "ee"}), "\r\n") == strings({"one\r\n", "two\r\n", "three"}));
    CHECK(rescale(strings({"a<", "|", ">b<|>", "c"}), "<|>") == strings({"a<|>", "b<|>", "c"}));
    // Degenerate empty delimiter, as the reference: every character boundary ends a piece.
    CHECK(rescale(strings({"ab"}), "") == strings({"", "a", "b"}));
}

TEST_CASE("rescale then trimEnd: the ioToString line pipeline")
{
    Program p;
    p.values("src", t_string(), strings({"first li", "ne\r\nsecond\r", "\nlast"}), 1, 2)
        .add("r", "std/text/compose::rescale")
        .add("t", "std/text/compose::trimEnd")
        .connect("src.out", "r.unscaled")
        .connect("r.scaled", "t.text")
        .collect("t.trimmed", "lines", t_string());
    run_ok(p);
    CHECK(got("lines") == strings({"first line", "second", "last"}));
}

TEST_CASE("format: one string per map, the empty string on error")
{
    Program p;
    p.values("maps", t_data("std/data/string_map::StringMap"),
             {StringMap::make({{"name", "World"}}), StringMap::make({{"other", "x"}})})
        .add("f", "std/text/compose::format", {}, {{"format", lit(Value::string("Hello {name}! {{ok}}"))}})
        .connect("maps.out", "f.entries")
        .collect("f.formatted", "out", t_string());
    run_ok(p);
    CHECK(got("out") == strings({"Hello World! {ok}", ""}));
}

TEST_CASE("toUtf8: the bytes of all strings, one after the other")
{
    Program p;
    p.values("src", t_string(), strings({"hé", "", "€"}), 1, 1)
        .add("e", "std/text/convert/string::toUtf8")
        .connect("src.out", "e.text")
        .collect("e.encoded", "out", t_byte());
    run_ok(p);
    CHECK(got("out") == bytes_of("hé€"));
}

TEST_CASE("fromUtf8: a multi-byte character split across two batches is decoded whole (fix of std.md §3.2)")
{
    // "h é l l o €" with é (C3 A9) and € (E2 82 AC) cut between batches.
    const std::vector<Value> all = bytes_of("h\xC3\xA9llo \xE2\x82\xAC!");
    for (std::uint64_t chunk : {1u, 2u, 3u, 5u, 100u}) {
        CAPTURE(chunk);
        Program p;
        p.values("src", t_byte(), all, chunk, 1)
            .add("d", "std/text/convert/string::fromUtf8")
            .connect("src.out", "d.encoded")
            .collect("d.text", "out", t_string());
        run_ok(p);
        CHECK(joined(got("out")) == "héllo €!");
        for (const Value& piece : got("out"))
            CHECK(!piece.as_string().empty());
        if (chunk <= 2) // the bytes did arrive apart, characters cut in two
            CHECK(got("out").size() > 3);
    }
}

TEST_CASE("fromUtf8: invalid bytes and a truncated end give U+FFFD")
{
    Program p;
    p.values("src", t_byte(), bytes_of("a\xFF" "b\xE2\x82"), 2, 1)
        .add("d", "std/text/convert/string::fromUtf8")
        .connect("src.out", "d.encoded")
        .collect("d.text", "out", t_string());
    run_ok(p);
    CHECK(joined(got("out")) == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST_CASE("toUtf8 then fromUtf8 round-trips")
{
    Program p;
    p.values("src", t_string(), strings({"Grüße, ", "世界", " 🎉\n"}), 1, 1)
        .add("e", "std/text/convert/string::toUtf8")
        .add("d", "std/text/convert/string::fromUtf8")
        .connect("src.out", "e.text")
        .connect("e.encoded", "d.encoded")
        .collect("d.text", "out", t_string());
    run_ok(p);
    CHECK(joined(got("out")) == "Grüße, 世界 🎉\n");
}
