// Images and the bundle on the engine (run.h): what is made once per engine, not per run.

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "packages/work/containers/run.h"
#include "packages/work/containers/unique_fd.h"

namespace mel::packages::work::containers {

namespace {

using mel::engine::LogLevel;

/// A progress message worth a log line: not a progress bar's every tick.
bool worth_logging(const std::string& message)
{
    return message.find("Downloading") == std::string::npos && message.find("Extracting") == std::string::npos;
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

Result<engine::ImageInfo> ensure_image(EngineContext& engine, const std::string& image, const std::string& label,
                                       const ProvisionLog& log)
{
    auto& client = *engine.client;
    auto found = engine::inspect_image(client, image);
    if (!found)
        return found.error();
    if (found.value())
        return std::move(*found.value());
    say(log, LogLevel::Info, label, fmt::format("image {} is not on {}: pulling it", image, engine.name()));
    std::string last;
    const Status pulled = engine::pull_image(
        client, image,
        [&](const std::string& message) {
            if (message != last && worth_logging(message))
                say(log, LogLevel::Info, label, "pull " + image + ": " + message);
            last = message;
        },
        {}, std::chrono::seconds(1800), &engine.stopping);
    if (engine.stopping)
        return Error{fmt::format("{}: the program is stopping: the pull of image {} was abandoned", label, image)};
    if (pulled.ok()) {
        auto after = engine::inspect_image(client, image);
        if (after && after.value())
            return std::move(*after.value());
    }
    const std::string cmd = engine.command();
    return Error{fmt::format("{}: image {} is not on {} and could not be pulled ({}); make it available with "
                             "`{} load -i IMAGE.tar` (a `{} save` archive), or import a root filesystem with "
                             "`{} import ROOTFS.tar {}`",
                             label, image, engine.client->describe(),
                             pulled.ok() ? "the pull ended without it" : pulled.error().message, cmd, cmd, cmd,
                             image)};
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
