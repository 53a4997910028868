#pragma once

// Container images written directly as a `docker save` archive (ours; the format is Docker's "image tarball"
// v1.2: manifest.json, the image configuration named by its digest, one directory per layer holding
// layer.tar), which `POST /images/load` accepts on Docker and on Podman alike, configuration included. No
// registry, no `docker build`. tests/fixtures/containers/images.py writes the same form in Python.
//
// Archives are reproducible: every entry belongs to root (0:0) and carries the same time, so the same content
// gives the same bytes, the same layer digest and the same image id.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/model/result.h"

namespace mel::packages::work::containers {

/// One entry of the image's layer.
struct LayerEntry {
    enum class Kind { Directory, File, Text };
    Kind kind = Kind::Directory;
    std::string path;   // in the image, relative to its root: "melodium/lib/libc.so.6"
    unsigned mode = 0755;
    std::string source; // Kind::File: the file whose content is copied (symbolic links followed)
    std::string text;   // Kind::Text: the content
};

/// The image configuration's fields we write (the `config` object of the image configuration).
struct ImageConfig {
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::vector<std::string> env; // NAME=value
    std::vector<std::pair<std::string, std::string>> labels;
};

/// The architecture of this build, in the images' naming (amd64, arm64, …).
std::string image_architecture();

/// The lowercase hexadecimal SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);
/// The lowercase hexadecimal SHA-256 of the file's content; the error names the file.
Result<std::string> sha256_file(const std::string& path);

/// A tar archive of `entries` (in that order, as in a layer), in memory: files to copy into a container.
Result<std::string> tar_in_memory(const std::vector<LayerEntry>& entries);

/// Writes `out`: an image of one layer holding `entries` (in that order), with `config`, tagged `tags`
/// (fully qualified: "localhost/name:tag"). `work_dir` receives the layer while it is made. The error names
/// the file that could not be read or written.
Status write_image_archive(const std::string& out, const std::vector<LayerEntry>& entries, const ImageConfig& config,
                           const std::vector<std::string>& tags, const std::string& work_dir);

} // namespace mel::packages::work::containers
