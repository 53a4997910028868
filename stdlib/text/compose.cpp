// std/text/compose — reference: libs/std-mel/src/text/compose.rs (std.md §2.14).
// Declared here: the elements real programs use (std.md §4). |format has its body (stdlib/text/format.cpp);
// the treatments get theirs with the engine.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/data/string_map.h"
#include "stdlib/function_args.h"
#include "stdlib/text/format.h"

namespace mel::stdlib {

namespace {

constexpr const char* k_template_doc =
    "In the template, `{key}` is replaced by the entry `key`, and `{{` and `}}` stand for `{` and `}`. A "
    "placeholder may add a spec after a colon, `{key:[[fill]align][width][.precision]}`: the text is padded "
    "with `fill` (a space by default) to `width` characters, aligned left (`<`, the default), centred (`^`) "
    "or right (`>`), after being cut to `precision` characters.";

// |format(format: string, entries: StringMap) -> string: "" when the template is invalid.
Result<Value> format_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 2);
    if (args[0].kind() != Value::Kind::String)
        return argument_error("|format", 0, args[0]);
    const data::StringMap* entries = data::StringMap::from(args[1]);
    if (!entries)
        return argument_error("|format", 1, args[1]);
    auto text = text::format_template(args[0].as_string(), entries->entries());
    return Value::string(text ? *std::move(text) : std::string());
}

} // namespace

void register_text_compose(Registry& registry)
{
    auto area = registry.area("std/text/compose");

    area.function("format")
        .param("format", "string")
        .param("entries", "StringMap")
        .returns("string")
        .doc(std::string("Fill the template `format` with `entries`.\n\n") + k_template_doc +
             "\n\nThe result is the empty string when the template is invalid or names a key that "
             "`entries` lacks.")
        .body(format_body);

    area.treatment("format")
        .param("format", "string")
        .input("entries", "Stream<StringMap>")
        .output("formatted", "Stream<string>")
        .doc(std::string("Fill the template `format` with each map of `entries`.\n\n") + k_template_doc +
             "\n\nOne string is sent per map: the empty string when the template is invalid or names a key "
             "the map lacks.");

    area.treatment("trimEnd")
        .input("text", "Stream<string>")
        .output("trimmed", "Stream<string>")
        .doc(
            "Remove the white space (in the Unicode sense, line breaks included) at the end of each string.");

    area.treatment("split")
        .param("delimiter", "string")
        .param("inclusive", "bool", Value::boolean(true))
        .input("text", "Stream<string>")
        .output("splitted", "Stream<Vec<string>>")
        .doc("Cut each string at every `delimiter`.\n\n"
             "When `inclusive` (the default), each piece keeps its delimiter at its end and no empty piece "
             "follows a final delimiter: `\"a,b,\"` gives `[\"a,\", \"b,\"]` and `\"\"` gives `[]`. "
             "Otherwise the delimiters are dropped: `\"a,b,\"` gives `[\"a\", \"b\", \"\"]` and `\"\"` "
             "gives `[\"\"]`.");

    area.treatment("rescale")
        .param("delimiter", "string", Value::string("\n"))
        .input("unscaled", "Stream<string>")
        .output("scaled", "Stream<string>")
        .doc("Re-cut text arriving in arbitrary fragments into pieces that end with `delimiter`.\n\n"
             "Each piece sent on `scaled` ends with the delimiter, which is kept (by default a line break, "
             "so the pieces are lines). What remains after the last delimiter is sent when the input "
             "closes. A delimiter of several characters split across two fragments is not recognised.");
}

} // namespace mel::stdlib
