#include "frontend/load/jeu_archive.h"

#include <memory>

#include <archive.h>
#include <archive_entry.h>

namespace mel::frontend {

namespace {

struct ReadArchiveDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};
struct WriteArchiveDeleter {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryDeleter {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

Error archive_failure(archive* a)
{
    const char* message = archive_error_string(a);
    return Error{message ? message : "unknown archive error"};
}

std::string entry_path(archive_entry* entry)
{
    const char* raw = archive_entry_pathname(entry);
    std::string path = raw ? raw : "";
    while (path.starts_with("./"))
        path.erase(0, 2);
    return path;
}

JeuEntry::Type entry_type(archive_entry* entry)
{
    switch (archive_entry_filetype(entry)) {
    case AE_IFREG:
        return JeuEntry::Type::File;
    case AE_IFDIR:
        return JeuEntry::Type::Directory;
    default:
        return JeuEntry::Type::Other;
    }
}

la_ssize_t append_to_string(archive*, void* client, const void* buffer, size_t length)
{
    static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
}

} // namespace

std::optional<std::size_t> jeu_payload_offset(std::string_view bytes)
{
    const std::size_t first = bytes.find('\n');
    if (first == std::string_view::npos)
        return std::nullopt;
    const std::size_t second = bytes.find('\n', first + 1);
    if (second == std::string_view::npos)
        return std::nullopt;
    return second + 1;
}

Status read_jeu_entries(std::string_view payload, const std::function<bool(JeuEntry&&)>& visit)
{
    std::unique_ptr<archive, ReadArchiveDeleter> a(archive_read_new());
    archive_read_support_filter_bzip2(a.get());
    archive_read_support_format_tar(a.get());
    if (archive_read_open_memory(a.get(), payload.data(), payload.size()) != ARCHIVE_OK)
        return archive_failure(a.get());
    while (true) {
        archive_entry* entry = nullptr;
        const int status = archive_read_next_header(a.get(), &entry);
        if (status == ARCHIVE_EOF)
            return success();
        if (status < ARCHIVE_WARN)
            return archive_failure(a.get());
        JeuEntry out;
        out.path = entry_path(entry);
        out.type = entry_type(entry);
        out.permissions = archive_entry_perm(entry) & 0777;
        if (out.type == JeuEntry::Type::File) {
            char buffer[16384];
            la_ssize_t n = 0;
            while ((n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0)
                out.data.append(buffer, static_cast<std::size_t>(n));
            if (n < 0)
                return archive_failure(a.get());
        }
        if (!visit(std::move(out)))
            return success();
    }
}

Result<std::string> write_jeu_payload(const std::vector<JeuFile>& files)
{
    std::unique_ptr<archive, WriteArchiveDeleter> a(archive_write_new());
    std::string out;
    if (archive_write_add_filter_bzip2(a.get()) != ARCHIVE_OK ||
        archive_write_set_filter_option(a.get(), "bzip2", "compression-level", "9") != ARCHIVE_OK ||
        archive_write_set_format_gnutar(a.get()) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
        archive_write_open(a.get(), &out, nullptr, append_to_string, nullptr) != ARCHIVE_OK)
        return archive_failure(a.get());
    for (const JeuFile& file : files) {
        std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), file.path.c_str());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), file.permissions & 0777);
        archive_entry_set_size(entry.get(), static_cast<la_int64_t>(file.data.size()));
        archive_entry_set_mtime(entry.get(), static_cast<time_t>(file.mtime), 0);
        if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK)
            return archive_failure(a.get());
        if (!file.data.empty() && archive_write_data(a.get(), file.data.data(), file.data.size()) !=
                                      static_cast<la_ssize_t>(file.data.size()))
            return archive_failure(a.get());
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return archive_failure(a.get());
    return out;
}

} // namespace mel::frontend
