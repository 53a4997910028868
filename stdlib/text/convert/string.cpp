// std/text/convert/string — reference: libs/std-mel/src/text/convert/string.rs (std.md §2.16).
// Declared here: the elements real programs use (std.md §4); bodies come with the engine.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"

namespace mel::stdlib {

void register_text_convert_string(Registry& registry)
{
    auto area = registry.area("std/text/convert/string");

    area.treatment("toUtf8")
        .input("text", "Stream<string>")
        .output("encoded", "Stream<byte>")
        .doc("Encode the strings in UTF-8.\n\n"
             "The bytes of all strings are sent one after the other, without separator.");

    area.treatment("fromUtf8")
        .input("encoded", "Stream<byte>")
        .output("text", "Stream<string>")
        .doc("Decode UTF-8 bytes into text.\n\n"
             "Invalid sequences become the replacement character U+FFFD. Chunks of bytes are decoded as they "
             "arrive, so the text may come as several strings; only their concatenation is meaningful.");
}

} // namespace mel::stdlib
