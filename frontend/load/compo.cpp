// Reference: melodium-loader/src/compo.rs (Compo::parse).
#include "frontend/load/compo.h"

#include <algorithm>

#include <toml++/toml.h>

namespace mel::frontend {

namespace {

/// Turns toml++ positions (1-based line, 1-based column in code points) into SourceRanges; the
/// text is registered in the SourceManager on the first report only.
class CompoReporter {
public:
    CompoReporter(std::string_view text, const std::string& file_name, SourceManager& sources,
                  Diagnostics& diags)
        : m_text(text), m_file_name(file_name), m_sources(sources), m_diags(diags)
    {
    }

    Diagnostics::Builder report(DiagId id, const toml::source_region& where)
    {
        if (!m_file.valid())
            m_file = m_sources.add(m_file_name, std::string(m_text));
        ++m_reported;
        if (!where.begin)
            return m_diags.report(id);
        const std::uint32_t begin = offset(where.begin);
        std::uint32_t end = where.end ? offset(where.end) : begin;
        if (end <= begin)
            end = std::min<std::uint32_t>(begin + 1, static_cast<std::uint32_t>(m_text.size()));
        return m_diags.report(id, SourceRange{m_file, begin, end});
    }
    Diagnostics::Builder report(DiagId id) { return report(id, toml::source_region{}); }

    bool reported() const { return m_reported > 0; }

private:
    std::uint32_t offset(const toml::source_position& position) const
    {
        std::size_t at = 0;
        for (toml::source_index line = 1; line < position.line && at < m_text.size(); ++line) {
            const std::size_t newline = m_text.find('\n', at);
            at = newline == std::string_view::npos ? m_text.size() : newline + 1;
        }
        for (toml::source_index column = 1; column < position.column && at < m_text.size(); ++column) {
            ++at;
            while (at < m_text.size() && (static_cast<unsigned char>(m_text[at]) & 0xC0) == 0x80)
                ++at;
        }
        return static_cast<std::uint32_t>(std::min(at, m_text.size()));
    }

    std::string_view m_text;
    const std::string& m_file_name;
    SourceManager& m_sources;
    Diagnostics& m_diags;
    FileId m_file;
    int m_reported = 0;
};

/// The entries of a table in the order they appear in the file (toml++ keeps tables sorted).
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table)
{
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [key, value] : table)
        entries.emplace_back(&key, &value);
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        const auto& pa = a.first->source().begin;
        const auto& pb = b.first->source().begin;
        return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    return entries;
}

void read_version(const toml::table& root, const toml::key* name_key, PackageInfo& info,
                  CompoReporter& reporter)
{
    const toml::node* version = root.get("version");
    if (!version) {
        reporter.report(DiagId::TomlNoVersion, name_key->source()).arg(info.name);
        return;
    }
    const auto* text = version->as_string();
    if (!text) {
        reporter.report(DiagId::TomlVersionNotString, version->source()).arg(info.name);
        return;
    }
    auto parsed = Version::parse(text->get());
    if (!parsed) {
        reporter.report(DiagId::TomlBadVersion, version->source()).arg(info.name);
        return;
    }
    info.version = std::move(parsed.value());
}

void read_dependencies(const toml::table& root, PackageInfo& info, CompoReporter& reporter)
{
    const auto* table = root["dependencies"].as_table();
    if (!table)
        return;
    for (const auto& [key, value] : in_file_order(*table)) {
        const auto* text = value->as_string();
        if (!text) {
            reporter.report(DiagId::TomlDependencyNotString, value->source()).arg(key->str());
            continue;
        }
        auto requirement = VersionReq::parse(text->get());
        if (!requirement) {
            reporter.report(DiagId::TomlBadRequirement, value->source()).arg(key->str());
            continue;
        }
        info.dependencies.push_back(Dependency{std::string(key->str()), std::move(requirement.value())});
    }
}

void read_entrypoints(const toml::table& root, PackageInfo& info, CompoReporter& reporter)
{
    const auto* table = root["entrypoints"].as_table();
    if (!table)
        return;
    for (const auto& [key, value] : in_file_order(*table)) {
        const auto* text = value->as_string();
        if (!text)
            continue; // the reference silently ignores non-string values
        if (!is_entrypoint_identifier(text->get())) {
            reporter.report(DiagId::TomlBadEntrypoint, value->source()).arg(key->str());
            continue;
        }
        info.entrypoints.emplace_back(std::string(key->str()), text->get());
    }
}

} // namespace

std::optional<PackageInfo> parse_compo(std::string_view text, const std::string& file_name,
                                       SourceManager& sources, Diagnostics& diags)
{
    CompoReporter reporter(text, file_name, sources, diags);
    toml::table root;
    try {
        root = toml::parse(text, file_name);
    } catch (const toml::parse_error& error) {
        reporter.report(DiagId::TomlInvalid, error.source())
            .arg("[unreachable name]")
            .note(SourceRange{}, std::string(error.description()));
        return std::nullopt;
    }

    const toml::key* name_key = nullptr;
    for (auto&& [key, value] : root)
        if (key.str() == "name")
            name_key = &key;
    const auto* name = root["name"].as_string();
    if (!name) {
        if (name_key)
            reporter.report(DiagId::TomlNoName, root.get("name")->source());
        else
            reporter.report(DiagId::TomlNoName);
        return std::nullopt;
    }

    PackageInfo info;
    info.name = name->get();
    read_version(root, name_key, info, reporter);
    read_dependencies(root, info, reporter);
    read_entrypoints(root, info, reporter);
    if (reporter.reported())
        return std::nullopt;
    return info;
}

} // namespace mel::frontend
