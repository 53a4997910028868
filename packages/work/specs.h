#pragma once

// work/resources — the data types describing a worker request (packages.md §1.3, §2.2, §2.7): Container,
// ServiceContainer, Mount, Volume, and work/resources/arch::Arch. Each holds the plain spec of
// packages/work/provisioner.h.

#include <string>
#include <vector>
#include <string_view>

#include "packages/work/provisioner.h"
#include "runtime/model/value.h"

namespace mel::packages::work {

/// One Data type holding a spec struct; `Name` is its Mélodium type name.
template<class Spec, const char* Name> class SpecData final : public DataObject {
public:
    static constexpr std::string_view k_type_name = Name;

    explicit SpecData(Spec spec) : m_spec(std::move(spec)) {}
    static Value make(Spec spec) { return Value::data(std::make_shared<const SpecData>(std::move(spec))); }
    /// The spec inside a Data value; nullptr when the value is something else.
    static const Spec* from(const Value& value)
    {
        if (value.kind() != Value::Kind::Data || value.as_data()->type_name() != k_type_name)
            return nullptr;
        return &static_cast<const SpecData*>(value.as_data().get())->m_spec;
    }

    const Spec& spec() const { return m_spec; }
    std::string_view type_name() const override { return k_type_name; }

private:
    Spec m_spec;
};

inline constexpr char k_container_name[] = "Container";
inline constexpr char k_service_container_name[] = "ServiceContainer";
inline constexpr char k_mount_name[] = "Mount";
inline constexpr char k_volume_name[] = "Volume";

using ContainerData = SpecData<ContainerSpec, k_container_name>;
using ServiceContainerData = SpecData<ServiceSpec, k_service_container_name>;
using MountData = SpecData<MountSpec, k_mount_name>;
using VolumeData = SpecData<VolumeSpec, k_volume_name>;

/// The `Arch` data type: "amd64" or "arm64".
class ArchData final : public DataObject {
public:
    static constexpr std::string_view k_type_name = "Arch";

    explicit ArchData(std::string arch) : m_arch(std::move(arch)) {}
    static Value make(std::string arch);
    /// "amd64"/"arm64" inside a Data value; nullptr when the value is something else.
    static const std::string* from(const Value& value);

    std::string_view type_name() const override { return k_type_name; }
    std::string to_text() const override { return m_arch; }
    std::string display() const override { return m_arch; }
    bool comparable() const override { return true; }
    bool equals(const DataObject& other) const override
    {
        return static_cast<const ArchData&>(other).m_arch == m_arch;
    }

private:
    std::string m_arch;
};

/// The specs inside a Vec of the matching data values (throws EngineError for another value).
std::vector<MountSpec> mounts_of(const Value& vec);
std::vector<VolumeSpec> volumes_of(const Value& vec);
std::vector<ContainerSpec> containers_of(const Value& vec);
std::vector<ServiceSpec> services_of(const Value& vec);
std::vector<std::string> tags_of(const Value& vec);

} // namespace mel::packages::work
