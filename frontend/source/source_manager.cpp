#include "frontend/source/source_manager.h"

#include <algorithm>

#include "runtime/model/assert.h"

namespace mel::frontend {

FileId SourceManager::add(std::string name, std::string text)
{
    auto buffer = std::make_unique<Buffer>();
    buffer->name = std::move(name);
    buffer->text = std::move(text);
    m_buffers.push_back(std::move(buffer));
    return FileId{static_cast<std::uint32_t>(m_buffers.size() - 1)};
}

const SourceManager::Buffer& SourceManager::buffer(FileId file) const
{
    MEL_ASSERT(file.valid() && file.index < m_buffers.size(), "unknown FileId");
    return *m_buffers[file.index];
}

const std::string& SourceManager::name(FileId file) const { return buffer(file).name; }

std::string_view SourceManager::text(FileId file) const { return buffer(file).text; }

const std::vector<std::uint32_t>& SourceManager::line_starts(const Buffer& buffer) const
{
    if (buffer.line_starts.empty()) {
        buffer.line_starts.push_back(0);
        for (std::uint32_t i = 0; i < buffer.text.size(); ++i)
            if (buffer.text[i] == '\n')
                buffer.line_starts.push_back(i + 1);
    }
    return buffer.line_starts;
}

Location SourceManager::location(FileId file, std::uint32_t offset) const
{
    const Buffer& b = buffer(file);
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(b.text.size()));
    const auto& starts = line_starts(b);
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    const auto line_index = static_cast<std::uint32_t>(it - starts.begin() - 1);
    const std::uint32_t line_start = starts[line_index];

    std::uint32_t column = 1;
    for (std::uint32_t i = line_start; i < offset; ++i)
        if ((static_cast<unsigned char>(b.text[i]) & 0xC0) != 0x80) // count UTF-8 lead bytes only
            ++column;
    return Location{line_index + 1, offset - line_start, column};
}

std::string_view SourceManager::line_text(FileId file, std::uint32_t line) const
{
    const Buffer& b = buffer(file);
    const auto& starts = line_starts(b);
    if (line == 0 || line > starts.size())
        return {};
    const std::uint32_t begin = starts[line - 1];
    std::uint32_t end = line < starts.size() ? starts[line] - 1 : static_cast<std::uint32_t>(b.text.size());
    if (end > begin && b.text[end - 1] == '\r')
        --end;
    return std::string_view(b.text).substr(begin, end - begin);
}

} // namespace mel::frontend
