#include "frontend/diag/closest_names.h"

#include <algorithm>
#include <cctype>

namespace mel::frontend {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    // Three rows of the classic table: the one before the previous is needed for transpositions.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t limit)
{
    const std::size_t allowed = name.size() <= 1 ? 0 : name.size() <= 5 ? 1 : 2;
    const std::string name_lower = lower(name);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& candidate : candidates) {
        if (candidate == name || candidate.empty())
            continue;
        // Letter case does not count: `Strng` is one edit from `string`.
        const std::size_t distance = edit_distance(name_lower, lower(candidate));
        if (distance <= allowed)
            scored.emplace_back(distance, candidate);
    }
    std::sort(scored.begin(), scored.end());
    scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
    std::vector<std::string> out;
    for (auto& [distance, candidate] : scored) {
        if (out.size() == limit)
            break;
        if (std::find(out.begin(), out.end(), candidate) == out.end())
            out.push_back(std::move(candidate));
    }
    return out;
}

std::string quoted_alternatives(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            out += i + 1 == names.size() ? " or " : ", ";
        out += "'" + names[i] + "'";
    }
    return out;
}

std::string quoted_list(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i > 0 ? ", '" : "'") + names[i] + "'";
    return out;
}

} // namespace mel::frontend
