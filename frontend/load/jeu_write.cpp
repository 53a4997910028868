// Reference: melodium-loader/src/package/jeu.rs (JeuPackage::build, JeuPackage::extract) and
// melodium-loader/src/package/mod.rs (build_jeu, extract_jeu).
#include "frontend/load/jeu_write.h"

#include <fstream>
#include <vector>

#include <sys/stat.h>

#include "frontend/load/file_io.h"
#include "frontend/load/file_package.h"
#include "frontend/load/jeu_archive.h"

namespace mel::frontend {

namespace fs = std::filesystem;

namespace {

Result<JeuFile> jeu_file(const fs::path& directory, const std::string& relative)
{
    const fs::path path = directory / relative;
    auto data = read_file(path);
    if (!data)
        return Error{"File '" + display(path) + "' cannot be read: " + data.error().message};
    JeuFile file{relative, std::move(data.value()), 0644, 0};
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) {
        file.permissions = static_cast<unsigned>(info.st_mode) & 0777;
        file.mtime = static_cast<long long>(info.st_mtime);
    }
    return file;
}

Status write_whole_file(const fs::path& path, std::string_view a, std::string_view b = {})
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(a.data(), static_cast<std::streamsize>(a.size()));
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
    out.close();
    if (!out)
        return Error{"File '" + display(path) + "' cannot be written"};
    return success();
}

/// The entry's path if it stays inside the output directory.
std::optional<fs::path> safe_relative(const std::string& stored)
{
    const fs::path path(stored);
    if (stored.empty() || path.is_absolute() || path.has_root_name() || path.has_root_directory())
        return std::nullopt;
    for (const fs::path& part : path)
        if (part == "..")
            return std::nullopt;
    return path;
}

} // namespace

fs::path jeu_output_path(fs::path out)
{
    return out.replace_extension(".jeu");
}

Status write_jeu(const fs::path& package_dir, fs::path out)
{
    std::vector<JeuFile> files;
    auto compo = jeu_file(package_dir, "Compo.toml");
    if (!compo)
        return compo.error();
    files.push_back(std::move(compo.value()));
    for (const std::string& relative : find_area_files(package_dir)) {
        auto file = jeu_file(package_dir, relative);
        if (!file)
            return file.error();
        files.push_back(std::move(file.value()));
    }

    auto payload = write_jeu_payload(files);
    if (!payload)
        return Error{"Jeu data cannot be written: " + payload.error().message};
    out = jeu_output_path(std::move(out));
    if (auto written = write_whole_file(out, k_jeu_header, payload.value()); !written)
        return written;
    std::error_code error;
    fs::permissions(out, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add, error);
    if (error)
        return Error{"File '" + display(out) + "' cannot be made executable: " + os_error_message(error)};
    return success();
}

namespace {

/// Every entry of the jeu at `jeu`, or why it must not be extracted.
Result<std::vector<JeuEntry>> checked_entries(const fs::path& jeu)
{
    auto bytes = read_file(jeu);
    if (!bytes)
        return Error{"File '" + display(jeu) + "' cannot be read: " + bytes.error().message};
    const auto offset = jeu_payload_offset(bytes.value());
    if (!offset)
        return Error{"Input data are not Jeu format"};
    std::vector<JeuEntry> entries;
    std::optional<Error> refused;
    const Status read =
        read_jeu_entries(std::string_view(bytes.value()).substr(*offset), [&](JeuEntry&& entry) {
            if (!safe_relative(entry.path))
                refused =
                    Error{"Jeu entry '" + entry.path + "' would be written outside of the output directory"};
            else if (entry.type == JeuEntry::Type::Other)
                refused = Error{"Jeu entry '" + entry.path + "' is neither a file nor a directory"};
            else
                entries.push_back(std::move(entry));
            return !refused;
        });
    if (!read)
        return Error{"Jeu data cannot be processed: " + read.error().message};
    if (refused)
        return *refused;
    return entries;
}

} // namespace

Status extract_jeu(const fs::path& jeu, const fs::path& out_dir)
{
    // Everything is read and checked before anything is written.
    auto entries = checked_entries(jeu);
    if (!entries)
        return entries.error();
    const fs::path root = out_dir / jeu.stem();
    std::error_code error;
    fs::create_directories(root, error);
    if (error)
        return Error{"Directory '" + display(root) + "' cannot be created: " + os_error_message(error)};
    for (const JeuEntry& entry : entries.value()) {
        const fs::path target = root / *safe_relative(entry.path);
        if (entry.type == JeuEntry::Type::Directory) {
            fs::create_directories(target, error);
        } else {
            fs::create_directories(target.parent_path(), error);
            if (!error) {
                if (auto written = write_whole_file(target, entry.data); !written)
                    return written;
                fs::permissions(target, static_cast<fs::perms>(entry.permissions | 0600), error);
            }
        }
        if (error)
            return Error{"'" + display(target) + "' cannot be created: " + os_error_message(error)};
    }
    return success();
}

} // namespace mel::frontend
