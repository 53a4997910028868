// work/engine registry_auth: pull_secret read, the image's registry picked, the X-Registry-Auth header, a
// failed pull's cause (no daemon, no registry).

#include <doctest/doctest.h>

#include "packages/work/engine/registry_auth.h"

using namespace mel::packages::work::engine;

namespace {

PullSecret must_parse(std::string_view text)
{
    auto parsed = parse_pull_secret(text);
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    return std::move(parsed).value();
}

std::string parse_error(std::string_view text)
{
    auto parsed = parse_pull_secret(text);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error().message;
}

std::optional<RegistryCredentials> for_image(std::string_view secret, std::string_view image)
{
    auto found = credentials_for(must_parse(secret), image);
    REQUIRE(found.ok());
    return found.value();
}

} // namespace

TEST_CASE("registry_auth: an image's registry, normalised as Docker does")
{
    CHECK(registry_of("busybox") == "docker.io");
    CHECK(registry_of("library/debian:12") == "docker.io");
    CHECK(registry_of("rust:1.82-slim") == "docker.io");
    CHECK(registry_of("docker.io/library/rust:1.82-slim") == "docker.io");
    CHECK(registry_of("index.docker.io/library/rust") == "docker.io");
    CHECK(registry_of("registry-1.docker.io/team/app:1") == "docker.io");
    CHECK(registry_of("127.0.0.1:5000/test/busybox:1") == "127.0.0.1:5000");
    CHECK(registry_of("localhost/busybox:1") == "localhost");
    CHECK(registry_of("localhost:5000/a@sha256:abc") == "localhost:5000");
    CHECK(registry_of("ghcr.io/org/image") == "ghcr.io");
    CHECK(registry_of("Registry.Example.com/x") == "registry.example.com");
    CHECK(registry_of("Team/app") == "team"); // an upper-case first component is a host (Docker's rule)

    CHECK(normalise_registry("https://index.docker.io/v1/") == "docker.io");
    CHECK(normalise_registry("http://Host:5000/v2/") == "host:5000");
    CHECK(normalise_registry("registry.example.com") == "registry.example.com");
}

TEST_CASE("registry_auth: anonymous when pull_secret is empty, {} or has no entry for the image's registry")
{
    CHECK(must_parse("").entries.empty());
    CHECK(must_parse("{}").entries.empty());
    CHECK(must_parse(R"({"auths": {}})").entries.empty());
    CHECK_FALSE(for_image("{}", "busybox").has_value());
    CHECK_FALSE(for_image(R"({"auths": {"ghcr.io": {"auth": "Ym9iOmh1bnRlcjIy"}}})", "127.0.0.1:5000/a:1")
                    .has_value());
    // An entry without credentials (docker login with a credential store writes these) gives none.
    CHECK(must_parse(R"({"auths": {"ghcr.io": {}}, "credsStore": "desktop"})").entries.empty());
}

TEST_CASE("registry_auth: auth, username/password and identitytoken entries, matched by normalised registry")
{
    const auto secret = R"({"auths": {
        "https://index.docker.io/v1/": {"auth": "Ym9iOmh1bnRlcjIy"},
        "127.0.0.1:5000": {"username": "alice", "password": "s3cret?>"},
        "http://ghcr.io/v2/": {"identitytoken": "tok-123", "email": "x@example.com"}},
        "HttpHeaders": {"User-Agent": "x"}})";
    const auto hub = for_image(secret, "rust:1.82-slim");
    REQUIRE(hub);
    CHECK(hub->registry == "docker.io");
    CHECK(hub->server_address == "https://index.docker.io/v1/");
    CHECK(hub->username == "bob");
    CHECK(hub->password == "hunter22");

    const auto local = for_image(secret, "127.0.0.1:5000/test/busybox:1");
    REQUIRE(local);
    CHECK(local->username == "alice");
    CHECK(local->password == "s3cret?>");
    CHECK(local->description() == "user alice");
    // base64url (padded) of {"username":"alice","password":"s3cret?>","serveraddress":"127.0.0.1:5000"}
    CHECK(local->header() ==
          "eyJ1c2VybmFtZSI6ImFsaWNlIiwicGFzc3dvcmQiOiJzM2NyZXQ_PiIsInNlcnZlcmFkZHJlc3MiOiIxMjcuMC4w"
          "LjE6NTAwMCJ9");

    const auto token = for_image(secret, "ghcr.io/org/image:1");
    REQUIRE(token);
    CHECK(token->identity_token == "tok-123");
    CHECK(token->description() == "an identity token");
    CHECK(for_image(R"({"auths": {"https://index.docker.io/v1/": {"identitytoken": "tok-123"}}})", "busybox")
              ->header() == "eyJpZGVudGl0eXRva2VuIjoidG9rLTEyMyIsInNlcnZlcmFkZHJlc3MiOiJodHRwczovL2luZGV4LmRv"
                            "Y2tlci5pby92MS8ifQ==");
}

TEST_CASE("registry_auth: auth takes precedence, splits at the first ':', may lack its padding")
{
    // base64 of alice:pa:ss, with and without its padding
    for (const auto* auth : {"YWxpY2U6cGE6c3M=", "YWxpY2U6cGE6c3M"}) {
        const auto found = for_image(
            std::string(R"({"auths": {"r.example": {"username": "other", "password": "x", "auth": ")") +
                auth + "\"}}}",
            "r.example/a");
        REQUIRE(found);
        CHECK(found->username == "alice");
        CHECK(found->password == "pa:ss");
    }
}

TEST_CASE("registry_auth: the older .dockercfg form (entries at the top) is read")
{
    const auto found =
        for_image(R"({"r.example:5000": {"auth": "Ym9iOmh1bnRlcjIy", "email": "b@x"}, "credsStore": "x"})",
                  "r.example:5000/team/app");
    REQUIRE(found);
    CHECK(found->username == "bob");
}

TEST_CASE("registry_auth: a malformed pull_secret says what is wrong and never quotes a value")
{
    CHECK(parse_error(R"({"auths": {"r": {"password": "hunter22")") ==
          "it is not JSON (Missing a comma or '}' after an object member. at offset 39); it must be a Docker "
          "configuration such as {\"auths\": {\"REGISTRY\": {\"auth\": \"BASE64 OF USER:PASSWORD\"}}}");
    CHECK(parse_error("[]").find("it is not a JSON object; it must be a Docker configuration") == 0);
    CHECK(parse_error(R"({"auths": []})") == "`auths` is not a JSON object");
    CHECK(parse_error(R"({"auths": {"r.example": "hunter22"}})") ==
          "the entry of \"r.example\" is not a JSON object");
    CHECK(parse_error(R"({"auths": {"r.example": {"auth": "hunter22!"}}})") ==
          "the `auth` of the entry of \"r.example\" is not base64");
    CHECK(parse_error(R"({"auths": {"r.example": {"auth": "bm9jb2xvbg=="}}})") ==
          "the `auth` of the entry of \"r.example\" is not the base64 of USER:PASSWORD (no ':')");
    CHECK(parse_error(R"({"auths": {"r.example": {"username": "bob", "password": 42}}})") ==
          "the `password` of the entry of \"r.example\" is not a string");
    CHECK(parse_error(R"({"auths": {"r.example": {"password": "hunter22"}}})") ==
          "the entry of \"r.example\" has a password but no user name");
    CHECK(parse_error(R"({"auths": {"https:///v1/": {"auth": "Ym9iOmh1bnRlcjIy"}}})") ==
          "\"https:///v1/\" is not a registry (host or host:port)");
}

TEST_CASE("registry_auth: a credential helper for the image's registry is refused, not silently anonymous")
{
    const auto secret = must_parse(R"({"credHelpers": {"https://ghcr.io": "gh"}, "auths": {}})");
    auto found = credentials_for(secret, "ghcr.io/org/image");
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().message ==
          "its credHelpers names a credential helper for ghcr.io, which melodium cannot run: "
          "put the credentials of ghcr.io under `auths`");
    CHECK(credentials_for(secret, "busybox").ok());
}

TEST_CASE("registry_auth: secrets are blanked out of messages")
{
    const auto found = for_image(R"({"auths": {"r.example": {"auth": "Ym9iOmh1bnRlcjIy"}}})", "r.example/a");
    REQUIRE(found);
    const auto secrets = found->secrets();
    CHECK(without_secrets("bob's hunter22 Ym9iOmh1bnRlcjIy and " + found->header(), secrets) ==
          "bob's *** *** and ***");
    CHECK(without_secrets("a b", {"a", ""}) == "a b"); // too short to blank out meaningfully
}

TEST_CASE("registry_auth: a failed pull's cause, from dockerd's and Podman's messages")
{
    CHECK(classify_pull_failure(
              "Head \"http://127.0.0.1:5999/v2/test/busybox/manifests/1\": no basic auth credentials") ==
          PullFailure::Unauthorized);
    CHECK(classify_pull_failure("unauthorized: authentication required") == PullFailure::Unauthorized);
    CHECK(classify_pull_failure(
              "initializing source docker://127.0.0.1:5999/test/busybox:1: reading manifest 1 in "
              "127.0.0.1:5999/test/busybox: unauthorized: authentication required") ==
          PullFailure::Unauthorized);
    CHECK(classify_pull_failure(
              "pull access denied for nope, repository does not exist or may require 'docker login'"
              ": denied: requested access to the resource is denied") == PullFailure::Denied);
    CHECK(classify_pull_failure("manifest for 127.0.0.1:5999/test/nothing:1 not found: manifest unknown") ==
          PullFailure::NotFound);
    CHECK(classify_pull_failure(
              "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused") ==
          PullFailure::Unreachable);
    CHECK(classify_pull_failure("dial tcp: lookup nohost on 10.0.0.1:53: no such host") ==
          PullFailure::Unreachable);
    CHECK(classify_pull_failure("something else") == PullFailure::Other);
}
