// fs/dir — reference: libs/fs-mel/src/dir.rs and LocalFileSystemEngine::{create_dir, scan_dir} in
// libs/fs-mel/src/local.rs (packages.md §1.1).
// Fix: a scanned path that cannot be resolved still emits `finished` (the reference only emitted `failed`
// and the error, so graphs waiting for `finished` never went on).

#include <memory>
#include <string>
#include <vector>

#include "packages/fs/filesystem.h"
#include "packages/fs/register.h"
#include "packages/fs/target.h"
#include "packages/fs/scan.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"

namespace mel::packages::fs {

namespace {

using engine::Batch;
using engine::Task;
using engine::TreatmentContext;

// Entries listed per blocking call (and sent per batch).
constexpr std::size_t k_scan_step = 1024;

Task<> create_body(TreatmentContext& ctx)
{
    auto& success = ctx.output("success");
    auto& failure = ctx.output("failure");
    auto& error = ctx.output("error");
    const bool recursive = ctx.param("recursive").as_bool();
    auto target = co_await receive_target(ctx);
    if (!target)
        co_return;
    const Status made = co_await engine::blocking([&] { return target->fs().create_dir(target->path, recursive); });
    if (made.ok()) {
        co_await success.send_one(Value());
    } else {
        co_await error.send_one(Value::string(target->cannot("create directory", made.error()).message));
        co_await failure.send_one(Value());
    }
}

Task<> scan_body(TreatmentContext& ctx)
{
    auto& entries = ctx.output("entries");
    auto& completed = ctx.output("completed");
    auto& failed = ctx.output("failed");
    auto& finished = ctx.output("finished");
    auto& errors = ctx.output("errors");
    const bool recursive = ctx.param("recursive").as_bool();
    const bool follow_links = ctx.param("follow_links").as_bool();
    auto target = co_await receive_target(ctx);
    if (!target)
        co_return;

    DirectoryWalker walker(target->fs(), target->path, recursive, follow_links);
    bool any_error = false;
    while (!walker.done()) {
        auto step = co_await engine::blocking([&] { return walker.next(k_scan_step); });
        for (auto& message : step.errors) {
            any_error = true;
            co_await errors.send_one(Value::string(std::move(message)));
        }
        if (step.entries.empty())
            continue;
        const bool sent = co_await entries.send_many(Batch::of(std::move(step.entries)));
        if (!sent)
            break; // nobody reads the entries any more: stop walking, as the reference does
    }
    entries.close();
    co_await finished.send_one(Value());
    co_await (any_error ? failed : completed).send_one(Value());
}

} // namespace

void register_dir(Registry& registry)
{
    auto area = registry.area("fs/dir");

    area.treatment("create")
        .param("recursive", "bool", Value::boolean(true))
        .input("path", "Block<string>")
        .input("filesystem", "Block<FileSystem>")
        .output("success", "Block<void>")
        .output("failure", "Block<void>")
        .output("error", "Block<string>")
        .doc("Create a directory.\n\n"
             "Once both `path` and `filesystem` have arrived, the directory is created:\n"
             "- `recursive`: its missing parents are created too, and a directory already there is not an "
             "error;\n"
             "- otherwise only the last component is created, and a missing parent or an existing directory "
             "is an error.\n\n"
             "`success` is emitted when the directory exists; on error, its text is sent on `error` and "
             "`failure` is emitted.")
        .implementation(engine::make_treatment(create_body));

    area.treatment("scan")
        .param("recursive", "bool", Value::boolean(false))
        .param("follow_links", "bool", Value::boolean(true))
        .input("path", "Block<string>")
        .input("filesystem", "Block<FileSystem>")
        .output("entries", "Stream<string>")
        .output("completed", "Block<void>")
        .output("failed", "Block<void>")
        .output("finished", "Block<void>")
        .output("errors", "Stream<string>")
        .doc("Scan the content of a directory.\n\n"
             "Once both `path` and `filesystem` have arrived, the path of each entry of the directory is sent "
             "on `entries` (the filesystem's root joined with `path`, then the entry's name), sorted by name. "
             "The parameters set how deep:\n"
             "- `recursive`: subdirectories are scanned too, each listed before its content;\n"
             "- `follow_links`: with `recursive`, symbolic links to directories are scanned as well (never "
             "twice along one branch, and never outside the root of a rooted filesystem).\n\n"
             "Errors met on the way are sent on `errors`. When the scan is over `finished` is emitted, then "
             "`completed` if there was no error, or `failed`.")
        .implementation(engine::make_treatment(scan_body));
}

} // namespace mel::packages::fs
