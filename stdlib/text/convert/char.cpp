// std/text/convert/char — reference: libs/std-mel/src/text/convert/char.rs (std.md §2.15).
// `toString` sends one string per batch of characters it receives (std.md §3.2: the chunking depends on
// timing; the concatenation does not).

#include <cstring>
#include <string>

#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/text/unicode.h"

namespace mel::stdlib {

namespace {

/// The UTF-8 text of a batch of characters.
std::string utf8_of(const Batch& chars)
{
    std::string s;
    for (const char32_t c : chars.as_span<char32_t>())
        append_utf8(s, c);
    return s;
}

Task<> to_string_body(TreatmentContext& ctx)
{
    auto& chars = ctx.input("chars");
    auto& text = ctx.output("text");
    while (auto batch = co_await chars.recv_many()) {
        if (const auto sent = co_await text.send_one(Value::string(utf8_of(*batch))); !sent)
            break;
    }
}

Task<> from_string_body(TreatmentContext& ctx)
{
    auto& text = ctx.input("text");
    auto& chars = ctx.output("chars");
    while (auto batch = co_await text.recv_many()) {
        std::vector<char32_t> out;
        for (const std::string& s : batch->strings()) {
            const auto cs = text::chars_of(s);
            out.insert(out.end(), cs.begin(), cs.end());
        }
        if (out.empty())
            continue;
        if (const auto sent = co_await chars.send_many(Batch::of(std::move(out))); !sent)
            break;
    }
}

Task<> to_utf8_body(TreatmentContext& ctx)
{
    auto& text = ctx.input("text");
    auto& encoded = ctx.output("encoded");
    while (auto batch = co_await text.recv_many()) {
        const std::string s = utf8_of(*batch);
        std::vector<std::byte> bytes(s.size());
        std::memcpy(bytes.data(), s.data(), s.size());
        if (const auto sent = co_await encoded.send_bytes(std::move(bytes)); !sent)
            break;
    }
}

} // namespace

void register_text_convert_char(Registry& registry)
{
    auto area = registry.area("std/text/convert/char");

    area.treatment("toString")
        .input("chars", "Stream<char>")
        .output("text", "Stream<string>")
        .doc("Gather characters into text.\n\nThe characters of each received chunk become one string, so the text "
             "may come as several strings; only their concatenation is meaningful.")
        .implementation(native(to_string_body));
    area.treatment("fromString")
        .input("text", "Stream<string>")
        .output("chars", "Stream<char>")
        .doc("The characters of every string, one after the other.")
        .implementation(native(from_string_body));
    area.treatment("toUtf8")
        .input("text", "Stream<char>")
        .output("encoded", "Stream<byte>")
        .doc("The UTF-8 bytes of every character, one after the other.")
        .implementation(native(to_utf8_body));

    area.function("to_utf8")
        .param("char", "char")
        .returns("Vec<byte>")
        .doc("The UTF-8 bytes of a character (one to four).")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 1);
            if (args[0].kind() != Value::Kind::Char)
                return argument_error("|to_utf8", 0, args[0]);
            std::string s;
            append_utf8(s, args[0].as_char());
            return byte_vector_value(s);
        });
    area.function("from_utf8")
        .param("encoded", "Vec<byte>")
        .returns("Vec<char>")
        .doc("The characters of UTF-8 bytes; each invalid or truncated sequence becomes U+FFFD.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            expect_arity(args, 1);
            if (args[0].kind() != Value::Kind::Vec)
                return argument_error("|from_utf8", 0, args[0]);
            std::vector<Value> chars;
            for (const char32_t c : text::chars_of(text::decode_lossy(byte_vector(args[0]))))
                chars.push_back(Value::character(c));
            return Value::vec(std::move(chars));
        });
}

} // namespace mel::stdlib
