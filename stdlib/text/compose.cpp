// std/text/compose — reference: libs/std-mel/src/text/compose.rs (std.md §2.14).
// The template language is in
// stdlib/text/format.cpp; splitting follows Rust's `str::split`/`split_inclusive` (an empty delimiter matches
// at every character boundary).
// Fix (std.md §3.3): `rescale` also finds a delimiter of several characters split across two fragments (the
// reference misses it, so its output depended on how the text was chunked). The delimiter is still kept at
// the end of each piece and the remainder is sent at close, as in the reference.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/data/string_map.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/text/format.h"
#include "stdlib/text/unicode.h"

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

/// The length of the UTF-8 character starting with byte `lead`.
std::size_t char_length(char lead)
{
    const auto b = static_cast<unsigned char>(lead);
    return b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
}

/// Where `delimiter` matches in `text`, left to right without overlap, as (start, end) byte offsets; an
/// empty delimiter matches at every character boundary, the end included.
std::vector<std::pair<std::size_t, std::size_t>> matches(std::string_view text, std::string_view delimiter)
{
    std::vector<std::pair<std::size_t, std::size_t>> found;
    if (delimiter.empty()) {
        for (std::size_t i = 0; i < text.size(); i += char_length(text[i]))
            found.emplace_back(i, i);
        found.emplace_back(text.size(), text.size());
        return found;
    }
    for (std::size_t at = text.find(delimiter); at != std::string_view::npos;
         at = text.find(delimiter, at + delimiter.size()))
        found.emplace_back(at, at + delimiter.size());
    return found;
}

/// Rust's `text.split(delimiter)`: the pieces between the matches, always with the last one.
std::vector<Value> split_exclusive(std::string_view text, std::string_view delimiter)
{
    std::vector<Value> pieces;
    std::size_t start = 0;
    for (auto [from, to] : matches(text, delimiter)) {
        pieces.push_back(Value::string(std::string(text.substr(start, from - start))));
        start = to;
    }
    pieces.push_back(Value::string(std::string(text.substr(start))));
    return pieces;
}

/// Rust's `text.split_inclusive(delimiter)`: each piece ends with its match; no empty last piece.
std::vector<Value> split_inclusive(std::string_view text, std::string_view delimiter)
{
    std::vector<Value> pieces;
    std::size_t start = 0;
    for (auto [from, to] : matches(text, delimiter)) {
        (void)from;
        pieces.push_back(Value::string(std::string(text.substr(start, to - start))));
        start = to;
    }
    if (start < text.size())
        pieces.push_back(Value::string(std::string(text.substr(start))));
    return pieces;
}

Task<> format_treatment(TreatmentContext& ctx)
{
    auto& entries = ctx.input("entries");
    auto& formatted = ctx.output("formatted");
    const std::string& format = ctx.param("format").as_string();
    while (auto batch = co_await entries.recv_many()) {
        std::vector<std::string> texts;
        texts.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i) {
            const Value map = batch->value_at(i);
            const data::StringMap* m = data::StringMap::from(map);
            if (!m)
                throw EngineError("format: a StringMap was expected");
            auto text = text::format_template(format, m->entries());
            texts.push_back(text ? *std::move(text) : std::string());
        }
        if (const auto outcome = co_await formatted.send_many(Batch::of(std::move(texts))); !outcome)
            break;
    }
}

using Trim = std::string_view (*)(std::string_view);

std::string_view trim_both(std::string_view s) { return text::trim_start(text::trim_end(s)); }

auto trim_treatment(Trim trim)
{
    return [trim](TreatmentContext& ctx) -> Task<> {
        auto& text = ctx.input("text");
        auto& trimmed = ctx.output("trimmed");
        while (auto batch = co_await text.recv_many()) {
            std::vector<std::string> out;
            out.reserve(batch->size());
            for (const std::string& s : batch->strings())
                out.emplace_back(trim(s));
            if (const auto sent = co_await trimmed.send_many(Batch::of(std::move(out))); !sent)
                break;
        }
    };
}

FunctionBody trim_function(const char* name, Trim trim)
{
    return [name, trim](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
        expect_arity(args, 1);
        if (args[0].kind() != Value::Kind::String)
            return argument_error(name, 0, args[0]);
        return Value::string(std::string(trim(args[0].as_string())));
    };
}

Result<Value> checked_format_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 2);
    if (args[0].kind() != Value::Kind::String)
        return argument_error("|checked_format", 0, args[0]);
    const data::StringMap* entries = data::StringMap::from(args[1]);
    if (!entries)
        return argument_error("|checked_format", 1, args[1]);
    auto text = text::format_template(args[0].as_string(), entries->entries());
    return text ? Value::some(Value::string(*std::move(text))) : Value::none();
}

Task<> checked_format_treatment(TreatmentContext& ctx)
{
    auto& entries = ctx.input("entries");
    auto& formatted = ctx.output("formatted");
    const std::string& format = ctx.param("format").as_string();
    while (auto batch = co_await entries.recv_many()) {
        std::vector<Value> texts;
        texts.reserve(batch->size());
        for (std::size_t i = 0; i < batch->size(); ++i) {
            const Value map = batch->value_at(i);
            const data::StringMap* m = data::StringMap::from(map);
            if (!m)
                throw EngineError("checkedFormat: a StringMap was expected");
            auto text = text::format_template(format, m->entries());
            texts.push_back(text ? Value::some(Value::string(*std::move(text))) : Value::none());
        }
        if (const auto sent = co_await send_values(formatted, std::move(texts)); !sent)
            break;
    }
}

Result<Value> split_body(std::span<const Type>, std::span<const Value> args)
{
    expect_arity(args, 3);
    if (args[0].kind() != Value::Kind::String)
        return argument_error("|split", 0, args[0]);
    if (args[1].kind() != Value::Kind::String)
        return argument_error("|split", 1, args[1]);
    if (args[2].kind() != Value::Kind::Bool)
        return argument_error("|split", 2, args[2]);
    return Value::vec(args[2].as_bool() ? split_inclusive(args[0].as_string(), args[1].as_string())
                                        : split_exclusive(args[0].as_string(), args[1].as_string()));
}

/// For split: the pieces of each string around the track's `delimiter`.
auto split_by_params(const TreatmentContext& ctx)
{
    return [delimiter = ctx.param("delimiter").as_string(),
            inclusive = ctx.param("inclusive").as_bool()](const std::string& s) {
        return Value::vec(inclusive ? split_inclusive(s, delimiter) : split_exclusive(s, delimiter));
    };
}

Task<> rescale_treatment(TreatmentContext& ctx)
{
    auto& unscaled = ctx.input("unscaled");
    auto& scaled = ctx.output("scaled");
    const std::string& delimiter = ctx.param("delimiter").as_string();
    std::string pending; // text after the last delimiter found
    while (auto batch = co_await unscaled.recv_many()) {
        std::vector<Value> pieces;
        for (const std::string& fragment : batch->strings()) {
            if (delimiter.empty()) {
                // Degenerate, as in the reference: every character boundary ends a piece.
                for (Value& piece : split_inclusive(fragment, delimiter))
                    pieces.push_back(std::move(piece));
                continue;
            }
            // A delimiter may begin in what is pending: search from there.
            std::size_t search = pending.size() >= delimiter.size() ? pending.size() - delimiter.size() + 1 : 0;
            pending += fragment;
            std::size_t start = 0;
            for (std::size_t at = pending.find(delimiter, search); at != std::string::npos;
                 at = pending.find(delimiter, start)) {
                const std::size_t end = at + delimiter.size();
                pieces.push_back(Value::string(pending.substr(start, end - start)));
                start = end;
            }
            pending.erase(0, start);
        }
        if (const auto outcome = co_await send_values(scaled, std::move(pieces)); !outcome)
            co_return;
    }
    if (!pending.empty())
        co_await scaled.send_one(Value::string(std::move(pending)));
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
             "the map lacks.")
        .implementation(native(format_treatment));

    area.function("checked_format")
        .param("format", "string")
        .param("entries", "StringMap")
        .returns("Option<string>")
        .doc(std::string("Fill the template `format` with `entries`, or none.\n\n") + k_template_doc +
             "\n\nNone when the template is invalid or names a key that `entries` lacks.")
        .body(checked_format_body);

    area.treatment("checkedFormat")
        .param("format", "string")
        .input("entries", "Stream<StringMap>")
        .output("formatted", "Stream<Option<string>>")
        .doc(std::string("Fill the template `format` with each map of `entries`.\n\n") + k_template_doc +
             "\n\nOne option is sent per map: none when the template is invalid or names a key the map lacks.")
        .implementation(native(checked_format_treatment));

    struct TrimMember {
        const char* treatment;
        const char* function;
        const char* where;
        Trim trim;
    };
    for (const TrimMember& m : {TrimMember{"trim", "trim", "at both ends of", trim_both},
                                TrimMember{"trimEnd", "trim_end", "at the end of", text::trim_end},
                                TrimMember{"trimStart", "trim_start", "at the start of", text::trim_start}}) {
        const std::string doc =
            std::string("Remove the white space (in the Unicode sense, line breaks included) ") + m.where;
        area.function(m.function)
            .param("text", "string")
            .returns("string")
            .doc(doc + " `text`.")
            .body(trim_function(m.function, m.trim));
        area.treatment(m.treatment)
            .input("text", "Stream<string>")
            .output("trimmed", "Stream<string>")
            .doc(doc + " each string.")
            .implementation(native(trim_treatment(m.trim)));
    }

    area.function("split")
        .param("text", "string")
        .param("delimiter", "string")
        .param("inclusive", "bool")
        .returns("Vec<string>")
        .doc("Cut `text` at every `delimiter` (see the treatment `split` for `inclusive`).")
        .body(split_body);

    area.treatment("split")
        .param("delimiter", "string")
        .param("inclusive", "bool", Value::boolean(true))
        .input("text", "Stream<string>")
        .output("splitted", "Stream<Vec<string>>")
        .doc("Cut each string at every `delimiter`.\n\n"
             "When `inclusive` (the default), each piece keeps its delimiter at its end and no empty piece "
             "follows a final delimiter: `\"a,b,\"` gives `[\"a,\", \"b,\"]` and `\"\"` gives `[]`. "
             "Otherwise the delimiters are dropped: `\"a,b,\"` gives `[\"a\", \"b\", \"\"]` and `\"\"` "
             "gives `[\"\"]`.")
        .implementation(native(map_treatment<std::string>("text", "splitted", split_by_params)));

    area.treatment("rescale")
        .param("delimiter", "string", Value::string("\n"))
        .input("unscaled", "Stream<string>")
        .output("scaled", "Stream<string>")
        .doc("Re-cut text arriving in arbitrary fragments into pieces that end with `delimiter`.\n\n"
             "Each piece sent on `scaled` ends with the delimiter, which is kept (by default a line break, "
             "so the pieces are lines). What remains after the last delimiter is sent when the input "
             "closes. A delimiter is found even when it is split across two fragments.")
        .implementation(native(rescale_treatment));
}

} // namespace mel::stdlib
