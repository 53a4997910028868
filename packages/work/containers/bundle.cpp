// The bundle of melodium (bundle.h): its closure (the running process's loaded objects, or a binary's loader
// `--list`), its content hash, and its `docker save` archive kept in a cache directory by hash.

#include "packages/work/containers/bundle.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <melodium/version.h>

#include "packages/process/spawn.h"
#include "packages/work/containers/elf.h"
#include "packages/work/containers/unique_fd.h"
#include "stdlib/text/unicode.h"

namespace mel::packages::work::containers {

namespace stdfs = std::filesystem;

namespace {

/// Bump when what a bundle holds or how its archive is written changes: every cached archive is remade.
constexpr int k_format = 1;
constexpr const char* k_path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr const char* k_passwd = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
constexpr const char* k_group = "root:x:0:\nnogroup:x:65534:\n";

std::string base_name(const std::string& path) { return stdfs::path(path).filename().string(); }

std::string relative(const std::string& absolute) { return absolute.substr(1); }

std::string trimmed(std::string_view text) { return std::string(stdlib::text::trim_end(stdlib::text::trim_start(text))); }

/// The bundle from the binary's file, its loader's path (PT_INTERP, empty when static) and the loaded objects.
Result<BundleContent> assemble(const std::string& binary, const std::string& interpreter,
                               const std::vector<std::string>& objects, const std::string& loader_object)
{
    BundleContent content;
    content.binary = binary;
    std::map<std::string, std::string> by_name;
    const auto add = [&by_name](const std::string& name, const std::string& source) -> Status {
        const auto [it, inserted] = by_name.emplace(name, source);
        if (!inserted && it->second != source)
            return Error{"two shared objects are named " + name + ": " + it->second + " and " + source};
        return success();
    };
    if (!interpreter.empty()) {
        content.loader = base_name(interpreter);
        if (Status s = add(content.loader, loader_object.empty() ? interpreter : loader_object); !s.ok())
            return s.error();
    }
    for (const std::string& object : objects)
        if (object != loader_object)
            if (Status s = add(base_name(object), object); !s.ok())
                return s.error();
    for (auto& [name, source] : by_name)
        content.libraries.push_back({name, source});
    return content;
}

struct Walk {
    bool first = true;
    std::string binary;            // the main program's name, empty unless the loader was run explicitly
    std::uintptr_t binary_address = 0; // an address its first loaded segment maps
    std::string interpreter;
    std::vector<std::string> objects;
    std::string loader_object;
};

int visit_object(dl_phdr_info* info, std::size_t, void* data)
{
    Walk& walk = *static_cast<Walk*>(data);
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    if (walk.first) { // the main program
        walk.first = false;
        walk.binary = name;
        for (int i = info->dlpi_phnum - 1; i >= 0; --i) {
            if (info->dlpi_phdr[i].p_type == PT_INTERP)
                walk.interpreter = reinterpret_cast<const char*>(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
            if (info->dlpi_phdr[i].p_type == PT_LOAD)
                walk.binary_address = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
        }
        return 0;
    }
    if (name.find('/') == std::string::npos)
        return 0; // the vDSO: no file
    walk.objects.push_back(name);
    const unsigned long loader_base = ::getauxval(AT_BASE); // 0 when the loader was run as the program
    if ((loader_base != 0 && info->dlpi_addr == loader_base) ||
        (!walk.interpreter.empty() && base_name(name) == base_name(walk.interpreter)))
        walk.loader_object = name;
    return 0;
}

/// The file mapped at `address` in this process (/proc/self/maps), empty when none.
std::string mapped_file(std::uintptr_t address)
{
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        std::uintptr_t start = 0, end = 0;
        char dash = 0;
        std::istringstream fields(line);
        fields >> std::hex >> start >> dash >> end;
        const auto slash = line.find('/');
        if (address >= start && address < end && slash != std::string::npos)
            return line.substr(slash);
    }
    return {};
}

/// The main program's file: /proc/self/exe, unless the kernel ran the loader (`ld.so melodium …`, no AT_BASE):
/// then the file mapped where the program is.
std::string main_program(const Walk& walk)
{
    if (::getauxval(AT_BASE) != 0 || walk.binary_address == 0)
        return "/proc/self/exe"; // readable even when the file was replaced since
    const std::string mapped = mapped_file(walk.binary_address);
    return mapped.empty() ? walk.binary : mapped;
}

/// Runs `program arguments…` and returns its standard output, or an error when it does not exit with 0.
Result<std::string> output_of(const std::string& program, const std::vector<std::string>& arguments)
{
    process::SpawnRequest request{.program = program, .arguments = arguments};
    request.stdio.output = process::Stdio::Piped;
    auto spawned = process::spawn_child(request);
    if (!spawned.ok())
        return Error{program + ": " + spawned.error().message};
    process::SpawnedChild child = std::move(spawned).value();
    std::string out;
    char buffer[4096];
    while (true) {
        pollfd entry{child.output, POLLIN, 0};
        if (::poll(&entry, 1, -1) < 0 && errno != EINTR)
            break;
        const ssize_t got = ::read(child.output, buffer, sizeof(buffer));
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR))
            break;
        if (got > 0)
            out.append(buffer, static_cast<std::size_t>(got));
    }
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    ::close(child.output);
    if (child.pidfd >= 0)
        ::close(child.pidfd);
    child.disown();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return Error{program + " " + arguments.front() + " " + arguments.back() + " failed:\n" + out};
    return out;
}

} // namespace

Result<BundleContent> running_process_content()
{
    Walk walk;
    ::dl_iterate_phdr(visit_object, &walk);
    return assemble(main_program(walk), walk.interpreter, walk.objects, walk.loader_object);
}

Result<BundleContent> binary_content(const std::string& binary)
{
    const auto layout = read_elf_layout(binary);
    if (!layout.ok())
        return layout.error();
    const std::string& interpreter = layout.value().interpreter;
    if (interpreter.empty())
        return assemble(binary, "", {}, "");
    const auto listing = output_of(interpreter, {"--list", binary});
    if (!listing.ok())
        return listing.error();
    // "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)", "\t/lib64/ld-linux-x86-64.so.2 (0x…)",
    // "\tlinux-vdso.so.1 (0x…)", "\tlibx.so.1 => not found".
    std::vector<std::string> objects;
    std::string loader_object;
    std::istringstream lines(listing.value());
    for (std::string line; std::getline(lines, line);) {
        const auto arrow = line.find(" => ");
        const std::string name = trimmed(line.substr(0, arrow));
        const std::string target = arrow == std::string::npos ? name : trimmed(line.substr(arrow + 4));
        if (target == "not found")
            return Error{binary + ": shared object " + name + " not found"};
        const std::string path = target.substr(0, target.find(" ("));
        if (path.empty() || path[0] != '/')
            continue; // the vDSO, or a line that names no object
        objects.push_back(path);
        if (path == interpreter)
            loader_object = path;
    }
    return assemble(binary, interpreter, objects, loader_object);
}

std::vector<std::string> bundle_command(const BundleContent& content)
{
    if (content.loader.empty())
        return {k_bundle_binary};
    return {std::string(k_bundle_libraries) + "/" + content.loader, "--library-path", k_bundle_libraries,
            k_bundle_binary};
}

std::vector<LayerEntry> bundle_entries(const BundleContent& content)
{
    using Kind = LayerEntry::Kind;
    std::vector<LayerEntry> entries{
        {Kind::Directory, "etc", 0755, {}, {}},
        {Kind::Text, "etc/group", 0644, {}, k_group},
        {Kind::Text, "etc/passwd", 0644, {}, k_passwd},
        {Kind::Directory, relative(k_bundle_root), 0755, {}, {}},
        {Kind::Directory, relative(k_bundle_root) + "/bin", 0755, {}, {}},
        {Kind::File, relative(k_bundle_binary), 0755, content.binary, {}},
        {Kind::Directory, relative(k_bundle_libraries), 0755, {}, {}},
    };
    for (const BundleLibrary& library : content.libraries)
        entries.push_back({Kind::File, relative(k_bundle_libraries) + "/" + library.name, 0755, library.source, {}});
    entries.push_back({Kind::Directory, "tmp", 01777, {}, {}});
    return entries;
}

namespace {

ImageConfig image_config(const BundleContent& content, const std::string& hash)
{
    ImageConfig config;
    config.entrypoint = bundle_command(content);
    config.cmd = {"--version"};
    config.env = {k_path};
    config.labels = {{k_label_bundle_hash, hash}, {k_label_bundle_version, k_implementation_version}};
    return config;
}

} // namespace

namespace {

/// A file's SHA-256, remembered in `digests` under what identifies its content without reading it: a file
/// rewritten in place has another modification or change time (the change time cannot be set back by anyone).
Result<std::string> remembered_sha256(const std::string& path, const std::string& digests)
{
    struct stat st {};
    if (digests.empty() || ::stat(path.c_str(), &st) != 0)
        return sha256_file(path);
    const std::string identity =
        fmt::format("{}\n{}:{}:{}:{}.{}:{}.{}", path, st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec,
                    st.st_mtim.tv_nsec, st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
    const std::string memo = digests + "/" + sha256_hex(identity);
    {
        std::ifstream in(memo);
        std::string digest;
        if (in >> digest && digest.size() == 64)
            return digest;
    }
    auto digest = sha256_file(path);
    if (!digest.ok())
        return digest;
    std::error_code ec;
    stdfs::create_directories(digests, ec);
    const std::string partial = memo + "." + std::to_string(::getpid());
    if (std::ofstream(partial) << digest.value() << '\n')
        stdfs::rename(partial, memo, ec); // a memo that cannot be written costs the next run a read, nothing else
    stdfs::remove(partial, ec);
    return digest;
}

} // namespace

Result<std::string> bundle_hash(const BundleContent& content, const std::string& digests)
{
    std::string identity = "melodium bundle " + std::to_string(k_format) + "\nversion " + k_implementation_version +
                           "\narchitecture " + image_architecture() + "\nbinary's debug information " +
                           (content.debug_info == DebugInfo::Strip ? "stripped" : "kept") + "\n";
    const ImageConfig config = image_config(content, "");
    for (const auto* list : {&config.entrypoint, &config.cmd, &config.env}) {
        for (const std::string& word : *list)
            identity += word + '\0';
        identity += '\n';
    }
    for (const LayerEntry& entry : bundle_entries(content)) {
        identity += entry.path + " " + std::to_string(entry.mode) + " ";
        if (entry.kind == LayerEntry::Kind::Directory) {
            identity += "directory\n";
        } else if (entry.kind == LayerEntry::Kind::Text) {
            identity += "text " + sha256_hex(entry.text) + "\n";
        } else {
            const auto digest = remembered_sha256(entry.source, digests);
            if (!digest.ok())
                return digest.error();
            identity += "file " + digest.value() + "\n";
        }
    }
    return sha256_hex(identity);
}

std::string default_bundle_cache()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return std::string(xdg) + "/melodium/bundles";
    if (::geteuid() == 0)
        return "/var/cache/melodium/bundles";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.cache/melodium/bundles";
    return "/tmp/melodium-cache-" + std::to_string(::getuid()) + "/bundles";
}

namespace {

/// Writes the archive to a work directory of the cache, then renames it to `path`.
Status write_bundle(const BundleContent& content, const std::string& hash, const std::string& reference,
                    const std::string& cache, const std::string& path)
{
    std::string work = cache + "/tmp-XXXXXX";
    if (!::mkdtemp(work.data()))
        return Error{"cannot write " + work + ": " + std::strerror(errno)};
    const std::string partial = work + "/image.tar";
    std::vector<LayerEntry> entries = bundle_entries(content);
    Status written = success();
    if (content.debug_info == DebugInfo::Strip) {
        const std::string stripped = work + "/melodium";
        for (LayerEntry& entry : entries)
            if (entry.path == relative(k_bundle_binary))
                entry.source = stripped;
        written = write_loadable_copy(content.binary, stripped);
    }
    if (written.ok())
        written = write_image_archive(partial, entries, image_config(content, hash), {reference}, work);
    if (written.ok() && ::rename(partial.c_str(), path.c_str()) != 0)
        written = Error{"cannot write " + path + ": " + std::strerror(errno)};
    std::error_code ignored;
    stdfs::remove_all(work, ignored);
    return written;
}

} // namespace

Result<Bundle> make_bundle(const BundleOptions& options)
{
    auto content = options.binary ? binary_content(*options.binary) : running_process_content();
    if (!content.ok())
        return content.error();
    content.value().debug_info = options.debug_info;
    const std::string cache = options.cache_dir.empty() ? default_bundle_cache() : options.cache_dir;
    const auto hash = bundle_hash(content.value(), cache + "/digests");
    if (!hash.ok())
        return hash.error();
    std::error_code ec;
    stdfs::create_directories(cache, ec);
    if (ec)
        return Error{"cannot write " + cache + ": " + ec.message()};
    Bundle bundle;
    bundle.hash = hash.value();
    bundle.reference = std::string(k_bundle_repository) + ":" + k_implementation_version + "-" + hash.value().substr(0, 12);
    bundle.command = bundle_command(content.value());
    bundle.tar_path = cache + "/melodium-worker-" + hash.value() + ".tar";
    const FileLock lock(bundle.tar_path + ".lock");
    if (!lock.held())
        return Error{"cannot write " + bundle.tar_path + ".lock: " + std::strerror(errno)};
    bundle.reused = stdfs::exists(bundle.tar_path, ec);
    if (!bundle.reused)
        if (Status s = write_bundle(content.value(), bundle.hash, bundle.reference, cache, bundle.tar_path); !s.ok())
            return s.error();
    return bundle;
}

} // namespace mel::packages::work::containers
