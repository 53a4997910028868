#include <doctest/doctest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/engine/batch.h"

using namespace mel;
using namespace mel::engine;

TEST_CASE("batches are typed by kind and read as spans")
{
    Batch b = Batch::of(std::vector<std::uint64_t>{1, 2, 3});
    CHECK(b.kind() == BatchKind::U64);
    REQUIRE(b.size() == 3);
    CHECK(b.as_span<std::uint64_t>()[2] == 3);
    CHECK(b.value_at(1) == Value::u64(2));
    CHECK_THROWS_AS(b.as_span<std::uint32_t>(), EngineError);
}

TEST_CASE("byte batches are contiguous buffers, distinct from u8")
{
    std::vector<std::byte> data(1000, std::byte{0x2a});
    Batch b = Batch::of_bytes(std::move(data));
    CHECK(b.kind() == BatchKind::Byte);
    CHECK(b.bytes().size() == 1000);
    CHECK(b.value_at(0) == Value::byte(0x2a));
    CHECK(b.value_at(0).kind() == Value::Kind::Byte);
    Batch u8 = b.converted(BatchKind::U8);
    CHECK(u8.kind() == BatchKind::U8);
    CHECK(u8.value_at(0) == Value::u8(0x2a));
    // Converting to the same kind shares the storage.
    Batch same = b.converted(BatchKind::Byte);
    CHECK(same.bytes().data() == b.bytes().data());
}

TEST_CASE("slices share storage; strings read as std::string")
{
    Batch s = Batch::of(std::vector<std::string>{"a", "bb", "ccc"});
    CHECK(s.kind() == BatchKind::String);
    Batch tail = s.slice(1, 2);
    REQUIRE(tail.size() == 2);
    CHECK(tail.strings()[0] == "bb");
    std::string joined;
    for (const std::string& x : tail.strings())
        joined += x;
    CHECK(joined == "bbccc");
    CHECK(tail.as_span<Value>()[1] == Value::string("ccc"));
}

TEST_CASE("builders normalise by kind and refuse misfits")
{
    BatchBuilder b(BatchKind::I32);
    b.push(Value::i32(4));
    b.append(Batch::of_values(BatchKind::Values, {Value::i32(5), Value::i32(6)}));
    CHECK_THROWS_AS(b.push(Value::string("x")), EngineError);
    Batch sealed = b.seal();
    CHECK(b.empty());
    REQUIRE(sealed.size() == 3);
    CHECK(sealed.as_span<std::int32_t>()[2] == 6);

    BatchBuilder bytes(BatchKind::Byte);
    bytes.push(Value::u8(1)); // u8 values on a byte port become bytes
    bytes.push(Value::byte(2));
    Batch bb = bytes.seal();
    CHECK(bb.value_at(0) == Value::byte(1));

    BatchBuilder bools(BatchKind::Bool);
    for (int i = 0; i < 100; ++i)
        bools.push(Value::boolean(i % 2 == 0));
    Batch bo = bools.seal();
    CHECK(bo.as_span<bool>()[98]);
    CHECK_FALSE(bo.as_span<bool>()[99]);

    BatchBuilder voids(BatchKind::Void);
    voids.push(Value());
    voids.push(Value());
    CHECK(voids.seal().size() == 2);

    BatchBuilder values(BatchKind::Values);
    values.push(Value::some(Value::i8(1)));
    values.push(Value::none());
    CHECK(values.seal().to_values().at(1).is_none());
}
