#include "packages/melodium/register.h"

#include "runtime/model/registry.h"

namespace mel::packages::melodium {

void register_melodium(Registry& registry)
{
    registry.add_package("melodium");
    register_stream(registry);
    register_text(registry);
    register_process(registry);
    register_run(registry);
}

} // namespace mel::packages::melodium
