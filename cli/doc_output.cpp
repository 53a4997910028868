#include "cli/doc_output.h"

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

namespace mel::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_header = "# Files written by `melodium doc`, removed by its next run in this folder.";

/// A manifest line names a file under the root: relative, without `..`.
bool inside(const fs::path& relative)
{
    if (relative.empty() || relative.is_absolute() || relative.has_root_name())
        return false;
    for (const auto& part : relative)
        if (part == "..")
            return false;
    return true;
}

std::string read_all(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Removes the files listed in the manifest, then the folders that became empty (deepest first).
std::optional<std::string> remove_listed(const fs::path& root, const fs::path& manifest)
{
    std::ifstream in(manifest);
    std::set<fs::path, std::greater<>> folders;
    std::string line;
    std::error_code ec;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const fs::path relative = fs::path(line).lexically_normal();
        if (!inside(relative))
            return fmt::format("'{}' lists '{}', which is not inside the folder; it was not written by "
                               "`melodium doc`",
                               manifest.string(), line);
        const fs::path file = root / relative;
        if (fs::is_regular_file(fs::symlink_status(file, ec)))
            fs::remove(file, ec);
        for (fs::path folder = relative.parent_path(); !folder.empty(); folder = folder.parent_path())
            folders.insert(folder);
    }
    for (const auto& folder : folders) // deepest first: a longer path sorts after its parent
        if (fs::is_directory(root / folder, ec) && fs::is_empty(root / folder, ec))
            fs::remove(root / folder, ec);
    fs::remove(manifest, ec);
    return std::nullopt;
}

} // namespace

std::optional<std::string> clear_previous_book(const fs::path& root)
{
    std::error_code ec;
    if (!fs::exists(root, ec))
        return std::nullopt;
    if (!fs::is_directory(root, ec))
        return fmt::format("'{}' is not a folder", root.string());
    if (fs::is_empty(root, ec))
        return std::nullopt;
    const fs::path manifest = root / k_doc_manifest;
    if (fs::is_regular_file(manifest, ec))
        return remove_listed(root, manifest);
    if (read_all(root / "book.toml").find("title = \"Mélodium packages\"") != std::string::npos)
        return std::nullopt; // an earlier melodium's book, without manifest: written over
    return fmt::format("'{}' is not empty and was not written by `melodium doc` (no {} in it): give a new or "
                       "empty folder",
                       root.string(), k_doc_manifest);
}

std::optional<std::string> write_book_manifest(const fs::path& root, const std::vector<std::string>& files)
{
    std::ofstream out(root / k_doc_manifest, std::ios::binary | std::ios::trunc);
    out << k_header << '\n';
    for (const auto& file : files)
        out << file << '\n';
    out.close();
    if (!out)
        return fmt::format("cannot write '{}'", (root / k_doc_manifest).string());
    return std::nullopt;
}

} // namespace mel::cli
