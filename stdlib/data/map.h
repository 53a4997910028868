#pragma once

// std/data/map — the Map data type, shared with the packages that carry heterogeneous records
// (sql rows, distrib parameters).

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/model/value.h"

namespace mel {
struct TreatmentImplementation;
}

namespace mel::stdlib::data {

/// A map from `string` keys to values of any type (std.md §2.17). Sorted by key, where the reference's
/// hash order is unspecified. Two maps are equal when they hold the same keys with equal values.
class Map final : public DataObject {
public:
    using Entries = std::map<std::string, Value, std::less<>>;

    static constexpr std::string_view k_type_name = "Map";

    explicit Map(Entries entries) : m_entries(std::move(entries)) {}

    /// A Data value holding a new Map.
    static Value make(Entries entries);
    /// The Map inside a Data value; nullptr when the value is something else.
    static const Map* from(const Value& value);

    const Entries& entries() const { return m_entries; }
    const Value* find(std::string_view key) const;

    std::string_view type_name() const override { return k_type_name; }
    bool comparable() const override { return true; }
    bool equals(const DataObject& other) const override;

private:
    Entries m_entries;
};

/// The two map types of std/data (Map, StringMap), for the treatments written once over both
/// (stdlib/data/map_flows.cpp).
enum class MapKind { Map, StringMap };

/// The bodies of the block treatments `entry`, `get`, `insert` and `merge` over either map type, registered
/// by std/data/map/block and std/data/string_map/block.
std::shared_ptr<const TreatmentImplementation> entry_block_body(MapKind);
std::shared_ptr<const TreatmentImplementation> get_block_body(MapKind);
std::shared_ptr<const TreatmentImplementation> insert_block_body(MapKind);
std::shared_ptr<const TreatmentImplementation> merge_block_body(MapKind);

} // namespace mel::stdlib::data
