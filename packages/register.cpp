#include "packages/register.h"

#include "packages/fs/register.h"
#include "packages/process/register.h"

namespace mel::packages {

void register_packages(Registry& registry)
{
    fs::register_fs(registry);
    process::register_process(registry);
}

} // namespace mel::packages
