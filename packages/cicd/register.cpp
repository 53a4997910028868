#include "packages/cicd/register.h"

#include "runtime/model/registry.h"

namespace mel::packages::cicd {

void register_cicd(Registry& registry)
{
    registry.add_package("cicd");
    register_services(registry);
    register_cicd_mel_areas(registry);
}

} // namespace mel::packages::cicd
