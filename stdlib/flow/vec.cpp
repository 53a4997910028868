// std/flow/vec — reference: libs/std-mel/src/flow/vec.rs (std.md §2.2).
// Streams of vectors and streams of their elements.

#include "runtime/model/registry.h"
#include "stdlib/areas.h"
#include "stdlib/native.h"

namespace mel::stdlib {

namespace {

/// The elements of a Vec value (the checker guarantees the port type; a bug of ours otherwise).
const std::vector<Value>& elements(const Value& v)
{
    if (v.kind() != Value::Kind::Vec)
        throw EngineError("a vector was expected");
    return v.as_vec();
}

Task<> flatten_body(TreatmentContext& ctx)
{
    auto& vector = ctx.input("vector");
    auto& value = ctx.output("value");
    while (auto batch = co_await vector.recv_many()) {
        // Typed storage (a byte stream is one contiguous buffer), one batch per received batch.
        BatchBuilder builder(value.kind());
        for (std::size_t i = 0; i < batch->size(); ++i)
            for (const Value& element : elements(batch->value_at(i)))
                builder.push(element);
        if (builder.empty())
            continue;
        const bool sent = co_await value.send_many(builder.seal());
        if (!sent)
            break;
    }
}

/// The shape of a vector: as many `void` as it has elements.
Value shape(const Value& vector)
{
    return Value::vec(std::vector<Value>(elements(vector).size()));
}

Task<> fit_body(TreatmentContext& ctx)
{
    auto& value = ctx.input("value");
    auto& pattern = ctx.input("pattern");
    auto& fitted = ctx.output("fitted");
    ChunkReader values(value);
    while (auto batch = co_await pattern.recv_many()) {
        for (std::size_t i = 0; i < batch->size(); ++i) {
            std::size_t wanted = elements(batch->value_at(i)).size();
            std::vector<Value> vector;
            vector.reserve(wanted);
            while (wanted > 0) {
                auto chunk = co_await values.next(wanted);
                if (!chunk)
                    co_return; // values ran out: the incomplete vector is dropped
                wanted -= chunk->size();
                for (std::size_t k = 0; k < chunk->size(); ++k)
                    vector.push_back(chunk->value_at(k));
            }
            if (const auto outcome = co_await fitted.send_one(Value::vec(std::move(vector))); !outcome)
                co_return;
        }
    }
}

/// For fill: a vector of copies of the track's `value`, shaped as the pattern.
auto filled_with_value(const TreatmentContext& ctx)
{
    return [value = ctx.param("value")](const Value& pattern) {
        return Value::vec(std::vector<Value>(elements(pattern).size(), value));
    };
}

std::uint64_t size_of(const Value& vector)
{
    return elements(vector).size();
}

Task<> resize_body(TreatmentContext& ctx)
{
    auto& vector = ctx.input("vector");
    auto& size = ctx.input("size");
    auto& resized = ctx.output("resized");
    const Value& fill = ctx.param("default");
    // One size, then one vector (the reference's order).
    while (auto n = co_await size.recv_one()) {
        auto v = co_await vector.recv_one();
        if (!v)
            break;
        std::vector<Value> elements_copy = elements(*v);
        elements_copy.resize(static_cast<std::size_t>(n->as_u64()), fill);
        if (const auto outcome = co_await resized.send_one(Value::vec(std::move(elements_copy))); !outcome)
            break;
    }
}

} // namespace

void register_flow_vec(Registry& registry)
{
    auto area = registry.area("std/flow/vec");

    area.treatment("flatten")
        .generic("T")
        .input("vector", "Stream<Vec<T>>")
        .output("value", "Stream<T>")
        .doc("Send the elements of every incoming vector, one by one.\n\n"
             "Order is kept; empty vectors contribute nothing.")
        .implementation(native(flatten_body));

    area.treatment("pattern")
        .generic("T")
        .input("stream", "Stream<Vec<T>>")
        .output("pattern", "Stream<Vec<void>>")
        .doc("The shape of each vector: a vector of as many `void` as it has elements.")
        .implementation(native(map_treatment<Value>("stream", "pattern", without_params(shape))));

    area.treatment("fit")
        .generic("T")
        .input("value", "Stream<T>")
        .input("pattern", "Stream<Vec<void>>")
        .output("fitted", "Stream<Vec<T>>")
        .doc("Gather values into vectors shaped by `pattern`.\n\n"
             "For each pattern vector of n elements, the next n values are sent as one vector. If the values "
             "run out in the middle of a vector, that incomplete vector is dropped and it stops; values "
             "beyond the pattern are not read.")
        .implementation(native(fit_body));

    area.treatment("fill")
        .generic("T")
        .param("value", "T")
        .input("pattern", "Stream<Vec<void>>")
        .output("filled", "Stream<Vec<T>>")
        .doc("For each pattern vector of n elements, send a vector of n copies of the parameter `value`.")
        .implementation(native(map_treatment<Value>("pattern", "filled", filled_with_value)));

    area.treatment("size")
        .generic("T")
        .input("vector", "Stream<Vec<T>>")
        .output("size", "Stream<u64>")
        .doc("The number of elements of each vector.")
        .implementation(native(map_treatment<Value>("vector", "size", without_params(size_of))));

    area.treatment("resize")
        .generic("T")
        .param("default", "T")
        .input("vector", "Stream<Vec<T>>")
        .input("size", "Stream<u64>")
        .output("resized", "Stream<Vec<T>>")
        .doc("Resize each vector to the matching size.\n\n"
             "Vectors are paired with sizes in order; a longer vector is cut, a shorter one is completed with "
             "copies of `default`. It stops when either input ends.")
        .implementation(native(resize_body));
}

} // namespace mel::stdlib
