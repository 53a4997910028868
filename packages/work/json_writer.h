#pragma once

// JSON written with RapidJSON's writer: the strings and string lists of the work package's files (the local
// provisioner's run.json, the image configurations of work/containers, the Engine API's requests of
// work/engine).

#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace mel::packages::work {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline void write_string(JsonWriter& w, std::string_view s)
{
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

inline void write_strings(JsonWriter& w, const std::vector<std::string>& list)
{
    w.StartArray();
    for (const auto& s : list)
        write_string(w, s);
    w.EndArray();
}

} // namespace mel::packages::work
