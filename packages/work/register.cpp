#include "packages/work/register.h"

#include "runtime/model/registry.h"

namespace mel::packages::work {

void register_work(Registry& registry)
{
    registry.add_package("work");
    register_access(registry);
    register_specs(registry);
    register_resources(registry);
    register_distant(registry);
}

} // namespace mel::packages::work
