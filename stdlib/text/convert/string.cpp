// std/text/convert/string — reference: libs/std-mel/src/text/convert/string.rs (std.md §2.16).
// Bytes travel as contiguous buffers.
// Fix (std.md §3.2): `fromUtf8` keeps a character split across two chunks of bytes until the next chunk,
// where the reference decodes each chunk alone and turns the two halves into U+FFFD — so its output depended
// on how the bytes were chunked. Invalid bytes still give U+FFFD, and a character cut by the end of the
// stream gives one U+FFFD.

#include <cstring>

#include "runtime/model/registry.h"
#include "runtime/model/value_format.h"
#include "stdlib/areas.h"
#include "stdlib/function_args.h"
#include "stdlib/native.h"
#include "stdlib/text/unicode.h"

namespace mel::stdlib {

namespace {

Task<> to_utf8_body(TreatmentContext& ctx)
{
    auto& text = ctx.input("text");
    auto& encoded = ctx.output("encoded");
    while (auto batch = co_await text.recv_many()) {
        std::size_t total = 0;
        for (const std::string& s : batch->strings())
            total += s.size();
        if (total == 0)
            continue;
        std::vector<std::byte> bytes(total);
        std::size_t at = 0;
        for (const std::string& s : batch->strings()) {
            std::memcpy(bytes.data() + at, s.data(), s.size());
            at += s.size();
        }
        if (const auto outcome = co_await encoded.send_bytes(std::move(bytes)); !outcome)
            break;
    }
}

Task<> from_utf8_body(TreatmentContext& ctx)
{
    auto& encoded = ctx.input("encoded");
    auto& text = ctx.output("text");
    text::Utf8Decoder decoder;
    while (auto batch = co_await encoded.recv_many()) {
        std::string decoded = decoder.feed(batch->bytes());
        if (decoded.empty())
            continue;
        const bool sent = co_await text.send_one(Value::string(std::move(decoded)));
        if (!sent)
            co_return;
    }
    if (std::string rest = decoder.finish(); !rest.empty())
        co_await text.send_one(Value::string(std::move(rest)));
}

/// `text` as a `Vec<char>` value.
Value chars_value(std::string_view text)
{
    std::vector<Value> out;
    for (const char32_t c : text::chars_of(text))
        out.push_back(Value::character(c));
    return Value::vec(std::move(out));
}

/// The string of a `Vec<char>` value.
std::string string_of_chars(const Value& chars)
{
    std::string out;
    for (const Value& c : chars.as_vec())
        append_utf8(out, c.as_char());
    return out;
}

template<class F> FunctionBody string_function(const char* name, Value::Kind kind, F f)
{
    return [name, kind, f](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
        expect_arity(args, 1);
        if (args[0].kind() != kind)
            return argument_error(name, 0, args[0]);
        return f(args[0]);
    };
}

} // namespace

void register_text_convert_string(Registry& registry)
{
    auto area = registry.area("std/text/convert/string");

    area.treatment("toUtf8")
        .input("text", "Stream<string>")
        .output("encoded", "Stream<byte>")
        .doc("Encode the strings in UTF-8.\n\n"
             "The bytes of all strings are sent one after the other, without separator.")
        .implementation(native(to_utf8_body));

    area.treatment("fromUtf8")
        .input("encoded", "Stream<byte>")
        .output("text", "Stream<string>")
        .doc("Decode UTF-8 bytes into text.\n\n"
             "Invalid sequences become the replacement character U+FFFD. Chunks of bytes are decoded as they "
             "arrive, so the text may come as several strings; only their concatenation is meaningful. A "
             "character split between two chunks is decoded whole.")
        .implementation(native(from_utf8_body));

    area.treatment("toChar")
        .input("text", "Stream<string>")
        .output("chars", "Stream<Vec<char>>")
        .doc("The characters of each string, as one vector per string.")
        .implementation(native(map_treatment<std::string>("text", "chars", without_params(chars_value))));
    area.treatment("fromChar")
        .input("chars", "Stream<Vec<char>>")
        .output("text", "Stream<string>")
        .doc("One string per vector of characters.")
        .implementation(native(map_treatment<Value>("chars", "text", without_params(string_of_chars))));

    area.function("to_char")
        .param("text", "string")
        .returns("Vec<char>")
        .doc("The characters of `text`.")
        .body(string_function("|to_char", Value::Kind::String, [](const Value& v) { return chars_value(v.as_string()); }));
    area.function("from_char")
        .param("chars", "Vec<char>")
        .returns("string")
        .doc("The string of the characters `chars`.")
        .body(string_function("|from_char", Value::Kind::Vec,
                              [](const Value& v) { return Value::string(string_of_chars(v)); }));
    area.function("to_utf8")
        .param("text", "string")
        .returns("Vec<byte>")
        .doc("The UTF-8 bytes of `text`.")
        .body(string_function("|to_utf8", Value::Kind::String,
                              [](const Value& v) { return byte_vector_value(v.as_string()); }));
    area.function("from_utf8")
        .param("encoded", "Vec<byte>")
        .returns("string")
        .doc("The text of UTF-8 bytes; each invalid or truncated sequence becomes U+FFFD.")
        .body(string_function("|from_utf8", Value::Kind::Vec,
                              [](const Value& v) { return Value::string(text::decode_lossy(byte_vector(v))); }));
}

} // namespace mel::stdlib
