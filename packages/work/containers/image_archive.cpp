// `docker save` archives (image_archive.h): a layer tar, the image configuration naming the layer's digest,
// manifest.json naming both and the tags.

#include "packages/work/containers/image_archive.h"

#include <cerrno>
#include <cstring>
#include <memory>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "packages/work/containers/unique_fd.h"
#include "packages/work/json_writer.h"

namespace mel::packages::work::containers {

namespace {

/// Every entry's modification time (2024-01-01T00:00:00Z), and the image's creation time.
constexpr time_t k_entry_time = 1704067200;
constexpr const char* k_created = "2024-01-01T00:00:00Z";
constexpr std::size_t k_chunk = 1 << 20;

struct ArchiveFree {
    void operator()(archive* a) const { archive_write_free(a); }
};
struct EntryFree {
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};
struct DigestFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Archive = std::unique_ptr<archive, ArchiveFree>;
using Digest = std::unique_ptr<EVP_MD_CTX, DigestFree>;

Error io_failure(const std::string& what, const std::string& path, int error = errno)
{
    return Error{what + " " + path + ": " + std::strerror(error)};
}

Error archive_failure(archive* a, const std::string& path)
{
    const char* message = archive_error_string(a);
    return Error{"cannot write " + path + ": " + (message ? message : "unknown archive error")};
}

Digest new_digest()
{
    Digest digest(EVP_MD_CTX_new());
    EVP_DigestInit_ex(digest.get(), EVP_sha256(), nullptr);
    return digest;
}

std::string finish_digest(EVP_MD_CTX* digest)
{
    unsigned char bytes[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(digest, bytes, &size);
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += k_hex[bytes[i] >> 4];
        out += k_hex[bytes[i] & 0xf];
    }
    return out;
}

/// Reads `path` to its end in chunks, giving each to `consume`; the error names the file.
template<class Consume> Status read_chunks(const std::string& path, Consume consume)
{
    const UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0)
        return io_failure("cannot read", path);
    std::string buffer(k_chunk, '\0');
    while (true) {
        const ssize_t got = ::read(file.get(), buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return io_failure("cannot read", path);
        if (got == 0)
            return success();
        if (Status s = consume(std::string_view(buffer.data(), static_cast<std::size_t>(got))); !s.ok())
            return s;
    }
}

Archive open_tar(const std::string& path)
{
    Archive a(archive_write_new());
    archive_write_set_format_pax_restricted(a.get());
    if (archive_write_open_filename(a.get(), path.c_str()) != ARCHIVE_OK)
        return nullptr;
    return a;
}

/// Writes one header: a root-owned entry of the fixed time.
Status write_header(archive* a, const std::string& archive_path, const std::string& path, mode_t type,
                    unsigned mode, std::int64_t size)
{
    std::unique_ptr<archive_entry, EntryFree> entry(archive_entry_new());
    archive_entry_set_pathname(entry.get(), path.c_str());
    archive_entry_set_filetype(entry.get(), type);
    archive_entry_set_perm(entry.get(), mode);
    archive_entry_set_size(entry.get(), type == AE_IFREG ? size : 0);
    archive_entry_set_uid(entry.get(), 0);
    archive_entry_set_gid(entry.get(), 0);
    archive_entry_set_mtime(entry.get(), k_entry_time, 0);
    if (archive_write_header(a, entry.get()) != ARCHIVE_OK)
        return archive_failure(a, archive_path);
    return success();
}

Status write_data(archive* a, const std::string& archive_path, std::string_view bytes)
{
    if (archive_write_data(a, bytes.data(), bytes.size()) != static_cast<la_ssize_t>(bytes.size()))
        return archive_failure(a, archive_path);
    return success();
}

Status write_text(archive* a, const std::string& archive_path, const std::string& path, unsigned mode,
                  std::string_view text)
{
    if (Status s = write_header(a, archive_path, path, AE_IFREG, mode, static_cast<std::int64_t>(text.size()));
        !s.ok())
        return s;
    return write_data(a, archive_path, text);
}

/// Copies file `source` (its size when the header is written) as entry `path`.
Status write_file(archive* a, const std::string& archive_path, const std::string& path, unsigned mode,
                  const std::string& source)
{
    struct stat info {};
    if (::stat(source.c_str(), &info) != 0)
        return io_failure("cannot read", source);
    if (Status s = write_header(a, archive_path, path, AE_IFREG, mode, info.st_size); !s.ok())
        return s;
    std::int64_t written = 0;
    Status copied = read_chunks(source, [&](std::string_view chunk) {
        written += static_cast<std::int64_t>(chunk.size());
        return write_data(a, archive_path, chunk);
    });
    if (copied.ok() && written != info.st_size)
        return Error{"cannot read " + source + ": it changed while it was copied"};
    return copied;
}

Status close_tar(Archive a, const std::string& path)
{
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return archive_failure(a.get(), path);
    return success();
}

/// Writes the entries into `a`, an open tar archive named `name` (for errors).
Status write_entries(archive* a, const std::string& name, const std::vector<LayerEntry>& entries)
{
    for (const LayerEntry& entry : entries) {
        Status s = success();
        switch (entry.kind) {
        case LayerEntry::Kind::Directory:
            s = write_header(a, name, entry.path, AE_IFDIR, entry.mode, 0);
            break;
        case LayerEntry::Kind::File:
            s = write_file(a, name, entry.path, entry.mode, entry.source);
            break;
        case LayerEntry::Kind::Text:
            s = write_text(a, name, entry.path, entry.mode, entry.text);
            break;
        }
        if (!s.ok())
            return s;
    }
    return success();
}

Status write_layer(const std::string& out, const std::vector<LayerEntry>& entries)
{
    Archive a = open_tar(out);
    if (!a)
        return io_failure("cannot write", out);
    if (Status s = write_entries(a.get(), out, entries); !s.ok())
        return s;
    return close_tar(std::move(a), out);
}

la_ssize_t append_to_string(archive*, void* out, const void* bytes, std::size_t size)
{
    static_cast<std::string*>(out)->append(static_cast<const char*>(bytes), size);
    return static_cast<la_ssize_t>(size);
}

using Writer = JsonWriter;

std::string configuration_json(const ImageConfig& config, const std::string& diff_id)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartObject();
    w.Key("architecture");
    write_string(w, image_architecture());
    w.Key("os");
    w.String("linux");
    w.Key("created");
    w.String(k_created);
    w.Key("config");
    w.StartObject();
    if (!config.entrypoint.empty()) {
        w.Key("Entrypoint");
        write_strings(w, config.entrypoint);
    }
    if (!config.cmd.empty()) {
        w.Key("Cmd");
        write_strings(w, config.cmd);
    }
    w.Key("Env");
    write_strings(w, config.env);
    w.Key("Labels");
    w.StartObject();
    for (const auto& [name, value] : config.labels) {
        w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
        write_string(w, value);
    }
    w.EndObject();
    w.EndObject();
    w.Key("rootfs");
    w.StartObject();
    w.Key("type");
    w.String("layers");
    w.Key("diff_ids");
    write_strings(w, {"sha256:" + diff_id});
    w.EndObject();
    w.Key("history");
    w.StartArray();
    w.StartObject();
    w.Key("created");
    w.String(k_created);
    w.Key("created_by");
    w.String("melodium (packages/work/containers/image_archive.cpp)");
    w.EndObject();
    w.EndArray();
    w.EndObject();
    return buffer.GetString();
}

std::string manifest_json(const std::string& config_name, const std::string& layer_path,
                          const std::vector<std::string>& tags)
{
    rapidjson::StringBuffer buffer;
    Writer w(buffer);
    w.StartArray();
    w.StartObject();
    w.Key("Config");
    write_string(w, config_name);
    w.Key("RepoTags");
    write_strings(w, tags);
    w.Key("Layers");
    write_strings(w, {layer_path});
    w.EndObject();
    w.EndArray();
    return buffer.GetString();
}

} // namespace

std::string image_architecture()
{
#if defined(__x86_64__)
    return "amd64";
#elif defined(__aarch64__)
    return "arm64";
#elif defined(__i386__)
    return "386";
#elif defined(__arm__)
    return "arm";
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return "ppc64le";
#elif defined(__s390x__)
    return "s390x";
#elif defined(__riscv) && __riscv_xlen == 64
    return "riscv64";
#else
#error "image_architecture: unknown architecture"
#endif
}

std::string sha256_hex(std::string_view bytes)
{
    const Digest digest = new_digest();
    EVP_DigestUpdate(digest.get(), bytes.data(), bytes.size());
    return finish_digest(digest.get());
}

Result<std::string> sha256_file(const std::string& path)
{
    const Digest digest = new_digest();
    const Status read = read_chunks(path, [&](std::string_view chunk) {
        EVP_DigestUpdate(digest.get(), chunk.data(), chunk.size());
        return success();
    });
    if (!read.ok())
        return read.error();
    return finish_digest(digest.get());
}

Result<std::string> tar_in_memory(const std::vector<LayerEntry>& entries)
{
    const std::string name = "a tar archive in memory";
    std::string bytes;
    Archive a(archive_write_new());
    archive_write_set_format_pax_restricted(a.get());
    if (archive_write_open2(a.get(), &bytes, nullptr, &append_to_string, nullptr, nullptr) != ARCHIVE_OK)
        return archive_failure(a.get(), name);
    if (Status s = write_entries(a.get(), name, entries); !s.ok())
        return s.error();
    if (Status s = close_tar(std::move(a), name); !s.ok())
        return s.error();
    return bytes;
}

Status write_image_archive(const std::string& out, const std::vector<LayerEntry>& entries, const ImageConfig& config,
                           const std::vector<std::string>& tags, const std::string& work_dir)
{
    const std::string layer = work_dir + "/layer.tar";
    if (Status s = write_layer(layer, entries); !s.ok())
        return s;
    const auto diff_id = sha256_file(layer);
    if (!diff_id.ok())
        return diff_id.error();
    const std::string config_text = configuration_json(config, diff_id.value());
    const std::string config_name = sha256_hex(config_text) + ".json";
    const std::string layer_path = diff_id.value() + "/layer.tar";
    Archive a = open_tar(out);
    if (!a)
        return io_failure("cannot write", out);
    if (Status s = write_text(a.get(), out, config_name, 0644, config_text); !s.ok())
        return s;
    if (Status s = write_header(a.get(), out, diff_id.value(), AE_IFDIR, 0755, 0); !s.ok())
        return s;
    if (Status s = write_file(a.get(), out, layer_path, 0644, layer); !s.ok())
        return s;
    const std::string manifest = manifest_json(config_name, layer_path, tags);
    if (Status s = write_text(a.get(), out, "manifest.json", 0644, manifest); !s.ok())
        return s;
    ::unlink(layer.c_str());
    return close_tar(std::move(a), out);
}

} // namespace mel::packages::work::containers
