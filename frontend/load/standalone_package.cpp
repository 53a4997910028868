// Reference: melodium-loader/src/package/raw.rs (RawPackage::new), with the aligned-spacing
// difference documented in standalone_package.h.
#include "frontend/load/standalone_package.h"

#include <algorithm>

#include "frontend/load/file_io.h"

namespace mel::frontend {

namespace {

bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

struct HeaderLine {
    enum class Key { Name, Version, Require };
    Key key;
    std::string_view value;
    std::uint32_t value_offset; // of `value` in the text
};

/// `#!` blanks KEY blanks? `=` blanks? VALUE → the key and the value, if the line is a key line.
std::optional<HeaderLine> key_line(std::string_view line, std::uint32_t line_offset)
{
    std::size_t at = 2; // after "#!"
    const std::size_t blanks = at;
    while (at < line.size() && is_blank(line[at]))
        ++at;
    if (at == blanks)
        return std::nullopt;
    static constexpr std::pair<std::string_view, HeaderLine::Key> k_keys[] = {
        {"name", HeaderLine::Key::Name},
        {"version", HeaderLine::Key::Version},
        {"require", HeaderLine::Key::Require}};
    for (const auto& [word, key] : k_keys) {
        if (line.substr(at, word.size()) != word)
            continue;
        std::size_t rest = at + word.size();
        while (rest < line.size() && is_blank(line[rest]))
            ++rest;
        if (rest >= line.size() || line[rest] != '=')
            return std::nullopt;
        ++rest;
        while (rest < line.size() && is_blank(line[rest]))
            ++rest;
        return HeaderLine{key, line.substr(rest), line_offset + static_cast<std::uint32_t>(rest)};
    }
    return std::nullopt;
}

/// The key lines of the header, in order.
std::vector<HeaderLine> header_lines(std::string_view text)
{
    std::vector<HeaderLine> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t newline = text.find('\n', at);
        const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
        std::string_view line = text.substr(at, end - at);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        if (!line.starts_with("#!"))
            break;
        if (!line.starts_with("#!/"))
            if (auto key = key_line(line, static_cast<std::uint32_t>(at)))
                out.push_back(*key);
        at = end + 1;
    }
    return out;
}

/// Reports into the file's buffer, registered on the first report.
class HeaderReporter {
public:
    HeaderReporter(std::string_view text, const std::string& file_name, SourceManager& sources,
                   Diagnostics& diags)
        : m_text(text), m_file_name(file_name), m_sources(sources), m_diags(diags)
    {
    }
    Diagnostics::Builder report(DiagId id, std::uint32_t begin, std::size_t length)
    {
        if (!m_file.valid())
            m_file = m_sources.add(m_file_name, std::string(m_text));
        const auto end = begin + static_cast<std::uint32_t>(length == 0 ? 1 : length);
        return m_diags.report(id, SourceRange{m_file, begin, end});
    }

private:
    std::string_view m_text;
    const std::string& m_file_name;
    SourceManager& m_sources;
    Diagnostics& m_diags;
    FileId m_file;
};

/// The Compo.toml of the project `file` is in, if any (the file's folder or one of its parents).
std::optional<std::filesystem::path> enclosing_project(const std::string& file)
{
    std::error_code error;
    auto folder = std::filesystem::absolute(std::filesystem::path(file), error).parent_path();
    if (error)
        return std::nullopt;
    for (; !folder.empty(); folder = folder.parent_path()) {
        if (std::filesystem::is_regular_file(folder / "Compo.toml", error))
            return folder / "Compo.toml";
        if (folder == folder.parent_path())
            break;
    }
    return std::nullopt;
}

/// L0189, with what the file lacks (ours, issue 16): it is empty or has no name line; an area of a
/// project is run through its Compo.toml; a standalone header looks like this.
void report_no_name(std::string_view text, const std::string& file_name, Diagnostics& diags)
{
    auto report = diags.report(DiagId::StandaloneNoName);
    const bool empty = text.find_first_not_of(" \t\r\n") == std::string_view::npos;
    report.note(empty ? NoteId::FileEmpty : NoteId::FileWithoutHeader, {file_name});
    // A header line that almost names the package (`#!name = x`): the spacing after `#!` matters.
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t newline = text.find('\n', at);
        std::string_view line =
            text.substr(at, newline == std::string_view::npos ? text.size() - at : newline - at);
        if (!line.starts_with("#!"))
            break;
        if (!line.starts_with("#!/") && line.find("name") != std::string_view::npos)
            report.note(NoteId::HeaderLineIgnored, {std::string(line)});
        at = newline == std::string_view::npos ? text.size() : newline + 1;
    }
    if (!empty)
        if (auto compo = enclosing_project(file_name))
            report.note(NoteId::AreaOfProject, {file_name, display(*compo)});
    std::string stem = std::filesystem::path(file_name).stem().string();
    const bool usable =
        !stem.empty() && !(stem[0] >= '0' && stem[0] <= '9') &&
        std::all_of(stem.begin(), stem.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        });
    if (!usable)
        stem = "my_program";
    report.note(NoteId::StandaloneHeaderExample, {stem});
}

/// `std:0.10.2 fs:^0.10` → dependencies; false after reporting L0208/L0209.
bool read_requirements(const HeaderLine& line, std::vector<Dependency>& out, HeaderReporter& reporter)
{
    std::string_view rest = line.value;
    std::size_t at = 0;
    while (true) {
        while (at < rest.size() && (is_blank(rest[at]) || rest[at] == '\v' || rest[at] == '\f'))
            ++at;
        if (at >= rest.size())
            return true;
        std::size_t end = at;
        while (end < rest.size() && !(is_blank(rest[end]) || rest[end] == '\v' || rest[end] == '\f'))
            ++end;
        const std::string_view piece = rest.substr(at, end - at);
        const auto offset = line.value_offset + static_cast<std::uint32_t>(at);
        const std::size_t colon = piece.find(':');
        if (colon == std::string_view::npos || piece.find(':', colon + 1) != std::string_view::npos) {
            reporter.report(DiagId::StandaloneBadRequire, offset, piece.size());
            return false;
        }
        auto requirement = VersionReq::parse(piece.substr(colon + 1));
        if (!requirement) {
            reporter.report(DiagId::StandaloneBadRequirement, offset, piece.size());
            return false;
        }
        out.push_back(Dependency{std::string(piece.substr(0, colon)), std::move(requirement.value())});
        at = end;
    }
}

class StandalonePackage final : public Package {
public:
    StandalonePackage(PackageInfo info, std::string text) : m_info(std::move(info)), m_text(std::move(text))
    {
    }

    const PackageInfo& info() const override { return m_info; }

    std::optional<AreaSource> area(const std::vector<std::string>& path) const override
    {
        if (!path.empty())
            return std::nullopt;
        return AreaSource{m_info.name, m_info.location, m_text, AreaSource::Problem::None, {}};
    }

    std::vector<std::vector<std::string>> areas() const override { return {{}}; }

private:
    PackageInfo m_info;
    std::string m_text;
};

} // namespace

std::optional<StandaloneHeader> parse_standalone_header(std::string_view text, const std::string& file_name,
                                                        SourceManager& sources, Diagnostics& diags)
{
    HeaderReporter reporter(text, file_name, sources, diags);
    StandaloneHeader header;
    std::optional<std::string> name;
    bool has_version = false;
    auto name_or_raw = [&] { return name ? *name : std::string("[raw package]"); };
    for (const HeaderLine& line : header_lines(text)) {
        switch (line.key) {
        case HeaderLine::Key::Name:
            if (name) {
                reporter.report(DiagId::StandaloneDuplicateName, line.value_offset, line.value.size())
                    .arg(*name);
                return std::nullopt;
            }
            name = std::string(line.value);
            break;
        case HeaderLine::Key::Version: {
            if (has_version) {
                reporter.report(DiagId::StandaloneDuplicateVersion, line.value_offset, line.value.size())
                    .arg(name_or_raw());
                return std::nullopt;
            }
            auto version = Version::parse(line.value);
            if (!version) {
                reporter.report(DiagId::StandaloneBadVersion, line.value_offset, line.value.size())
                    .arg(name_or_raw());
                return std::nullopt;
            }
            header.version = std::move(version.value());
            has_version = true;
            break;
        }
        case HeaderLine::Key::Require:
            if (!read_requirements(line, header.dependencies, reporter))
                return std::nullopt;
            break;
        }
    }
    if (!name) {
        report_no_name(text, file_name, diags);
        return std::nullopt;
    }
    header.name = std::move(*name);
    return header;
}

bool has_standalone_name(std::string_view text)
{
    for (const HeaderLine& line : header_lines(text))
        if (line.key == HeaderLine::Key::Name)
            return true;
    return false;
}

std::shared_ptr<Package> make_standalone_package(std::string text, const std::string& location,
                                                 SourceManager& sources, Diagnostics& diags)
{
    auto header = parse_standalone_header(text, location, sources, diags);
    if (!header)
        return nullptr;
    PackageInfo info;
    info.name = std::move(header->name);
    info.version = std::move(header->version);
    info.dependencies = std::move(header->dependencies);
    info.entrypoints.emplace_back("main", info.name + "::main");
    info.kind = PackageKind::Standalone;
    info.location = location;
    return std::make_shared<StandalonePackage>(std::move(info), std::move(text));
}

std::shared_ptr<Package> load_standalone_package(const std::filesystem::path& file, SourceManager& sources,
                                                 Diagnostics& diags)
{
    auto text = read_file(file);
    if (!text) {
        diags.report(DiagId::FileUnreadable).arg(display(file)).arg(text.error().message);
        return nullptr;
    }
    if (!is_valid_utf8(text.value())) {
        diags.report(DiagId::EncodingError).arg(display(file));
        return nullptr;
    }
    return make_standalone_package(std::move(text.value()), display(file), sources, diags);
}

} // namespace mel::frontend
