#include "packages/register.h"

#include "packages/fs/register.h"

namespace mel::packages {

void register_packages(Registry& registry)
{
    fs::register_fs(registry);
}

} // namespace mel::packages
