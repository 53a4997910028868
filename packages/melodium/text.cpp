// melodium/text — no reference: Mélodium 0.10.2 cannot read a number from a string (its std converts
// numbers to text, `std/conv::|to_string`, never back). Ours, in the package `melodium`
// (docs/melodium-package.md, docs/differences.md).
//
// Decisions: the accepted forms are those Rust's `str::parse` accepts for the type (the reference's language:
// an optional sign, decimal digits; floats also with `.`, an exponent, `inf`, `infinity`, `nan` in any
// case), which include every text `|to_string` prints (`-0`, `0.0000001`, `NaN`, `inf`, `-inf`). Surrounding
// whitespace is ignored, as std/text/compose's `trim` removes it (Unicode White_Space). Everything else,
// and any value out of the type's range, gives none: `256` for u8, `-1` for any unsigned type, `1e39` for
// f32, and also a non-zero float text that would round to zero (`1e-400`), where Rust gives 0.

#include "packages/melodium/text.h"

#include <charconv>
#include <string>

#include "packages/melodium/register.h"
#include "runtime/model/registry.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/ops/elementwise.h"
#include "stdlib/ops/numeric.h"
#include "stdlib/text/unicode.h"

namespace mel::packages::melodium {

template<class F> std::optional<F> parse_float(std::string_view text)
{
    // from_chars reads a leading `-` but no `+`, and also the C form `nan(chars)`, which Rust refuses.
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && text.front() == '-')
            return std::nullopt;
    }
    if (text.empty() || text.find('(') != std::string_view::npos)
        return std::nullopt;
    F value{};
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value, std::chars_format::general);
    if (error != std::errc() || stop != end) // result_out_of_range: too large, or too small but not zero
        return std::nullopt;
    return value;
}

template<class T> std::optional<T> parse_number(std::string_view text)
{
    text = stdlib::text::trim_start(stdlib::text::trim_end(text));
    if constexpr (std::is_floating_point_v<T>)
        return parse_float<T>(text);
    else
        return parse_integer<T>(text);
}

// clang-format off
template std::optional<float> parse_float(std::string_view);
template std::optional<double> parse_float(std::string_view);
template std::optional<std::int8_t> parse_number(std::string_view);
template std::optional<std::int16_t> parse_number(std::string_view);
template std::optional<std::int32_t> parse_number(std::string_view);
template std::optional<std::int64_t> parse_number(std::string_view);
template std::optional<i128> parse_number(std::string_view);
template std::optional<std::uint8_t> parse_number(std::string_view);
template std::optional<std::uint16_t> parse_number(std::string_view);
template std::optional<std::uint32_t> parse_number(std::string_view);
template std::optional<std::uint64_t> parse_number(std::string_view);
template std::optional<u128> parse_number(std::string_view);
template std::optional<float> parse_number(std::string_view);
template std::optional<double> parse_number(std::string_view);
// clang-format on

namespace {

using stdlib::Batch;
using stdlib::BatchKind;
using stdlib::EngineError;
using stdlib::Task;
using stdlib::TreatmentContext;
using stdlib::type_tag;

/// The one operation of this area, on one text, as the Value `Option<N>` both forms give.
template<class N> Value parsed(std::string_view text)
{
    return stdlib::to_value(parse_number<N>(text));
}

/// `|parse<N>(text: string) -> Option<N>`.
Result<Value> parse_function(std::span<const Type> generics, std::span<const Value> args)
{
    stdlib::expect_arity(args, 1);
    if (args[0].kind() != Value::Kind::String)
        return stdlib::argument_error("|parse", 0, args[0]);
    if (generics.size() != 1)
        return Error{"|parse: one generic type expected"};
    const std::string& text = args[0].as_string();
    return stdlib::visit_number_kind(
        engine::batch_kind_of(generics[0]),
        [&]<class N>(type_tag<N>) -> Result<Value> { return parsed<N>(text); },
        [&]() -> Result<Value> {
            return Error{"|parse: " + generics[0].to_string() + " is not a number type"};
        });
}

/// The function applied to every text of a string batch, into a batch of `Option<N>` (`kind` is N's).
Batch parse_batch(BatchKind kind, const Batch& texts)
{
    const auto strings = texts.strings();
    return stdlib::visit_number_kind(
        kind,
        [&]<class N>(type_tag<N>) -> Batch {
            return Batch::of(
                stdlib::generated(strings.size(), [&](std::size_t i) { return parsed<N>(strings[i]); }));
        },
        [&]() -> Batch { throw EngineError("parse: the generic type is not a number type"); });
}

/// `parse<N>`: in `text`, out `value`, batch by batch.
Task<> parse_body(TreatmentContext& ctx)
{
    auto& text = ctx.input("text");
    auto& value = ctx.output("value");
    const BatchKind kind = engine::batch_kind_of(ctx.generic("N"));
    while (auto batch = co_await text.recv_many()) {
        Batch results = parse_batch(kind, *batch);
        if (const auto sent = co_await value.send_many(std::move(results)); !sent)
            break;
    }
}

constexpr const char* k_parse_doc =
    "The number of type `N` written in `text`, or none when `text` does not hold one.\n\n"
    "`N` is any integer or float type (the types with `Add`). Whitespace around the number is ignored. An "
    "integer is written with an optional sign (`+` or `-`, no `-` for unsigned types) and decimal digits "
    "only (`42`, `-7`, `+3`). A float is written as std's "
    "`|to_string` prints it (`3.5`, `-0`, `0.0000001`, `NaN`, `inf`, `-inf`), and may also have an exponent "
    "(`1e21`, `2.5E-3`) or be `infinity`; `inf`, `infinity` and `nan` are read in any case.\n\n"
    "None when the value does not fit `N`: `|parse<u8>(\"256\")`, `|parse<u32>(\"-1\")`, "
    "`|parse<f32>(\"1e39\")` (too large for an f32), and `|parse<f64>(\"1e-400\")` (too small to be told "
    "from zero). None also for any other text: `\"\"`, `\"1_000\"`, `\"0x10\"`, `\"1.5\"` for an integer "
    "type, `\"3 4\"`.";

} // namespace

void register_text(Registry& registry)
{
    auto area = registry.area("melodium/text");
    area.function("parse")
        .generic("N", {Trait::Add})
        .param("text", "string")
        .returns("Option<N>")
        .doc(k_parse_doc)
        .body(parse_function);
    area.treatment("parse")
        .generic("N", {Trait::Add})
        .input("text", "Stream<string>")
        .output("value", "Stream<Option<N>>")
        .doc(std::string(k_parse_doc) + "\n\nApplied to each text of the stream, in order.")
        .implementation(stdlib::native(parse_body));
}

} // namespace mel::packages::melodium
