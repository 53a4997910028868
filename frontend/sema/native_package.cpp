#include "frontend/sema/native_package.h"

#include "runtime/model/version.h"

namespace mel::frontend::sema {

namespace {

class NativePackage final : public Package {
public:
    NativePackage(const Registry& registry, const std::string& name) : m_registry(registry)
    {
        m_info.name = name;
        m_info.version = Version::parse(k_language_version).value();
        m_info.kind = PackageKind::Native;
        m_info.location = "<native package " + name + ">";
        // A native package may use any other native package (they are released together).
        for (const auto& other : registry.packages())
            if (other != name)
                m_info.dependencies.push_back({other, VersionReq::exact(m_info.version)});
    }

    const PackageInfo& info() const override { return m_info; }

    std::optional<AreaSource> area(const std::vector<std::string>& path) const override
    {
        const std::string name = area_name(m_info.name, path);
        const std::string* text = m_registry.mel_area(name);
        if (!text)
            return std::nullopt;
        AreaSource source;
        source.display_path = name + ".mel";
        source.file_path = "<embedded " + name + ".mel>";
        source.text = *text;
        return source;
    }

    std::vector<std::vector<std::string>> areas() const override
    {
        std::vector<std::vector<std::string>> out;
        const std::string prefix = m_info.name + "/";
        for (const auto& [name, text] : m_registry.mel_areas()) {
            if (name.rfind(prefix, 0) != 0)
                continue;
            std::vector<std::string> path;
            std::string rest = name.substr(prefix.size());
            for (std::size_t start = 0;;) {
                const auto slash = rest.find('/', start);
                path.push_back(rest.substr(start, slash - start));
                if (slash == std::string::npos)
                    break;
                start = slash + 1;
            }
            out.push_back(std::move(path));
        }
        return out;
    }

private:
    const Registry& m_registry;
    PackageInfo m_info;
};

} // namespace

std::shared_ptr<Package> make_native_package(const Registry& registry, const std::string& name)
{
    return std::make_shared<NativePackage>(registry, name);
}

} // namespace mel::frontend::sema
