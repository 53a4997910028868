#include "cli/entry_help.h"

#include <fmt/format.h>

#include "runtime/model/value_format.h"

namespace mel::cli {

std::string package_header(const frontend::PackageInfo& info)
{
    return fmt::format("{}\nVersion {}\n", info.name, info.version.to_string());
}

std::string entrypoint_text(const std::string& command, const TreatmentDescriptor& treatment)
{
    std::string out = fmt::format("\n{}  ({})\n", command, treatment.id.to_string());
    for (const auto& line : doc_lines(treatment.doc))
        out += "    " + line + "\n";
    for (const auto& p : treatment.parameters) {
        out += fmt::format("    --{} <{}>", p.name, p.type.to_string());
        if (p.default_value)
            out += fmt::format("  [default: {}]", literal(*p.default_value));
        else
            out += "  [required]";
        out += "\n";
    }
    return out;
}

std::vector<std::string> doc_lines(const std::string& doc)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < doc.size()) {
        auto end = doc.find('\n', start);
        if (end == std::string::npos)
            end = doc.size();
        std::string line = doc.substr(start, end - start);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
            line.pop_back();
        if (!line.empty() || !lines.empty())
            lines.push_back(line);
        start = end + 1;
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    return lines;
}

} // namespace mel::cli
