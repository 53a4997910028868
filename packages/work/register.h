#pragma once

// The `work` package (packages.md §1.3, §2): the description of workers (resources, access), the
// DistantEngine that provisions them, and the worker-side resolution of executors and filesystems.

namespace mel {
class Registry;
}

namespace mel::packages::work {

/// Declares the `work` package.
void register_work(Registry&);

void register_access(Registry&);    // work/access — packages/work/access.cpp
void register_specs(Registry&);     // work/resources data, work/resources/arch — packages/work/specs.cpp
void register_resources(Registry&); // work/resources — packages/work/resources.cpp
void register_distant(Registry&);   // work/distant — packages/work/distant.cpp

} // namespace mel::packages::work
