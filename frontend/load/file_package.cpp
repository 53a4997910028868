// Reference: melodium-loader/src/package/filesystem.rs (FsPackage), lazily reading one file per area.
#include "frontend/load/file_package.h"

#include <algorithm>

#include "frontend/load/compo.h"
#include "frontend/load/file_io.h"

namespace mel::frontend {

namespace {

constexpr std::string_view k_lib_root = "lib-root.mel";
constexpr std::string_view k_extension = ".mel";

class FilePackage final : public Package {
public:
    FilePackage(PackageInfo info, std::filesystem::path directory)
        : m_info(std::move(info)), m_directory(std::move(directory))
    {
    }

    const PackageInfo& info() const override { return m_info; }

    std::optional<AreaSource> area(const std::vector<std::string>& path) const override
    {
        const auto relative = area_file_of(path);
        if (!relative)
            return std::nullopt;
        const std::filesystem::path file = m_directory / *relative;
        std::error_code error;
        if (!std::filesystem::is_regular_file(file, error))
            return std::nullopt;

        AreaSource source;
        source.display_path = path.empty() ? m_info.name : m_info.name + "/" + *relative;
        source.file_path = display(file);
        auto text = read_file(file);
        if (!text) {
            source.problem = AreaSource::Problem::Unreadable;
            source.problem_detail = text.error().message;
        } else if (!is_valid_utf8(text.value())) {
            source.problem = AreaSource::Problem::NotUtf8;
        } else {
            source.text = std::move(text.value());
        }
        return source;
    }

    std::vector<std::vector<std::string>> areas() const override
    {
        std::vector<std::vector<std::string>> out;
        for (const std::string& file : find_area_files(m_directory))
            out.push_back(area_path_of(file));
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    PackageInfo m_info;
    std::filesystem::path m_directory;
};

bool hidden(const std::filesystem::path& name)
{
    return name.native().starts_with('.');
}

} // namespace

std::vector<std::string> find_area_files(const std::filesystem::path& directory)
{
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    const fs::path root = directory.empty() ? fs::path(".") : directory;
    std::error_code error;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        const fs::path name = it->path().filename();
        if (hidden(name)) {
            if (it->is_directory(error))
                it.disable_recursion_pending();
            continue;
        }
        if (name.extension() != k_extension || !it->is_regular_file(error))
            continue;
        out.push_back(it->path().lexically_relative(root).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> area_path_of(std::string_view relative_file)
{
    if (relative_file == k_lib_root)
        return {};
    if (relative_file.ends_with(k_extension))
        relative_file.remove_suffix(k_extension.size());
    std::vector<std::string> path;
    while (true) {
        const std::size_t slash = relative_file.find('/');
        path.emplace_back(relative_file.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        relative_file.remove_prefix(slash + 1);
    }
    return path;
}

std::optional<std::string> area_file_of(const std::vector<std::string>& path)
{
    if (path.empty())
        return std::string(k_lib_root);
    // `lib-root.mel` at the top is the root area, not an area named `lib-root`.
    if (path.size() == 1 && path[0] + std::string(k_extension) == k_lib_root)
        return std::nullopt;
    std::string out;
    for (const std::string& segment : path) {
        if (segment.empty() || segment.starts_with('.') ||
            segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos)
            return std::nullopt;
        if (!out.empty())
            out += '/';
        out += segment;
    }
    return out + std::string(k_extension);
}

std::shared_ptr<Package> load_file_package(const std::filesystem::path& compo_toml, SourceManager& sources,
                                           Diagnostics& diags)
{
    auto text = read_file(compo_toml);
    if (!text) {
        diags.report(DiagId::FileUnreadable).arg(display(compo_toml)).arg(text.error().message);
        return nullptr;
    }
    auto info = parse_compo(text.value(), display(compo_toml), sources, diags);
    if (!info)
        return nullptr;
    info->kind = PackageKind::File;
    std::filesystem::path directory = compo_toml.parent_path(); // empty: the current directory
    info->location = directory.empty() ? std::string(".") : display(directory);
    return std::make_shared<FilePackage>(std::move(*info), std::move(directory));
}

} // namespace mel::frontend
