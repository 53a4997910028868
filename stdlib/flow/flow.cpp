// std/flow — reference: libs/std-mel/src/flow/mod.rs (std.md §2.1).
// Declared here: the elements real programs use (std.md §4). Their bodies come with the engine; the
// behaviour each must have, quirks included, is in the doc and in std.md.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"

namespace mel::stdlib {

namespace {

// Turning blocks into signals and back.
void register_signals(AreaBuilder& area)
{
    area.treatment("trigger")
        .generic("T")
        .input("stream", "Stream<T>")
        .output("start", "Block<void>")
        .output("end", "Block<void>")
        .output("first", "Block<T>")
        .output("last", "Block<T>")
        .doc("Signal the beginning and the end of a stream.\n\n"
             "When the first values arrive, `start` is sent together with `first`, the first value. When the "
             "stream closes, `end` is sent, then `last`, the last value seen. A stream of one value gives "
             "that value on both `first` and `last`; an empty stream only sends `end`.");

    area.treatment("check")
        .generic("T")
        .input("value", "Block<T>")
        .output("check", "Block<void>")
        .doc("Send `check` when `value` arrives; nothing when `value` closes without a value.");

    area.treatment("uncheck")
        .generic("T")
        .input("value", "Block<T>")
        .output("uncheck", "Block<void>")
        .doc("Send `uncheck` when `value` closes without a value; nothing when a value arrives.");

    area.treatment("emit")
        .generic("T")
        .param("value", "T")
        .input("trigger", "Block<void>")
        .output("emit", "Block<T>")
        .doc("Send the parameter `value` as a block when `trigger` arrives.\n\n"
             "Nothing is sent if `trigger` closes without a value.");

    area.treatment("stream")
        .generic("T")
        .input("block", "Block<T>")
        .output("stream", "Stream<T>")
        .doc("Turn a block into a stream of one value.\n\n"
             "The stream is empty when `block` closes without a value.");
}

// Combining streams and blocks.
void register_combinations(AreaBuilder& area)
{
    area.treatment("merge")
        .generic("T")
        .input("a", "Stream<T>")
        .input("b", "Stream<T>")
        .output("value", "Stream<T>")
        .doc("Merge two streams into one.\n\n"
             "Values of `a` and `b` are forwarded as they arrive, so their interleaving is not predictable. "
             "The merge goes on while either input is open.");

    area.treatment("fill")
        .generic("T")
        .param("value", "T")
        .input("pattern", "Stream<void>")
        .output("filled", "Stream<T>")
        .doc("Send one copy of the parameter `value` for each element of `pattern`.");

    area.treatment("flock")
        .generic("T")
        .input("a", "Block<T>")
        .input("b", "Block<T>")
        .output("stream", "Stream<T>")
        .doc("Gather two blocks into one stream.\n\n"
             "Each block is sent into the stream as soon as it arrives, so the stream holds zero, one or two "
             "values in arrival order. It closes when both inputs are done.");

    area.treatment("one")
        .generic("T")
        .input("a", "Block<T>")
        .input("b", "Block<T>")
        .output("value", "Block<T>")
        .doc("Send whichever of `a` and `b` arrives first.\n\n"
             "The other one is then ignored. An input closing without a value does not end the wait for the "
             "other one; nothing is sent if both close without a value.");

    area.treatment("waitBlock")
        .generic("T")
        .input("a", "Block<T>")
        .input("b", "Block<T>")
        .output("awaited", "Block<void>")
        .doc("Send `awaited` once both `a` and `b` have arrived.\n\n"
             "Nothing is sent if either closes without a value.");

    area.treatment("filterBlock")
        .generic("T")
        .input("value", "Block<T>")
        .input("select", "Block<bool>")
        .output("accepted", "Block<T>")
        .output("rejected", "Block<T>")
        .doc("Route a block according to a boolean.\n\n"
             "Once both `value` and `select` have arrived, `value` is sent on `accepted` when `select` is "
             "true "
             "and on `rejected` otherwise. Nothing is sent if either never arrives.");
}

// Letting data through, holding it back, or closing.
void register_gates(AreaBuilder& area)
{
    area.treatment("pass")
        .generic("T")
        .param("cond", "bool")
        .input("stream", "Stream<T>")
        .output("passed", "Stream<T>")
        .doc("Forward the whole stream when `cond` is true.\n\n"
             "When `cond` is false, `passed` closes at once and `stream` is not read.");

    area.treatment("passBlock")
        .generic("T")
        .param("cond", "bool")
        .input("block", "Block<T>")
        .output("passed", "Block<T>")
        .doc("Forward `block` when `cond` is true.\n\n"
             "When `cond` is false, `passed` closes at once and `block` is not read.");

    area.treatment("releaseBlock")
        .generic("T")
        .input("leverage", "Block<void>")
        .input("data", "Block<T>")
        .output("released", "Block<T>")
        .doc("Hold `data` back until `leverage` arrives, then forward it on `released`.\n\n"
             "If `leverage` never arrives, `released` closes without a value.");

    area.treatment("close")
        .generic("T")
        .input("trigger", "Block<void>")
        .output("closed", "Stream<T>")
        .doc("A stream that is always empty.\n\n"
             "`closed` is closed as soon as the track starts, without waiting for `trigger`.");

    area.treatment("closeBlock")
        .generic("T")
        .input("trigger", "Block<void>")
        .output("closed", "Block<T>")
        .doc("A block that never comes.\n\n"
             "`closed` is closed as soon as the track starts, without waiting for `trigger`.");
}

// Producing and counting.
void register_generators(AreaBuilder& area)
{
    area.treatment("generate")
        .generic("T")
        .param("data", "T")
        .input("length", "Block<u128>")
        .output("stream", "Stream<T>")
        .doc("Send `length` copies of the parameter `data`, then close.\n\n"
             "Nothing is sent before `length` arrives; a length of zero gives an empty stream.");

    area.treatment("count")
        .generic("T")
        .input("stream", "Stream<T>")
        .output("count", "Stream<u128>")
        .doc("Number the elements of a stream.\n\n"
             "For each element, its position is sent on `count`, starting from 0: a stream of n elements "
             "gives 0, 1, …, n − 1.");
}

} // namespace

void register_flow(Registry& registry)
{
    auto area = registry.area("std/flow");
    register_signals(area);
    register_combinations(area);
    register_gates(area);
    register_generators(area);
}

} // namespace mel::stdlib
