#pragma once

// work/containers — the container provisioner (issue 18): workers on a Docker or Podman engine through the
// Docker Engine API (packages/work/engine/), for the locations `docker`, `podman` and `compose` (either).
// Per request (run.h names what it makes): a network, the request's volumes, its service containers from
// their images (ready before anything else starts), its executor containers from their images running the
// bundled melodium's exec agent (bundle.h), and the worker engine in a container of the bundle image, reached
// by the dispatcher on a port the engine publishes (on its 127.0.0.1, or with TLS for a remote engine:
// worker_link.h). docs/containers.md explains it.

#include <map>
#include <memory>
#include <string>

#include "packages/work/containers/bundle.h"
#include "packages/work/provisioner.h"
#include "runtime/model/result.h"

namespace mel::packages::work::containers {

struct ContainerOptions {
    /// `docker`, `podman` or `compose`.
    std::string location = "compose";
    /// The variables that find the engine (engine/endpoint.h: engine::Environment); the process's when empty.
    /// (This header names no work::engine type: it would hide mel::engine from the files that include it.)
    std::map<std::string, std::string> environment;
    /// How the bundle of melodium is made (its cache, another binary).
    BundleOptions bundle;
    /// How long an executor's agent or the worker may take to become ready, in seconds.
    unsigned ready_timeout = 60;
    /// How long a service may take to become ready, in seconds (work/distant: MELODIUM_SERVICE_READY_TIMEOUT).
    unsigned service_ready_timeout = 60;
};

/// Finds the engine and checks that it answers (fast: the client's connect timeout); the error names the
/// endpoint tried, or everything tried and how to point melodium at an engine.
Result<std::unique_ptr<Provisioner>> make_container_provisioner(ContainerOptions options);

} // namespace mel::packages::work::containers
