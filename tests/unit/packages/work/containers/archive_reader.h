#pragma once

// Test helper: the members of a tar archive (libarchive), for checking what an image archive holds.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <archive.h>
#include <archive_entry.h>

struct ArchiveMember {
    std::string path;
    bool directory = false;
    unsigned mode = 0;
    long uid = -1;
    std::string data;
};

namespace archive_reader_detail {

struct ReadFree {
    void operator()(archive* a) const { archive_read_free(a); }
};

inline std::vector<ArchiveMember> members(archive* a)
{
    std::vector<ArchiveMember> out;
    archive_entry* entry = nullptr;
    while (archive_read_next_header(a, &entry) == ARCHIVE_OK) {
        ArchiveMember member;
        member.path = archive_entry_pathname(entry);
        while (!member.path.empty() && member.path.back() == '/')
            member.path.pop_back();
        member.directory = archive_entry_filetype(entry) == AE_IFDIR;
        member.mode = archive_entry_perm(entry);
        member.uid = static_cast<long>(archive_entry_uid(entry));
        char buffer[65536];
        la_ssize_t got = 0;
        while ((got = archive_read_data(a, buffer, sizeof(buffer))) > 0)
            member.data.append(buffer, static_cast<std::size_t>(got));
        out.push_back(std::move(member));
    }
    return out;
}

} // namespace archive_reader_detail

inline std::vector<ArchiveMember> read_archive_file(const std::string& path)
{
    std::unique_ptr<archive, archive_reader_detail::ReadFree> a(archive_read_new());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_filename(a.get(), path.c_str(), 65536) != ARCHIVE_OK)
        throw std::runtime_error("cannot open " + path);
    return archive_reader_detail::members(a.get());
}

inline std::vector<ArchiveMember> read_archive_memory(const std::string& bytes)
{
    std::unique_ptr<archive, archive_reader_detail::ReadFree> a(archive_read_new());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK)
        throw std::runtime_error("cannot read an archive in memory");
    return archive_reader_detail::members(a.get());
}
