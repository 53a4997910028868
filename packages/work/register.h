#pragma once

// The `work` package (packages.md §1.3, §2): for now only `work/resources::getExecutor`, which the local CI
// steps of cicd need; the resources, DistantEngine and the local provisioner come with issue 7.

namespace mel {
class Registry;
}

namespace mel::packages::work {

/// Declares the `work` package.
void register_work(Registry&);

void register_resources(Registry&); // work/resources — packages/work/resources.cpp

} // namespace mel::packages::work
