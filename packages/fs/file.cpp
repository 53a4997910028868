// fs/file — reference: libs/fs-mel/src/file.rs and LocalFileSystemEngine::{read_file, write_file} in
// libs/fs-mel/src/local.rs (packages.md §1.1, §5.4). Files stream in chunks of at most 1 MiB through the
// engine's blocking pool; memory stays bounded by the channels' queue bound whatever the file size.
// Fix (packages.md §5.4): `write` without `append` truncates the file.
// Difference: closing the written file is part of the write; a failing close() (data that could not be
// written back) reports `failed` instead of being ignored.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "packages/fs/filesystem.h"
#include "packages/fs/register.h"
#include "packages/fs/target.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::fs {

namespace {

using engine::Task;
using engine::TreatmentContext;

constexpr std::size_t k_chunk = std::size_t{1} << 20;

Task<> read_body(TreatmentContext& ctx)
{
    auto& data = ctx.output("data");
    auto& reached = ctx.output("reached");
    auto& completed = ctx.output("completed");
    auto& failed = ctx.output("failed");
    auto& finished = ctx.output("finished");
    auto& errors = ctx.output("errors");
    auto target = co_await receive_target(ctx);
    if (!target)
        co_return;

    auto file = co_await engine::blocking([&] { return target->fs().open_read(target->path); });
    if (!file.ok()) {
        co_await fire(failed);
        co_await errors.send_one(Value::string(target->cannot("read", file.error()).message));
        co_await fire(finished);
        co_return;
    }
    co_await fire(reached);
    reached.close();

    bool read_failed = false;
    while (true) {
        std::vector<std::byte> chunk(k_chunk);
        auto count = co_await engine::blocking([&] { return file.value().read_some(chunk); });
        if (!count.ok()) {
            co_await fire(failed);
            co_await errors.send_one(Value::string(target->cannot("read", count.error()).message));
            read_failed = true;
            break;
        }
        if (count.value() == 0)
            break;
        // A short read (pipe, last chunk) is copied: no mostly empty 1 MiB buffer stays alive in a queue.
        engine::Batch batch;
        if (count.value() >= k_chunk / 2) {
            chunk.resize(count.value());
            batch = engine::Batch::of_bytes(std::move(chunk));
        } else {
            batch = engine::Batch::of_bytes(std::span<const std::byte>(chunk.data(), count.value()));
        }
        const bool sent = co_await data.send_many(std::move(batch));
        if (!sent) // nobody reads the data any more: stop quietly, as the reference does
            break;
    }
    data.close();
    co_await engine::blocking([&] { static_cast<void>(file.value().close()); });
    if (!read_failed)
        co_await fire(completed);
    co_await fire(finished);
}

WriteOptions write_options(const TreatmentContext& ctx)
{
    return WriteOptions{.append = ctx.param("append").as_bool(),
                        .create = ctx.param("create").as_bool(),
                        .create_new = ctx.param("new").as_bool()};
}

Task<> write_body(TreatmentContext& ctx)
{
    auto& data = ctx.input("data");
    auto& completed = ctx.output("completed");
    auto& failed = ctx.output("failed");
    auto& finished = ctx.output("finished");
    auto& errors = ctx.output("errors");
    auto& amount = ctx.output("amount");
    const WriteOptions options = write_options(ctx);
    auto target = co_await receive_target(ctx);
    if (!target)
        co_return;

    auto file = co_await engine::blocking([&] { return target->fs().open_write(target->path, options); });
    if (!file.ok()) {
        co_await fire(failed);
        co_await errors.send_one(Value::string(target->cannot("write", file.error()).message));
        co_await fire(finished);
        co_return;
    }

    u128 total = 0;
    std::optional<Error> error;
    while (auto batch = co_await data.recv_many()) {
        const auto bytes = batch->bytes();
        if (bytes.empty())
            continue;
        const Status written = co_await engine::blocking([&] { return file.value().write_all(bytes); });
        if (!written.ok()) {
            error = written.error();
            data.close(); // stop the producer: nothing more will be written
            break;
        }
        total += bytes.size();
        co_await amount.send_one(Value::u128(total)); // nobody listening to amount is fine
    }
    const Status closed = co_await engine::blocking([&] { return file.value().close(); });
    if (!error && !closed.ok())
        error = closed.error();
    if (error) {
        co_await fire(failed);
        co_await errors.send_one(Value::string(target->cannot("write", *error).message));
    } else {
        co_await fire(completed);
    }
    co_await fire(finished);
}

} // namespace

void register_file(Registry& registry)
{
    auto area = registry.area("fs/file");

    area.treatment("read")
        .input("path", "Block<string>")
        .input("filesystem", "Block<FileSystem>")
        .output("data", "Stream<byte>")
        .output("reached", "Block<void>")
        .output("completed", "Block<void>")
        .output("failed", "Block<void>")
        .output("finished", "Block<void>")
        .output("errors", "Stream<string>")
        .doc("Read one file.\n\n"
             "Once both `path` and `filesystem` have arrived, the file is opened and `reached` is emitted; its "
             "content then streams through `data`, in chunks of at most 1 MiB. `completed` is emitted once the "
             "whole file has been read (or when nobody reads `data` any more), `finished` at the end in every "
             "case.\n\n"
             "If the file cannot be opened or read, `failed` is emitted and the error text is sent on "
             "`errors`.")
        .implementation(engine::make_treatment(read_body));

    area.treatment("write")
        .param("append", "bool", Value::boolean(false))
        .param("create", "bool", Value::boolean(true))
        .param("new", "bool", Value::boolean(false))
        .input("path", "Block<string>")
        .input("filesystem", "Block<FileSystem>")
        .input("data", "Stream<byte>")
        .output("completed", "Block<void>")
        .output("failed", "Block<void>")
        .output("finished", "Block<void>")
        .output("errors", "Stream<string>")
        .output("amount", "Stream<u128>")
        .doc("Write one file.\n\n"
             "Once both `path` and `filesystem` have arrived, the missing parent directories are created and "
             "the file is opened; the bytes received through `data` are then written to it. The parameters "
             "set how:\n"
             "- `append`: the bytes are added at the end of the file; otherwise the file is truncated first "
             "and holds exactly the bytes received;\n"
             "- `create`: the file is created when it does not exist;\n"
             "- `new`: the file must not exist yet; writing fails if it does.\n\n"
             "After each chunk written, `amount` carries the number of bytes written so far. `completed` is "
             "emitted when `data` has ended and everything is written, `finished` at the end in every case. "
             "On any error `failed` is emitted, the error text is sent on `errors` and writing stops.")
        .implementation(engine::make_treatment(write_body));
}

} // namespace mel::packages::fs
