// std/text/convert/string — reference: libs/std-mel/src/text/convert/string.rs (std.md §2.16).
// Declared here: the elements real programs use (std.md §4). Bytes travel as contiguous buffers.
// Fix (std.md §3.2): `fromUtf8` keeps a character split across two chunks of bytes until the next chunk,
// where the reference decodes each chunk alone and turns the two halves into U+FFFD — so its output depended
// on how the bytes were chunked. Invalid bytes still give U+FFFD, and a character cut by the end of the
// stream gives one U+FFFD.

#include <cstring>

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
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
}

} // namespace mel::stdlib
