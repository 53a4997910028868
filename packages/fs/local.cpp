// fs/local — reference: libs/fs-mel/src/local.rs (`local_filesystem`, packages.md §1.1). The Mélodium-level
// treatments of the same area (writeLocal, readLocal…) are in packages/fs/mel/local.mel.

#include <optional>
#include <span>
#include <string>

#include "packages/fs/filesystem.h"
#include "packages/fs/register.h"
#include "runtime/model/registry.h"

namespace mel::packages::fs {

namespace {

// |local_filesystem(path: Option<string>) -> Option<FileSystem>: always some, as in the reference.
Result<Value> local_filesystem_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.size() == 1 && (args[0].is_some() || args[0].is_none()), "|local_filesystem argument");
    std::optional<std::string> root;
    if (args[0].is_some()) {
        const Value& inner = args[0].option_value();
        MEL_ASSERT(inner.kind() == Value::Kind::String, "|local_filesystem argument");
        root = inner.as_string();
    }
    return Value::some(FileSystem::make(std::move(root)));
}

} // namespace

void register_local(Registry& registry)
{
    auto area = registry.area("fs/local");
    area.function("local_filesystem")
        .param("path", "Option<string>")
        .returns("Option<FileSystem>")
        .doc("Handle to the local filesystem.\n\n"
             "With `path`, the filesystem is rooted there: the paths given to the treatments using it are "
             "taken relative to `path`, and a path leading outside it (through `..`, an absolute path or a "
             "symbolic link) is refused with an error. Without (`_`), paths are used as given, relative ones "
             "against the working directory of the engine.\n\n"
             "Always some for the local filesystem.")
        .body(local_filesystem_body);
}

} // namespace mel::packages::fs
