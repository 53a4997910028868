// Registry credentials for pulls (registry_auth.h). Reference: Docker Engine API v1.41 "Authentication";
// Docker's CLI configuration file (config.json: auths, auth = base64 of USER:PASSWORD, credHelpers);
// distribution's reference normalisation (the domain of a reference). Quirk decisions: an unpadded `auth`
// is accepted (Go's decoder would refuse it; some tools write it so); the header is always padded base64url,
// which dockerd and Podman both decode.

#include "packages/work/engine/registry_auth.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "packages/work/engine/json.h"

namespace mel::packages::work::engine {

namespace {

constexpr const char* k_docker_hub = "docker.io";
constexpr const char* k_form = "a Docker configuration such as "
                               "{\"auths\": {\"REGISTRY\": {\"auth\": \"BASE64 OF USER:PASSWORD\"}}}";

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

std::string base64_url(std::string_view data)
{
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(written));
    for (char& c : out)
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    return out;
}

/// Standard base64, padded or not; nullopt when it is not base64.
std::optional<std::string> from_base64(std::string_view text)
{
    std::string padded(text);
    while (padded.size() % 4 != 0)
        padded += '=';
    const bool alphabet = std::all_of(padded.begin(), padded.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '+' || c == '/' || c == '=';
    });
    if (!alphabet || padded.empty())
        return padded.empty() ? std::optional<std::string>("") : std::nullopt;
    std::string out(padded.size() / 4 * 3, '\0');
    const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                        reinterpret_cast<const unsigned char*>(padded.data()),
                                        static_cast<int>(padded.size()));
    if (written < 0)
        return std::nullopt;
    const auto padding = padded.size() - padded.find_last_not_of('=') - 1;
    if (padding > 2)
        return std::nullopt;
    out.resize(static_cast<std::size_t>(written) - padding);
    return out;
}

/// A member that must be a string when present.
Result<std::string> string_member(const rapidjson::Value& entry, const char* name, const std::string& where)
{
    const auto& value = json::member(entry, name);
    if (value.IsNull())
        return std::string();
    if (!value.IsString())
        return Error{fmt::format("the `{}` of {} is not a string", name, where)};
    return std::string(value.GetString(), value.GetStringLength());
}

/// One entry of auths: its credentials (empty ones when it has none).
Result<RegistryCredentials> read_entry(const std::string& key, const rapidjson::Value& entry)
{
    const std::string where = fmt::format("the entry of \"{}\"", key);
    if (!entry.IsObject())
        return Error{where + " is not a JSON object"};
    RegistryCredentials credentials;
    credentials.server_address = key;
    credentials.registry = normalise_registry(key);
    if (credentials.registry.empty())
        return Error{fmt::format("\"{}\" is not a registry (host or host:port)", key)};
    for (auto [name, into] : {std::pair{"username", &credentials.username},
                              {"password", &credentials.password},
                              {"identitytoken", &credentials.identity_token},
                              {"auth", &credentials.auth}}) {
        auto value = string_member(entry, name, where);
        if (!value)
            return value.error();
        *into = std::move(value).value();
    }
    if (!credentials.auth.empty()) {
        const auto decoded = from_base64(credentials.auth);
        if (!decoded)
            return Error{fmt::format("the `auth` of {} is not base64", where)};
        const auto colon = decoded->find(':');
        if (colon == std::string::npos)
            return Error{fmt::format("the `auth` of {} is not the base64 of USER:PASSWORD (no ':')", where)};
        credentials.username = decoded->substr(0, colon);
        credentials.password = decoded->substr(colon + 1);
    }
    if (!credentials.password.empty() && credentials.username.empty())
        return Error{fmt::format("{} has a password but no user name", where)};
    return credentials;
}

bool has_credentials(const RegistryCredentials& c)
{
    return !c.password.empty() || !c.identity_token.empty();
}

/// The entries: auths's, or the top level's (the .dockercfg form) when there is no auths.
Result<std::vector<RegistryCredentials>> read_entries(const rapidjson::Value& doc)
{
    const bool legacy = !doc.HasMember("auths");
    const auto& auths = legacy ? doc : doc["auths"];
    if (!auths.IsObject())
        return Error{"`auths` is not a JSON object"};
    std::vector<RegistryCredentials> entries;
    for (const auto& member : auths.GetObject()) {
        const std::string key(member.name.GetString(), member.name.GetStringLength());
        if (legacy && (!member.value.IsObject() ||
                       !(member.value.HasMember("auth") || member.value.HasMember("username"))))
            continue; // another setting of config.json (credsStore, HttpHeaders, …)
        auto entry = read_entry(key, member.value);
        if (!entry)
            return entry.error();
        if (has_credentials(entry.value()))
            entries.push_back(std::move(entry).value());
    }
    return entries;
}

} // namespace

std::string normalise_registry(std::string_view address)
{
    for (const std::string_view scheme : {"https://", "http://"})
        if (lower(address.substr(0, scheme.size())) == scheme)
            address.remove_prefix(scheme.size());
    address = address.substr(0, address.find('/'));
    std::string host = lower(address);
    if (host == "index.docker.io" || host == "registry-1.docker.io")
        return k_docker_hub;
    return host;
}

std::string registry_of(std::string_view image)
{
    const auto slash = image.find('/');
    if (slash == std::string_view::npos)
        return k_docker_hub;
    const auto first = image.substr(0, slash);
    const bool domain =
        contains(first, ".") || contains(first, ":") || first == "localhost" || lower(first) != first;
    return domain ? normalise_registry(first) : k_docker_hub;
}

std::string RegistryCredentials::description() const
{
    if (identity_token.empty())
        return "user " + username;
    return username.empty() ? "an identity token" : "an identity token (user " + username + ")";
}

std::string RegistryCredentials::header() const
{
    rapidjson::StringBuffer buffer;
    json::Writer w(buffer);
    w.StartObject();
    if (!identity_token.empty()) {
        w.Key("identitytoken");
        json::write_string(w, identity_token);
    } else {
        w.Key("username");
        json::write_string(w, username);
        w.Key("password");
        json::write_string(w, password);
    }
    w.Key("serveraddress");
    json::write_string(w, server_address);
    w.EndObject();
    return base64_url({buffer.GetString(), buffer.GetSize()});
}

std::vector<std::string> RegistryCredentials::secrets() const
{
    std::vector<std::string> out;
    for (const auto* text : {&password, &identity_token, &auth})
        if (!text->empty())
            out.push_back(*text);
    out.push_back(header());
    return out;
}

Result<PullSecret> parse_pull_secret(std::string_view text)
{
    PullSecret secret;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return secret;
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError())
        return Error{fmt::format("it is not JSON ({} at offset {}); it must be {}",
                                 rapidjson::GetParseError_En(doc.GetParseError()), doc.GetErrorOffset(),
                                 k_form)};
    if (!doc.IsObject())
        return Error{fmt::format("it is not a JSON object; it must be {}", k_form)};
    auto entries = read_entries(doc);
    if (!entries)
        return entries.error();
    secret.entries = std::move(entries).value();
    const auto& helpers = json::member(doc, "credHelpers");
    for (const auto& registry : json::keys(helpers))
        secret.helper_registries.push_back(normalise_registry(registry));
    return secret;
}

Result<std::optional<RegistryCredentials>> credentials_for(const PullSecret& secret, std::string_view image)
{
    const auto registry = registry_of(image);
    for (const auto& entry : secret.entries)
        if (entry.registry == registry)
            return std::optional<RegistryCredentials>(entry);
    if (std::find(secret.helper_registries.begin(), secret.helper_registries.end(), registry) !=
        secret.helper_registries.end())
        return Error{
            fmt::format("its credHelpers names a credential helper for {}, which melodium cannot run: put "
                        "the credentials of {} under `auths`",
                        registry, registry)};
    return std::optional<RegistryCredentials>();
}

std::string without_secrets(std::string text, const std::vector<std::string>& secrets)
{
    for (const auto& secret : secrets) {
        if (secret.size() < 4)
            continue;
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
            text.replace(at, secret.size(), "***");
    }
    return text;
}

PullFailure classify_pull_failure(std::string_view message)
{
    const auto text = lower(message);
    const auto any = [&](std::initializer_list<std::string_view> parts) {
        return std::any_of(parts.begin(), parts.end(),
                           [&](std::string_view part) { return contains(text, part); });
    };
    if (any({"unauthorized", "authentication required", "no basic auth credentials",
             "incorrect username or password"}))
        return PullFailure::Unauthorized;
    if (any({"denied", "forbidden"}))
        return PullFailure::Denied;
    if (any({"manifest unknown", "not found", "name unknown", "does not exist"}))
        return PullFailure::NotFound;
    if (any({"connection refused", "no such host", "i/o timeout", "network is unreachable",
             "no route to host", "server gave http response to https client",
             "x509:", "tls:", "deadline exceeded", "timeout awaiting", "connection reset"}))
        return PullFailure::Unreachable;
    return PullFailure::Other;
}

} // namespace mel::packages::work::engine
