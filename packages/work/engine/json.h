#pragma once

// Reading and writing the Engine API's JSON (RapidJSON) for objects.cpp and containers.cpp: lenient
// readers (a missing or mistyped member reads as empty: engines differ in what they leave out).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "packages/work/json_writer.h"
#include "runtime/model/result.h"

namespace mel::packages::work::engine::json {

using Writer = JsonWriter;
using work::write_string;
using work::write_strings;
/// "Labels": {k: v, …}
void write_labels(Writer& w, const std::map<std::string, std::string>& labels);

/// The member, or a null value.
const rapidjson::Value& member(const rapidjson::Value& object, const char* key);
std::string text(const rapidjson::Value& object, const char* key);
std::int64_t integer(const rapidjson::Value& object, const char* key);
bool boolean(const rapidjson::Value& object, const char* key);
std::vector<std::string> texts(const rapidjson::Value& array);
std::vector<std::string> keys(const rapidjson::Value& object);
std::map<std::string, std::string> labels_of(const rapidjson::Value& object);
/// "Id" (or Podman's "ID").
std::string id_of(const rapidjson::Value& object);

/// The status of a call whose answer's body does not matter.
Status done(Result<rapidjson::Document> answer);

} // namespace mel::packages::work::engine::json
