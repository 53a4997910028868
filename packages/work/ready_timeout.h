#pragma once

// How long a request's services may take to become ready (ours, issue 18): MELODIUM_SERVICE_READY_TIMEOUT, in
// seconds, read by work/distant where it makes the provisioners, so that it applies to the local provisioner
// (LocalOptions::service_ready_timeout) and to the container provisioner (ContainerOptions::
// service_ready_timeout) alike. docs/containers.md and docs/local-provisioner.md document it.

#include "runtime/model/result.h"

namespace mel::packages::work {

inline constexpr const char* k_env_service_ready_timeout = "MELODIUM_SERVICE_READY_TIMEOUT";
/// Seconds, when the variable is unset or empty.
inline constexpr unsigned k_default_service_ready_timeout = 60;
/// The largest value accepted (a day): more is surely a mistake, and keeps deadline arithmetic far from
/// overflow.
inline constexpr unsigned k_max_service_ready_timeout = 86400;

/// The timeout of variable `name` whose value is `value` (null or empty: `fallback`): a whole number of seconds
/// from 1 to k_max_service_ready_timeout, else an error naming the variable and the value.
Result<unsigned> parse_timeout_variable(const char* name, const char* value, unsigned fallback);

/// The timeout `value` (the variable's value; null or empty: the default) gives: a whole number of seconds
/// from 1 to k_max_service_ready_timeout, else an error naming the variable and the value.
Result<unsigned> parse_service_ready_timeout(const char* value);

/// parse_service_ready_timeout of this process's MELODIUM_SERVICE_READY_TIMEOUT.
Result<unsigned> service_ready_timeout_from_environment();

} // namespace mel::packages::work
