#pragma once

// std/data/string_map — the StringMap data type, shared with every package that exchanges string maps
// (process environments, HTTP headers, regex captures, template entries).

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/model/value.h"

namespace mel::stdlib::data {

/// A `string` → `string` map (std.md §2.18). The reference uses a hash map with unspecified order; ours
/// is sorted by key so that every rendering of it is deterministic (house rule 13).
class StringMap final : public DataObject {
public:
    using Entries = std::map<std::string, std::string, std::less<>>;

    static constexpr std::string_view k_type_name = "StringMap";

    explicit StringMap(Entries entries) : m_entries(std::move(entries)) {}

    /// A Data value holding a new StringMap.
    static Value make(Entries entries);
    /// The StringMap inside a Data value; nullptr when the value is something else.
    static const StringMap* from(const Value& value);

    const Entries& entries() const { return m_entries; }
    const std::string* find(std::string_view key) const;

    std::string_view type_name() const override { return k_type_name; }
    bool comparable() const override { return true; }
    bool equals(const DataObject& other) const override;

private:
    Entries m_entries;
};

} // namespace mel::stdlib::data
