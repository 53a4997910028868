// Images and the bundle on the engine (run.h): what is made once per engine, not per run.

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "packages/work/containers/run.h"
#include "packages/work/containers/unique_fd.h"
#include "packages/work/engine/registry_auth.h"

namespace mel::packages::work::containers {

namespace {

using mel::engine::LogLevel;

/// A progress message worth a log line: not a progress bar's every tick.
bool worth_logging(const std::string& message)
{
    return message.find("Downloading") == std::string::npos && message.find("Extracting") == std::string::npos;
}

/// The credentials the container's pull_secret gives for its image's registry (none: anonymous); a malformed
/// pull_secret is an error naming the container (and never quoting the secret).
Result<std::optional<engine::RegistryCredentials>> pull_credentials(const ContainerSpec& spec)
{
    auto secret = engine::parse_pull_secret(spec.pull_secret);
    if (!secret)
        return Error{fmt::format("the pull_secret of container {} is not valid: {}", spec.name,
                                 secret.error().message)};
    auto credentials = engine::credentials_for(secret.value(), spec.image);
    if (!credentials)
        return Error{fmt::format("the pull_secret of container {} cannot be used for image {}: {}", spec.name,
                                 spec.image, credentials.error().message)};
    return credentials;
}

/// A pull that did not bring the image.
struct PullAttempt {
    std::string image;
    std::string registry;
    std::string credentials; // what was sent: "user NAME", "an identity token"; empty: anonymous
    std::string failure;     // the engine's message, secrets blanked out
};

/// The message of a failed pull: the image, the registry, the cause, and what to do.
std::string pull_failure(const EngineContext& engine, const PullAttempt& pull)
{
    const std::string cmd = engine.command();
    const std::string load =
        fmt::format("make it available with `{} load -i IMAGE.tar` (a `{} save` archive), or "
                    "import a root filesystem with `{} import ROOTFS.tar {}`",
                    cmd, cmd, cmd, pull.image);
    const std::string fix_secret =
        fmt::format("give the step a pull_secret with the credentials of {} (a Docker configuration such as "
                    "{{\"auths\": {{\"{}\": {{\"auth\": \"BASE64 OF USER:PASSWORD\"}}}}}})",
                    pull.registry, pull.registry);
    const bool anonymous = pull.credentials.empty();
    std::string cause;
    std::string todo;
    switch (engine::classify_pull_failure(pull.failure)) {
    case engine::PullFailure::Unauthorized:
        cause = anonymous
                    ? "the registry asks for credentials and the pull_secret has none for it"
                    : "the registry refused the credentials of the pull_secret (" + pull.credentials + ")";
        todo = anonymous ? fix_secret : "correct the pull_secret's credentials for " + pull.registry;
        break;
    case engine::PullFailure::Denied:
        cause = anonymous
                    ? "the registry denied access to it: it needs credentials, or it is not there"
                    : "the registry denied access to it with " + pull.credentials + ", or it is not there";
        todo = (anonymous ? fix_secret : "check the pull_secret's credentials for " + pull.registry) +
               ", or " + load;
        break;
    case engine::PullFailure::NotFound:
        cause = "the registry has no such image";
        todo = load;
        break;
    case engine::PullFailure::Unreachable:
        cause = "no registry answers at " + pull.registry;
        todo = load;
        break;
    case engine::PullFailure::Other:
        cause = "the pull failed";
        todo = load;
        break;
    }
    return fmt::format("image {} is not on {} and could not be pulled from {}: {}; {} ({})", pull.image,
                       engine.client->describe(), pull.registry, cause, todo, pull.failure);
}

/// Runs a container of the bundle image with `volume` at the bundle's root and melodium's --version: the
/// engine copies the image's files into the volume when it is empty, and the run checks they are complete.
Status fill_bundle_volume(EngineContext& engine, const BundleOnEngine& bundle, const engine::Labels& labels)
{
    engine::ContainerConfig config;
    config.image = bundle.image;
    config.labels = labels;
    config.mounts = {{bundle.volume, k_bundle_root}};
    config.ulimits = engine.ulimits();
    auto& client = *engine.client;
    auto id = engine::create_container(client, config);
    if (!id)
        return id.error();
    Status outcome = engine::start_container(client, id.value());
    if (outcome.ok()) {
        auto code = engine::wait_container(client, id.value(), std::chrono::seconds(60));
        if (!code)
            outcome = code.error();
        else if (code.value() != 0)
            outcome = Error{fmt::format("melodium in volume {} exited with code {}: {}", bundle.volume, code.value(),
                                        last_lines(client, id.value(), 5))};
    }
    static_cast<void>(engine::remove_container(client, id.value()));
    return outcome;
}

} // namespace

Result<engine::ImageInfo> ensure_image(EngineContext& engine, const ContainerSpec& spec,
                                       const ProvisionLog& log)
{
    const std::string& image = spec.image;
    auto pull_secret = pull_credentials(spec);
    if (!pull_secret)
        return pull_secret.error();
    const auto& auth = pull_secret.value();
    auto& client = *engine.client;
    auto found = engine::inspect_image(client, image);
    if (!found)
        return found.error();
    if (found.value())
        return std::move(*found.value());
    const std::string registry = engine::registry_of(image);
    const std::string credentials = auth ? auth->description() : std::string();
    say(log, LogLevel::Info, spec.name,
        fmt::format("image {} is not on {}: pulling it from {} {}", image, engine.name(), registry,
                    auth ? "with the pull_secret's " + credentials : std::string("anonymously")));
    const auto secrets = auth ? auth->secrets() : std::vector<std::string>{};
    std::string last;
    const Status pulled = engine::pull_image(
        client, image,
        [&](const std::string& message) {
            if (message != last && worth_logging(message))
                say(log, LogLevel::Info, spec.name,
                    "pull " + image + ": " + engine::without_secrets(message, secrets));
            last = message;
        },
        auth ? auth->header() : std::string(), std::chrono::seconds(1800), &engine.stopping);
    if (engine.stopping)
        return Error{fmt::format("{}: the program is stopping: the pull of image {} was abandoned", spec.name,
                                 image)};
    if (pulled.ok()) {
        auto after = engine::inspect_image(client, image);
        if (after && after.value())
            return std::move(*after.value());
    }
    const PullAttempt attempt{image, registry, credentials,
                              pulled.ok() ? std::string("the pull ended without the image")
                                          : engine::without_secrets(pulled.error().message, secrets)};
    return Error{pull_failure(engine, attempt)};
}

namespace {

/// Whether the engine has the bundle's volume.
Result<bool> has_volume(engine::EngineClient& client, const Bundle& bundle, const std::string& volume)
{
    auto listed =
        engine::list_by_label(client, engine::ObjectKind::Volume, std::string(k_label_bundle) + "=" + bundle.hash);
    if (!listed)
        return listed.error();
    for (const auto& found : listed.value())
        if (found.id == volume)
            return true;
    return false;
}

/// Creates the bundle's volume; one made meanwhile by another melodium (on another machine: the lock of
/// ensure_bundle covers this one) is as good.
Status create_bundle_volume(engine::EngineClient& client, const Bundle& bundle, const std::string& volume,
                            const engine::Labels& labels)
{
    auto created = engine::create_volume(client, volume, labels);
    if (created)
        return success();
    auto exists = has_volume(client, bundle, volume);
    if (exists && exists.value())
        return success();
    return created.error();
}

} // namespace

Result<BundleOnEngine> ensure_bundle(EngineContext& engine, const Bundle& bundle, const ProvisionLog& log)
{
    // Several melodium processes starting on an engine at once (three pipelines) would each load the image and
    // fill the volume, one checking a volume that another is still filling: one at a time on this machine.
    const FileLock lock(bundle.tar_path + ".engines.lock");
    if (!lock.held())
        return Error{"cannot write " + bundle.tar_path + ".engines.lock: " + std::strerror(errno)};
    auto& client = *engine.client;
    BundleOnEngine on_engine{bundle.reference, "melodium-bundle-" + bundle.hash.substr(0, 12), bundle.command};
    auto image = engine::inspect_image(client, bundle.reference);
    if (!image)
        return image.error();
    if (!image.value()) {
        say(log, LogLevel::Info, "containers", fmt::format("loading melodium's image {} into {}", bundle.reference,
                                                           engine.name()));
        auto loaded = engine::load_image(client, bundle.tar_path);
        if (!loaded)
            return Error{"loading melodium's image " + bundle.reference + ": " + loaded.error().message};
    }
    const engine::Labels labels{{k_label_bundle, bundle.hash}};
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto exists = has_volume(client, bundle, on_engine.volume);
        if (!exists)
            return exists.error();
        if (!exists.value()) {
            say(log, LogLevel::Info, "containers", "filling volume " + on_engine.volume + " with melodium");
            if (const Status created = create_bundle_volume(client, bundle, on_engine.volume, labels); !created.ok())
                return created.error();
        }
        const Status filled = fill_bundle_volume(engine, on_engine, labels);
        if (filled.ok())
            return on_engine;
        if (attempt == 1)
            return Error{"the volume " + on_engine.volume + " does not run melodium: " + filled.error().message};
        say(log, LogLevel::Warning, "containers",
            "the volume " + on_engine.volume + " is incomplete (" + filled.error().message + "): filling it again");
        if (const Status removed = engine::remove_volume(client, on_engine.volume); !removed.ok())
            return removed.error();
    }
    return on_engine;
}

} // namespace mel::packages::work::containers
