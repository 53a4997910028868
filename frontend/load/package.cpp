#include "frontend/load/package.h"

namespace mel::frontend {

bool report_unusable(const AreaSource& area, Diagnostics& diags)
{
    switch (area.problem) {
    case AreaSource::Problem::None:
        return false;
    case AreaSource::Problem::Unreadable:
        diags.report(DiagId::FileUnreadable).arg(area.file_path).arg(area.problem_detail);
        return true;
    case AreaSource::Problem::NotUtf8:
        diags.report(DiagId::EncodingError).arg(area.file_path);
        return true;
    }
    return false;
}

bool is_entrypoint_identifier(std::string_view text)
{
    // The reference splits on "::" from the left and wants exactly two pieces.
    std::size_t separators = 0;
    for (std::size_t at = text.find("::"); at != std::string_view::npos; at = text.find("::", at + 2))
        ++separators;
    return separators == 1;
}

std::string area_name(const std::string& package, const std::vector<std::string>& path)
{
    std::string out = package;
    for (const std::string& segment : path)
        out += "/" + segment;
    return out;
}

} // namespace mel::frontend
