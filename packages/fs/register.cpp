#include "packages/fs/register.h"

#include "runtime/model/registry.h"

namespace mel::packages::fs {

void register_fs(Registry& registry)
{
    registry.add_package("fs");

    // The data type first: the signatures below name it.
    register_filesystem(registry);
    register_local(registry);
    register_path(registry);
    register_file(registry);
    register_dir(registry);

    register_fs_mel_areas(registry);
}

} // namespace mel::packages::fs
