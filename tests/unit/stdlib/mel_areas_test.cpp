// The .mel areas of std (stdlib/mel/), embedded by melodium_embed_mel: present under their area names and
// declaring the treatments of the reference with its signatures (std.md §2.5, §2.20, §2.21).

#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <string>
#include <vector>

#include "tests/unit/stdlib/testing.h"

using namespace mel;
using namespace mel::stdlib::testing;

namespace {

const std::string& area_text(std::string_view area)
{
    const std::string* text = std_registry().mel_area(area);
    REQUIRE_MESSAGE(text != nullptr, area);
    return *text;
}

/// Header lines of every treatment, `treatment NAME…` up to the `{` that opens its body, whitespace
/// collapsed: "treatment startup() model engine: Engine() output trigger: Block<void>".
std::map<std::string, std::string> treatment_headers(const std::string& text)
{
    std::map<std::string, std::string> headers;
    static const std::regex k_start(R"((^|\n)treatment ([A-Za-z_][A-Za-z0-9_]*))");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), k_start); it != std::sregex_iterator();
         ++it) {
        const std::size_t begin = static_cast<std::size_t>(it->position(0)) + it->length(1);
        const std::size_t end = text.find('{', begin);
        REQUIRE(end != std::string::npos);
        std::string header = std::regex_replace(text.substr(begin, end - begin), std::regex(R"(\s+)"), " ");
        while (!header.empty() && header.back() == ' ')
            header.pop_back();
        CHECK_MESSAGE(headers.emplace((*it)[2], header).second, "twice: " << (*it)[2]);
    }
    return headers;
}

} // namespace

TEST_CASE("std embeds exactly its three .mel areas")
{
    std::vector<std::string> areas;
    for (const auto& [path, text] : std_registry().mel_areas()) {
        areas.push_back(path);
        CHECK(!text.empty());
    }
    CHECK(areas == std::vector<std::string>{"std/engine/log", "std/engine/util", "std/ops/block"});
}

TEST_CASE("std/engine/util::startup")
{
    const auto headers = treatment_headers(area_text("std/engine/util"));
    REQUIRE(headers.size() == 1);
    CHECK(headers.at("startup") == "treatment startup() model engine: Engine() output trigger: Block<void>");
    const std::string& text = area_text("std/engine/util");
    CHECK(text.find("use root/engine::Engine") != std::string::npos);
    CHECK(text.find("use root/engine::ready") != std::string::npos);
    CHECK(text.find("ready[engine=engine]()") != std::string::npos);
    CHECK(text.find("ready.trigger -> Self.trigger") != std::string::npos);
}

TEST_CASE("std/ops/block::equal and equalTo")
{
    const auto headers = treatment_headers(area_text("std/ops/block"));
    REQUIRE(headers.size() == 2);
    CHECK(headers.at("equal") == "treatment equal<T: PartialEquality>() input a: Block<T> input b: Block<T> "
                                 "output result: Block<bool>");
    CHECK(headers.at("equalTo") == "treatment equalTo<T: PartialEquality>(value: T) input data: Block<T> "
                                   "output result: Block<bool>");
}

TEST_CASE("std/engine/log: the 45 helpers, 9 per level, with the reference's parameters and ports")
{
    const auto headers = treatment_headers(area_text("std/engine/log"));
    CHECK(headers.size() == 45);
    const std::string model = " model engine: Engine()";
    for (std::string level : {"error", "warning", "info", "debug", "trace"}) {
        std::string l = level;
        l[0] = static_cast<char>(l[0] - 'a' + 'A');
        const std::string label = "(label: string = \"" + level + "\")";
        const std::map<std::string, std::string> expected = {
            {"log" + l + "Message",
             "(label: string = \"" + level + "\", message: string)" + model + " input trigger: Block<void>"},
            {"log" + l, label + model + " input message: Block<string>"},
            {"log" + l + "s", label + model + " input messages: Stream<string>"},
            {"logData" + l, "<D: Display>" + label + model + " input data: Block<D>"},
            {"logData" + l + "s", "<D: Display>" + label + model + " input data: Stream<D>"},
            {"log" + l + "Label", "()" + model + " input label: Block<string> input message: Block<string>"},
            {"log" + l + "sLabel",
             "()" + model + " input label: Block<string> input messages: Stream<string>"},
            {"logData" + l + "Label",
             "<D: Display>()" + model + " input label: Block<string> input data: Block<D>"},
            {"logData" + l + "sLabel",
             "<D: Display>()" + model + " input label: Block<string> input data: Stream<D>"},
        };
        for (const auto& entry : expected) {
            const std::string& name = entry.first;
            const std::string& rest = entry.second;
            CAPTURE(name);
            REQUIRE(headers.count(name) == 1);
            CHECK(headers.at(name) == "treatment " + name + rest);
            // The level is fixed by the matching constructor.
            const std::string& text = area_text("std/engine/log");
            const std::size_t body =
                text.find('{', text.find("treatment " + name + (rest[0] == '<' ? "<" : "(")));
            CHECK(text.find("level = |" + level + "()", body) < text.find('}', body));
        }
    }
    // The one most programs use, exactly as written in the file.
    CHECK(area_text("std/engine/log")
              .find("treatment logInfoMessage(label: string = \"info\", message: string)\n"
                    "  model engine: Engine()\n"
                    "  input trigger: Block<void>\n") != std::string::npos);
}
