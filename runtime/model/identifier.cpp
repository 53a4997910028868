#include "runtime/model/identifier.h"

#include <functional>

namespace mel {

std::string Identifier::area() const
{
    std::string out;
    for (const auto& segment : path) {
        if (!out.empty())
            out += '/';
        out += segment;
    }
    return out;
}

std::string Identifier::to_string() const { return area() + "::" + name; }

std::optional<Identifier> Identifier::parse(std::string_view text)
{
    const auto sep = text.find("::");
    if (sep == std::string_view::npos || text.find("::", sep + 2) != std::string_view::npos)
        return std::nullopt;
    Identifier id;
    id.name = std::string(text.substr(sep + 2));
    if (id.name.empty())
        return std::nullopt;
    std::string_view path = text.substr(0, sep);
    while (true) {
        const auto slash = path.find('/');
        std::string_view segment = path.substr(0, slash);
        if (segment.empty())
            return std::nullopt;
        id.path.emplace_back(segment);
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return id;
}

std::size_t IdentifierHash::operator()(const Identifier& id) const
{
    std::size_t h = std::hash<std::string>{}(id.name);
    for (const auto& s : id.path)
        h = h * 1000003u ^ std::hash<std::string>{}(s);
    return h;
}

} // namespace mel
