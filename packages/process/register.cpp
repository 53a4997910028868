#include "packages/process/register.h"

#include "runtime/model/registry.h"

namespace mel::packages::process {

void register_process(Registry& registry)
{
    registry.add_package("process");

    // The data types first: the signatures below name them.
    register_command(registry);
    register_environment(registry);
    register_exec(registry);
    register_local(registry);

    register_process_mel_areas(registry);
}

} // namespace mel::packages::process
