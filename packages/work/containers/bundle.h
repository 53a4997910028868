#pragma once

// The bundle of melodium (ours, issue 18): the melodium binary with every shared object it loads and its
// dynamic loader, laid out so that it runs in any image whatever its libc:
//
//   /melodium/bin/melodium      the binary, by default without what the loader never reads (debug
//                               information, symbol tables: elf.h), which is most of a RelWithDebInfo build
//   /melodium/lib/<name>        each shared object under the name it is needed by (its soname), the loader too
//   /etc/passwd, /etc/group     root and nobody (for the worker image, which has nothing else)
//   /tmp                        1777
//
// run as `/melodium/lib/<loader> --library-path /melodium/lib /melodium/bin/melodium …` (bundle_command): the
// loader is named on the command line, so no environment variable (LD_LIBRARY_PATH) leaks to the commands
// melodium starts, and the image's own /lib is never searched for what the bundle holds.
//
// The container provisioner runs it twice: as the worker image (`melodium dist`), and mounted read-only into
// every executor container (the user's image) to run its exec agent (`melodium agent serve`). The image is
// written as a `docker save` archive (image_archive.h) tagged `localhost/melodium-worker:<version>-<hash12>`
// and kept in a cache directory by content hash: the same binary and libraries give the same file, the same
// image id, and are loaded once per engine.
//
// The closure:
//   * of the running process (the default): the objects it has loaded, from dl_iterate_phdr: what the loader
//     actually resolved (LD_LIBRARY_PATH, RUNPATH, ld.so.cache), and objects opened with dlopen before the
//     call. The loader is the object named by the binary's PT_INTERP.
//   * of another binary given by path: what its own loader (PT_INTERP) lists with `--list`, i.e. ldd's
//     answer, obtained the way ldd obtains it, so the search rules are the loader's and not a copy of them.
//     Objects the binary would only dlopen are not in it (none for melodium: glibc ≥ 2.34 has NSS files and
//     dns inside libc).
// The files are read at their paths when the bundle is made: a library replaced on disk since the process
// started is bundled in its new version.

#include <optional>
#include <string>
#include <vector>

#include "packages/work/containers/image_archive.h"
#include "runtime/model/result.h"

namespace mel::packages::work::containers {

/// Where the bundle lives in an image or a container.
inline constexpr const char* k_bundle_root = "/melodium";
inline constexpr const char* k_bundle_binary = "/melodium/bin/melodium";
inline constexpr const char* k_bundle_libraries = "/melodium/lib";
/// The repository of the worker image (its tag: `<version>-<first 12 digits of the hash>`).
inline constexpr const char* k_bundle_repository = "localhost/melodium-worker";
/// The image's labels: the full content hash and melodium's version.
inline constexpr const char* k_label_bundle_hash = "org.melodium.bundle.hash";
inline constexpr const char* k_label_bundle_version = "org.melodium.bundle.version";

/// Whether the bundled binary keeps its section headers, symbol tables and debug information (elf.h).
enum class DebugInfo { Strip, Keep };

/// A shared object of the bundle: its name in /melodium/lib and the file it is read from.
struct BundleLibrary {
    std::string name;
    std::string source;
};

/// What goes into a bundle.
struct BundleContent {
    std::string binary;                  // the file read as /melodium/bin/melodium
    std::string loader;                  // the loader's name in /melodium/lib; empty for a static binary
    std::vector<BundleLibrary> libraries; // sorted by name, the loader included
    DebugInfo debug_info = DebugInfo::Strip; // of the binary; the libraries are bundled as they are
};

/// The closure of the running process (dl_iterate_phdr).
Result<BundleContent> running_process_content();
/// The closure of the binary at `binary` (its loader's `--list`).
Result<BundleContent> binary_content(const std::string& binary);

/// The command that runs the bundled melodium: loader, --library-path, binary (the binary alone when static).
std::vector<std::string> bundle_command(const BundleContent& content);
/// The layer's entries, in the archive's order.
std::vector<LayerEntry> bundle_entries(const BundleContent& content);
/// The content hash: every entry's path, mode and content (files by their SHA-256: the binary's before it is
/// stripped), whether it is stripped, the image configuration, and the format. The error names the file that could not be read.
/// With a `digests` directory, a file's SHA-256 is remembered there under its identity (device, inode, size,
/// modification and change times): melodium's binary (240 MB with debug information) is read once, not by
/// every run.
Result<std::string> bundle_hash(const BundleContent& content, const std::string& digests = {});

struct BundleOptions {
    std::string cache_dir;             // default_bundle_cache() when empty
    std::optional<std::string> binary; // another melodium binary; the running process when absent
    DebugInfo debug_info = DebugInfo::Strip;
};

struct Bundle {
    std::string tar_path;   // the `docker save` archive
    std::string reference;  // localhost/melodium-worker:<version>-<hash12>
    std::string hash;       // SHA-256 of the content, hexadecimal
    std::vector<std::string> command; // bundle_command: prepend to melodium's arguments
    bool reused = false;    // the archive was in the cache already
};

/// $XDG_CACHE_HOME/melodium/bundles when set, else /var/cache/melodium/bundles for root, else
/// $HOME/.cache/melodium/bundles.
std::string default_bundle_cache();

/// The bundle of the running process (or of options.binary), made unless the cache has it. Concurrent
/// processes make it once (a lock per archive); an archive is complete when it has its name. Blocking: it
/// reads every file (for melodium 0.3 s when cached, 0.5 s to make): call it off the engine's threads.
Result<Bundle> make_bundle(const BundleOptions& options);

} // namespace mel::packages::work::containers
