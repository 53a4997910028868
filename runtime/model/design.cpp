#include "runtime/model/design.h"

namespace mel {

const InstanceDesign* TreatmentDesign::instance(std::string_view name) const
{
    for (const auto& i : instances)
        if (i.name == name)
            return &i;
    return nullptr;
}

} // namespace mel
