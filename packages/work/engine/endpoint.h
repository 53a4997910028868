#pragma once

// Finding the container engine the way users expect (issue 18), for the container provisioner's locations
// `docker`, `podman` and `compose` (either). In order:
//   1. the variables: `compose`: DOCKER_HOST, then CONTAINER_HOST; `docker`: DOCKER_HOST; `podman`:
//      CONTAINER_HOST (Podman's own), then DOCKER_HOST. `unix:///path` or `tcp://host[:port]`; `ssh://` is
//      refused (melodium speaks HTTP to the engine itself and opens no SSH tunnel).
//      A `tcp://` endpoint uses TLS when DOCKER_TLS_VERIFY is non-empty (Docker's rule), with ca.pem,
//      cert.pem and key.pem from DOCKER_CERT_PATH (default ~/.docker); the engine's certificate is verified.
//   2. the default sockets: Docker's /var/run/docker.sock, /run/docker.sock; Podman's (rootful)
//      /run/podman/podman.sock, then (rootless) $XDG_RUNTIME_DIR/podman/podman.sock. `compose` tries
//      Docker's, then Podman's.
// The environment is an argument (tests give a fake one); so is the test of a socket's existence. Nothing
// is connected to here: a socket that exists but no daemon answers fails at the first call (fast).

#include <functional>
#include <map>
#include <string>

#include "runtime/model/result.h"

namespace mel::packages::work::engine {

/// What a location asks for.
enum class Flavour { Docker, Podman, Either };

enum class Transport { Unix, Tcp };

/// Client-side TLS for a `tcp://` endpoint: the files of DOCKER_CERT_PATH.
struct TlsFiles {
    std::string ca;   // ca.pem: the engine's certificate must be signed by it
    std::string cert; // cert.pem: ours (none when empty)
    std::string key;  // key.pem
};

struct Endpoint {
    Transport transport = Transport::Unix;
    std::string socket_path; // Unix
    std::string host;        // Tcp
    int port = 0;            // Tcp
    bool tls = false;        // Tcp only
    TlsFiles tls_files;      // when tls
    /// What it is believed to be ("Docker", "Podman", or "Engine" when a variable names it for `compose`).
    std::string engine;
    /// Where it was found: the variable's name or "default socket".
    std::string source;

    /// `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2376`.
    std::string url() const;
    /// For logs and errors: `Docker at unix:///var/run/docker.sock (DOCKER_HOST)`.
    std::string describe() const;
};

/// The variables discovery reads (name → value; an absent name is unset).
using Environment = std::map<std::string, std::string>;

/// The variables of this process that discovery reads: DOCKER_HOST, CONTAINER_HOST, DOCKER_TLS_VERIFY,
/// DOCKER_CERT_PATH, HOME, XDG_RUNTIME_DIR.
Environment process_environment();

/// True when path is a Unix socket (stat).
bool is_socket(const std::string& path);

/// The location's name to its flavour: "docker", "podman", "compose"; an error for any other.
Result<Flavour> flavour_of(const std::string& location);

/// The engine for flavour, or an error naming everything tried and how to point melodium at an engine.
Result<Endpoint> discover(Flavour flavour, const Environment& env,
                          const std::function<bool(const std::string&)>& socket_exists = is_socket);

/// One `unix://` or `tcp://` address (a variable's value) as an endpoint; `engine`, `source` and TLS are
/// the caller's. Errors name the variable (`variable`) and say what is accepted.
Result<Endpoint> parse_host(const std::string& variable, const std::string& value);

} // namespace mel::packages::work::engine
