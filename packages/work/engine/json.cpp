// The Engine API's JSON helpers (json.h).

#include "packages/work/engine/json.h"

namespace mel::packages::work::engine::json {

void write_labels(Writer& w, const std::map<std::string, std::string>& labels)
{
    w.Key("Labels");
    w.StartObject();
    for (const auto& [key, value] : labels) {
        write_string(w, key);
        write_string(w, value);
    }
    w.EndObject();
}

const rapidjson::Value& member(const rapidjson::Value& object, const char* key)
{
    static const rapidjson::Value null;
    if (!object.IsObject())
        return null;
    const auto found = object.FindMember(key);
    return found == object.MemberEnd() ? null : found->value;
}

std::string text(const rapidjson::Value& object, const char* key)
{
    const auto& v = member(object, key);
    return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : std::string();
}

std::int64_t integer(const rapidjson::Value& object, const char* key)
{
    const auto& v = member(object, key);
    return v.IsInt64() ? v.GetInt64() : 0;
}

bool boolean(const rapidjson::Value& object, const char* key)
{
    const auto& v = member(object, key);
    return v.IsBool() && v.GetBool();
}

std::vector<std::string> texts(const rapidjson::Value& array)
{
    std::vector<std::string> out;
    if (array.IsArray())
        for (const auto& v : array.GetArray())
            if (v.IsString())
                out.emplace_back(v.GetString(), v.GetStringLength());
    return out;
}

std::vector<std::string> keys(const rapidjson::Value& object)
{
    std::vector<std::string> out;
    if (object.IsObject())
        for (const auto& m : object.GetObject())
            out.emplace_back(m.name.GetString(), m.name.GetStringLength());
    return out;
}

std::map<std::string, std::string> labels_of(const rapidjson::Value& object)
{
    std::map<std::string, std::string> labels;
    const auto& l = member(object, "Labels");
    if (l.IsObject())
        for (const auto& m : l.GetObject())
            if (m.value.IsString())
                labels.emplace(std::string(m.name.GetString(), m.name.GetStringLength()),
                               std::string(m.value.GetString(), m.value.GetStringLength()));
    return labels;
}

std::string id_of(const rapidjson::Value& object)
{
    auto id = text(object, "Id");
    return id.empty() ? text(object, "ID") : id;
}

Status done(Result<rapidjson::Document> answer)
{
    if (!answer)
        return answer.error();
    return success();
}

} // namespace mel::packages::work::engine::json
