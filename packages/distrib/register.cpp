#include "packages/distrib/register.h"

#include "runtime/model/registry.h"

namespace mel::packages::distrib {

void register_distrib(Registry& registry)
{
    registry.add_package("distrib");
    register_distrib_area(registry);
    register_worker_area(registry);
}

} // namespace mel::packages::distrib
