#pragma once

// Registry credentials for pulls (issue 18): a container's `pull_secret` (packages.md §1.3: a Docker
// configuration JSON, default "{}") read, the entry of the image's registry picked and sent on the pull as
// the Engine API's X-Registry-Auth header; and a failed pull's cause told apart (credentials refused, image
// missing, registry unreachable) for the message users see.
//
// Reference: Docker Engine API v1.41, "Authentication": X-Registry-Auth is the base64url encoding (padded,
// Go's URLEncoding) of a JSON AuthConfig, {"username", "password", "serveraddress"}, or {"identitytoken"}
// (a token from POST /auth) instead of the password. dockerd 20.10 reads it on POST /images/create (a
// header it cannot decode reads as anonymous); Podman 4.3's compat API reads the same config (or a map of
// registry → config) and answers 400 to a header it cannot decode. Both apply the one config to the
// registry of the pulled image.
//
// Accepted pull_secret (what `docker login` writes to ~/.docker/config.json, and Kubernetes'
// dockerconfigjson): "" or "{}" (anonymous); {"auths": {KEY: ENTRY, …}}; the older .dockercfg form
// {KEY: ENTRY, …} (no "auths", entries at the top). KEY: a registry as host[:port], with or without a
// scheme and a path ("https://index.docker.io/v1/", "registry.example.com:5000"). ENTRY: "auth" (base64 of
// USER:PASSWORD, taking precedence over "username"/"password", as in Docker's CLI), or "username" and
// "password", or "identitytoken"; other members ("email", "serveraddress") are ignored and an entry
// without credentials gives none. "credHelpers" naming the image's registry is refused (melodium runs no
// credential helper); "credsStore" is ignored.
//
// Registries are normalised as Docker does: scheme and path dropped, the host lower-cased, Docker Hub's
// names (docker.io, index.docker.io, registry-1.docker.io) all read as docker.io. An image reference's
// registry is its first component when that contains '.' or ':', is "localhost", or has an upper-case
// letter; otherwise Docker Hub (as Docker resolves short names; Podman may search other registries for
// them, per its registries.conf).
//
// Secrets (passwords, tokens, the `auth` member, the header) never appear in an error: messages name
// registries, members and users only; a pull's failure message goes through without_secrets() before use.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/model/result.h"

namespace mel::packages::work::engine {

/// "https://Index.Docker.io/v1/" → "docker.io"; "http://host:5000/v2/" → "host:5000".
std::string normalise_registry(std::string_view address);

/// The registry an image reference names, normalised: "busybox" and "library/debian:12" → "docker.io",
/// "127.0.0.1:5000/test/busybox:1" → "127.0.0.1:5000", "localhost/busybox:1" → "localhost".
std::string registry_of(std::string_view image);

/// One registry's credentials from a pull_secret.
struct RegistryCredentials {
    std::string registry;       // normalised
    std::string server_address; // the configuration's key, as written
    std::string username;
    std::string password;
    std::string identity_token;
    std::string auth; // the `auth` member as written (a secret too)

    /// What they are, for messages: "user NAME", or "an identity token" (with its user name when there is
    /// one).
    std::string description() const;
    /// The X-Registry-Auth header's value.
    std::string header() const;
    /// Every text of these credentials that must never be shown (the non-empty ones).
    std::vector<std::string> secrets() const;
};

/// A pull_secret read and checked.
struct PullSecret {
    /// The entries that hold credentials, in the document's order.
    std::vector<RegistryCredentials> entries;
    /// The registries "credHelpers" names (normalised).
    std::vector<std::string> helper_registries;
};

/// Reads a pull_secret. The error says what is wrong (where in the text, which registry's entry, which
/// member) without quoting any value.
Result<PullSecret> parse_pull_secret(std::string_view text);

/// The credentials for image's registry (the first entry of that registry); none: anonymous. An error when
/// only a credential helper would have them.
Result<std::optional<RegistryCredentials>> credentials_for(const PullSecret& secret, std::string_view image);

/// text with every occurrence of each secret (of 4 characters or more) replaced by "***".
std::string without_secrets(std::string text, const std::vector<std::string>& secrets);

/// Why a pull failed, from the engine's message (dockerd 20.10's and Podman 4.3's wordings).
enum class PullFailure {
    Unauthorized, // the registry asks for credentials, or refused those given
    Denied,       // access denied: the image is not there or needs other credentials (Docker Hub's wording)
    NotFound,     // the registry has no such image
    Unreachable,  // no registry answered (refused, unknown host, timeout, TLS)
    Other,
};
PullFailure classify_pull_failure(std::string_view message);

} // namespace mel::packages::work::engine
