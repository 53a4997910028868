#pragma once

// The .jeu byte layout (language.md §5.5): two text lines, then a bzip2-compressed tar. Shared by the
// jeu package reader, the writer and the extractor; libarchive stays behind this header.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/model/result.h"

namespace mel::frontend {

/// What the writer puts before the archive; readers skip any two lines.
inline constexpr std::string_view k_jeu_header = "#!/usr/bin/env melodium\n#! version 0\n";

/// Offset of the archive: just after the second '\n'; nullopt if there are fewer than two.
std::optional<std::size_t> jeu_payload_offset(std::string_view bytes);

struct JeuEntry {
    enum class Type { File, Directory, Other };
    std::string path; // as stored, with a leading "./" removed
    Type type = Type::Other;
    unsigned permissions = 0644;
    std::string data; // file contents
};

/// Reads the bzip2 tar `payload` entry by entry; `visit` returns false to stop early. The error is
/// libarchive's message.
Status read_jeu_entries(std::string_view payload, const std::function<bool(JeuEntry&&)>& visit);

struct JeuFile {
    std::string path;
    std::string data;
    unsigned permissions = 0644;
    long long mtime = 0; // seconds since the epoch
};

/// A bzip2 (level 9) GNU tar of `files` in the given order.
Result<std::string> write_jeu_payload(const std::vector<JeuFile>& files);

} // namespace mel::frontend
