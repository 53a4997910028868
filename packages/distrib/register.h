#pragma once

// The native package `distrib` (packages.md §1.4, §3): the dispatcher's DistributionEngine and the worker's
// elements used by `melodium dist`.

namespace mel {
class Registry;
}

namespace mel::packages::distrib {

void register_distrib(Registry& registry);

void register_distrib_area(Registry& registry);
void register_worker_area(Registry& registry);

} // namespace mel::packages::distrib
