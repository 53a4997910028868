// work/resources data types and functions — reference: libs/work-mel/src/resources/{mod,arch}.rs
// (packages.md §1.3).

#include "packages/work/specs.h"

#include "packages/work/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"
#include "runtime/model/wire.h"
#include "stdlib/data/string_map.h"

namespace mel::packages::work {

namespace {

std::vector<std::string> strings_of(const Value& vec)
{
    std::vector<std::string> out;
    for (const Value& v : vec.as_vec())
        out.push_back(v.as_string());
    return out;
}

template<class D> auto specs_of(const Value& vec)
{
    std::vector<std::remove_cvref_t<decltype(*D::from(vec))>> out;
    for (const Value& v : vec.as_vec()) {
        const auto* spec = D::from(v);
        if (!spec)
            throw engine::EngineError("expected a " + std::string(D::k_type_name) + " value");
        out.push_back(*spec);
    }
    return out;
}

/// The fields common to |container and |service_container, from their first 8 arguments.
void fill_container(ContainerSpec& spec, std::span<const Value> args)
{
    spec.name = args[0].as_string();
    spec.memory = args[1].as_u32();
    spec.cpu = args[2].as_u32();
    spec.storage = args[3].as_u32();
    const auto* arch = ArchData::from(args[4]);
    if (!arch)
        throw engine::EngineError("expected an Arch value");
    spec.arch = *arch;
    for (const auto& m : specs_of<MountData>(args[5]))
        spec.mounts.push_back(m);
    spec.image = args[6].as_string();
    spec.pull_secret = args[7].is_some() ? args[7].option_value().as_string() : "{}";
}

/// An Arch travels as its name, `amd64` or `arm64` (runtime/model/wire.h).
std::shared_ptr<const wire::DataCodec> arch_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry&) -> Status {
            w.string(o.to_text());
            return success();
        },
        [](wire::Reader& r, const Registry&) -> Result<Value> {
            std::string arch;
            if (!r.string(arch) || (arch != "amd64" && arch != "arm64"))
                return wire::malformed("Arch");
            return ArchData::make(std::move(arch));
        }});
}

} // namespace

Value ArchData::make(std::string arch) { return Value::data(std::make_shared<const ArchData>(std::move(arch))); }

const std::string* ArchData::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data || value.as_data()->type_name() != k_type_name)
        return nullptr;
    return &static_cast<const ArchData*>(value.as_data().get())->m_arch;
}

std::vector<MountSpec> mounts_of(const Value& vec) { return specs_of<MountData>(vec); }
std::vector<VolumeSpec> volumes_of(const Value& vec) { return specs_of<VolumeData>(vec); }
std::vector<ContainerSpec> containers_of(const Value& vec) { return specs_of<ContainerData>(vec); }
std::vector<ServiceSpec> services_of(const Value& vec) { return specs_of<ServiceContainerData>(vec); }
std::vector<std::string> tags_of(const Value& vec) { return strings_of(vec); }

void register_specs(Registry& registry)
{
    {
        auto area = registry.area("work/resources/arch");
        area.data_type("Arch", {Trait::PartialEquality, Trait::Serialize, Trait::Deserialize, Trait::Display,
                                Trait::ToString},
                       "The CPU architecture of a worker or a container: `amd64` or `arm64`.\n\n"
                       "The local provisioner runs everything on this machine's architecture and logs a warning "
                       "when another one is asked.",
                       arch_codec());
        area.function("amd64").returns("Arch").doc("The x86-64 architecture.").body(
            [](std::span<const Type>, std::span<const Value>) -> Result<Value> { return ArchData::make("amd64"); });
        area.function("arm64").returns("Arch").doc("The 64-bit ARM architecture.").body(
            [](std::span<const Type>, std::span<const Value>) -> Result<Value> { return ArchData::make("arm64"); });
    }

    auto area = registry.area("work/resources");
    area.data_type("Container", {},
                   "A container of a worker, in which commands run: its name (the executor name), image, "
                   "resources (memory in MB, CPU in millicores, storage in MB), architecture and volume mounts.");
    area.data_type("ServiceContainer", {},
                   "A service beside a worker (a database, a cache), reachable from its containers by its name: "
                   "as `Container`, plus the service's environment and command.");
    area.data_type("Mount", {}, "A volume mounted in a container: the volume's name and the mount point.");
    area.data_type("Volume", {}, "A volume shared by a worker and its containers: its name and size in MB.");

    area.function("container")
        .param("name", "string")
        .param("memory", "u32")
        .param("cpu", "u32")
        .param("storage", "u32")
        .param("arch", "Arch")
        .param("mounts", "Vec<Mount>")
        .param("image", "string")
        .param("pull_secret", "Option<string>")
        .returns("Container")
        .doc("A container named `name` running `image`, with `memory` MB of memory, `cpu` millicores, `storage` "
             "MB of storage and `mounts`. `pull_secret` (registry credentials as Docker configuration JSON) "
             "defaults to `{}`.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            ContainerSpec spec;
            fill_container(spec, args);
            return ContainerData::make(std::move(spec));
        });
    area.function("service_container")
        .param("name", "string")
        .param("memory", "u32")
        .param("cpu", "u32")
        .param("storage", "u32")
        .param("arch", "Arch")
        .param("mounts", "Vec<Mount>")
        .param("image", "string")
        .param("pull_secret", "Option<string>")
        .param("env", "Option<StringMap>")
        .param("command", "Option<Vec<string>>")
        .returns("ServiceContainer")
        .doc("A service named `name` running `image`, as `|container`, with the environment `env` and, when "
             "given, `command` instead of the image's default command.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            ServiceSpec spec;
            fill_container(spec, args);
            if (args[8].is_some()) {
                const auto* map = stdlib::data::StringMap::from(args[8].option_value());
                if (!map)
                    throw engine::EngineError("expected a StringMap value");
                for (const auto& [k, v] : map->entries())
                    spec.env.emplace(k, v);
            }
            if (args[9].is_some())
                spec.command = strings_of(args[9].option_value());
            return ServiceContainerData::make(std::move(spec));
        });
    area.function("mount")
        .param("name", "string")
        .param("point", "string")
        .returns("Mount")
        .doc("The volume `name` mounted at `point` (an absolute path in the container).")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return MountData::make(MountSpec{args[0].as_string(), args[1].as_string()});
        });
    area.function("volume")
        .param("name", "string")
        .param("storage", "u32")
        .returns("Volume")
        .doc("A volume named `name` of `storage` MB.")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            return VolumeData::make(VolumeSpec{args[0].as_string(), args[1].as_u32()});
        });
}

} // namespace mel::packages::work
