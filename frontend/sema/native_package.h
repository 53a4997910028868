#pragma once

#include <memory>

#include "frontend/load/package.h"
#include "runtime/model/registry.h"

namespace mel::frontend::sema {

/// A package compiled into the engine (language.md §5.1): its native elements live in the
/// registry, its `.mel` areas are embedded texts. Every native package is at the engine's version.
std::shared_ptr<Package> make_native_package(const Registry&, const std::string& name);

} // namespace mel::frontend::sema
