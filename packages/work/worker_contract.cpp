// The worker/provisioner contract's per-name variables and lists (worker_contract.h).

#include "packages/work/worker_contract.h"

namespace mel::packages::work::contract {

namespace {

constexpr char k_list_separator = ',';

std::string with_name(std::string_view prefix, std::string_view name)
{
    std::string out(prefix);
    out += name;
    return out;
}

} // namespace

std::string container_variable(std::string_view name)
{
    return with_name("MELODIUM_RUN_CONTAINER_", name);
}

std::string service_container_variable(std::string_view name)
{
    return with_name("MELODIUM_RUN_SERVICE_CONTAINER_", name);
}

std::string volume_variable(std::string_view name)
{
    return with_name("MELODIUM_RUN_VOLUME_", name);
}

std::string join_names(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& name : names) {
        if (!out.empty())
            out += k_list_separator;
        out += name;
    }
    return out;
}

bool listed(std::string_view list, std::string_view name)
{
    // As reading items up to each ',' (std::getline): no item in an empty list, none after a final ','.
    while (!list.empty()) {
        const auto end = list.find(k_list_separator);
        if (list.substr(0, end) == name)
            return true;
        if (end == std::string_view::npos)
            return false;
        list.remove_prefix(end + 1);
    }
    return false;
}

} // namespace mel::packages::work::contract
