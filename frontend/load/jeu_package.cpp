// Reference: melodium-loader/src/package/jeu.rs (JeuPackage::new).
#include "frontend/load/jeu_package.h"

#include <algorithm>
#include <map>

#include "frontend/load/compo.h"
#include "frontend/load/file_io.h"
#include "frontend/load/file_package.h"
#include "frontend/load/jeu_archive.h"

namespace mel::frontend {

namespace {

constexpr std::string_view k_compo = "Compo.toml";

class JeuPackage final : public Package {
public:
    JeuPackage(PackageInfo info, std::map<std::string, std::string> files)
        : m_info(std::move(info)), m_files(std::move(files))
    {
    }

    const PackageInfo& info() const override { return m_info; }

    std::optional<AreaSource> area(const std::vector<std::string>& path) const override
    {
        const auto relative = area_file_of(path);
        if (!relative)
            return std::nullopt;
        const auto it = m_files.find(*relative);
        if (it == m_files.end())
            return std::nullopt;
        return AreaSource{path.empty() ? m_info.name : m_info.name + "/" + it->first,
                          m_info.location + "/" + it->first,
                          it->second,
                          AreaSource::Problem::None,
                          {}};
    }

    std::vector<std::vector<std::string>> areas() const override
    {
        std::vector<std::vector<std::string>> out;
        for (const auto& [file, text] : m_files)
            out.push_back(area_path_of(file));
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    PackageInfo m_info;
    std::map<std::string, std::string> m_files; // relative path → text
};

/// Collects the entries of a jeu archive, reporting what is wrong with them.
struct JeuReader {
    const std::string& location;
    SourceManager& sources;
    Diagnostics& diags;
    std::optional<PackageInfo> info;
    bool compo_seen = false;
    bool failed = false;
    std::map<std::string, std::string> files;

    bool visit(JeuEntry&& entry)
    {
        if (!compo_seen) {
            if (entry.path != k_compo) {
                diags.report(DiagId::JeuContentBeforeCompo).arg(entry.path);
                failed = true;
                return true;
            }
            compo_seen = true;
            info = parse_compo(entry.data, location + "/" + std::string(k_compo), sources, diags);
            if (!info)
                failed = true;
            return info.has_value(); // nothing more to learn without a valid Compo.toml
        }
        if (entry.type != JeuEntry::Type::File || !entry.path.ends_with(".mel"))
            return true;
        // Only entries that name an area the way a file package would (no hidden or `..` parts).
        if (area_file_of(area_path_of(entry.path)) != entry.path)
            return true;
        if (!is_valid_utf8(entry.data)) {
            diags.report(DiagId::EncodingError).arg(location + "/" + entry.path);
            failed = true;
            return true;
        }
        files.emplace(entry.path, std::move(entry.data));
        return true;
    }
};

} // namespace

std::shared_ptr<Package> make_jeu_package(std::string_view bytes, const std::string& location,
                                          SourceManager& sources, Diagnostics& diags)
{
    const auto offset = jeu_payload_offset(bytes);
    if (!offset) {
        diags.report(DiagId::JeuTooShort);
        return nullptr;
    }
    JeuReader reader{location, sources, diags, std::nullopt, false, false, {}};
    const Status read = read_jeu_entries(bytes.substr(*offset),
                                         [&](JeuEntry&& entry) { return reader.visit(std::move(entry)); });
    if (!read) {
        diags.report(DiagId::JeuUnreadable).arg(read.error().message);
        return nullptr;
    }
    if (!reader.compo_seen) {
        diags.report(DiagId::JeuNoCompo);
        return nullptr;
    }
    if (reader.failed)
        return nullptr;
    reader.info->kind = PackageKind::Jeu;
    reader.info->location = location;
    return std::make_shared<JeuPackage>(std::move(*reader.info), std::move(reader.files));
}

std::shared_ptr<Package> load_jeu_package(const std::filesystem::path& file, SourceManager& sources,
                                          Diagnostics& diags)
{
    auto bytes = read_file(file);
    if (!bytes) {
        diags.report(DiagId::FileUnreadable).arg(display(file)).arg(bytes.error().message);
        return nullptr;
    }
    return make_jeu_package(bytes.value(), display(file), sources, diags);
}

} // namespace mel::frontend
