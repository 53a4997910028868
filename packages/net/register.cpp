#include "packages/net/register.h"

#include "runtime/model/registry.h"

namespace mel::packages::net {

void register_net(Registry& registry)
{
    registry.add_package("net");
    register_ip(registry);
}

} // namespace mel::packages::net
