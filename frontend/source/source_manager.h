#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mel::frontend {

/// Index of a source buffer in a SourceManager.
struct FileId {
    std::uint32_t index = UINT32_MAX;
    bool valid() const { return index != UINT32_MAX; }
    friend bool operator==(FileId, FileId) = default;
};

/// A half-open byte range [begin, end) inside one source buffer.
struct SourceRange {
    FileId file;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

/// A position as users read it. `line` is 1-based; `position` is the 0-based byte offset in the
/// line (what the reference prints as "position"); `column` is the 1-based code-point column
/// (what editors show).
struct Location {
    std::uint32_t line = 0;
    std::uint32_t position = 0;
    std::uint32_t column = 0;
};

/// Owns every source text of a run. Positions are byte offsets; line tables are built on
/// first use, when something is rendered (as ninja and LibJS do).
class SourceManager {
public:
    /// Adds a buffer; `name` is how diagnostics print it (a path, or "<repl>").
    FileId add(std::string name, std::string text);

    const std::string& name(FileId) const;
    std::string_view text(FileId) const;

    Location location(FileId, std::uint32_t offset) const;
    /// The text of the 1-based line `line`, without its line terminator.
    std::string_view line_text(FileId, std::uint32_t line) const;

private:
    struct Buffer {
        std::string name;
        std::string text;
        mutable std::vector<std::uint32_t> line_starts; // empty until first needed
    };
    const Buffer& buffer(FileId) const;
    const std::vector<std::uint32_t>& line_starts(const Buffer&) const;

    std::vector<std::unique_ptr<Buffer>> m_buffers;
};

} // namespace mel::frontend
