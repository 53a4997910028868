// distrib — message encoding (packages.md §3.3 for the set; docs/distribution.md for our encoding).

#include "packages/distrib/messages.h"

#include <array>

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "packages/distrib/codec.h"

namespace mel::packages::distrib {

namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr std::byte k_json_frame{'J'};
constexpr std::byte k_input_frame{'I'};
constexpr std::byte k_output_frame{'O'};

constexpr char k_b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::span<const std::byte> in)
{
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < in.size(); i += 3) {
        std::uint32_t n = std::to_integer<std::uint32_t>(in[i]) << 16;
        if (i + 1 < in.size())
            n |= std::to_integer<std::uint32_t>(in[i + 1]) << 8;
        if (i + 2 < in.size())
            n |= std::to_integer<std::uint32_t>(in[i + 2]);
        out += k_b64[(n >> 18) & 63];
        out += k_b64[(n >> 12) & 63];
        out += i + 1 < in.size() ? k_b64[(n >> 6) & 63] : '=';
        out += i + 2 < in.size() ? k_b64[n & 63] : '=';
    }
    return out;
}

std::optional<std::vector<std::byte>> unbase64(std::string_view in)
{
    if (in.size() % 4 != 0)
        return std::nullopt;
    std::array<int, 256> table;
    table.fill(-1);
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(k_b64[i])] = i;
    std::vector<std::byte> out;
    for (std::size_t i = 0; i < in.size(); i += 4) {
        std::uint32_t n = 0;
        int pad = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = in[i + j];
            if (c == '=' && i + 4 == in.size() && j >= 2) {
                ++pad;
                n <<= 6;
                continue;
            }
            const int v = table[static_cast<unsigned char>(c)];
            if (v < 0 || pad)
                return std::nullopt;
            n = (n << 6) | static_cast<std::uint32_t>(v);
        }
        out.push_back(static_cast<std::byte>(n >> 16));
        if (pad < 2)
            out.push_back(static_cast<std::byte>((n >> 8) & 0xFF));
        if (pad < 1)
            out.push_back(static_cast<std::byte>(n & 0xFF));
    }
    return out;
}

void key(JsonWriter& w, const char* k, std::string_view v)
{
    w.Key(k);
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}

void strings(JsonWriter& w, const char* k, const std::vector<std::string>& list)
{
    w.Key(k);
    w.StartArray();
    for (const auto& s : list)
        w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
    w.EndArray();
}

void ports(JsonWriter& w, const char* k, const std::vector<PortInfo>& list)
{
    w.Key(k);
    w.StartArray();
    for (const auto& p : list) {
        w.StartObject();
        key(w, "name", p.name);
        key(w, "type", p.type);
        w.EndObject();
    }
    w.EndArray();
}

void program(JsonWriter& w, const ShippedProgram& program)
{
    w.Key("program");
    w.StartArray();
    for (const auto& pkg : program.packages) {
        w.StartObject();
        key(w, "name", pkg.name);
        key(w, "version", pkg.version);
        w.Key("standalone");
        w.Bool(pkg.standalone);
        w.Key("dependencies");
        w.StartArray();
        for (const auto& [name, req] : pkg.dependencies) {
            w.StartArray();
            w.String(name.c_str());
            w.String(req.c_str());
            w.EndArray();
        }
        w.EndArray();
        w.Key("areas");
        w.StartArray();
        for (const auto& area : pkg.areas) {
            w.StartObject();
            strings(w, "path", area.path);
            key(w, "text", area.text);
            w.EndObject();
        }
        w.EndArray();
        w.EndObject();
    }
    w.EndArray();
}

struct JsonEncoder {
    JsonWriter& w;
    const Registry* types;
    Status status = success();

    void start(const char* type)
    {
        w.StartObject();
        key(w, "type", type);
    }
    void operator()(const AskDistribution& m)
    {
        start("AskDistribution");
        key(w, "melodium_version", m.melodium_version);
        key(w, "protocol_version", m.protocol_version);
        key(w, "key", m.key);
        key(w, "run_id", m.run_id);
        key(w, "group_id", m.group_id);
    }
    void operator()(const ConfirmDistribution& m)
    {
        start("ConfirmDistribution");
        w.Key("accept");
        w.Bool(m.accept);
        key(w, "melodium_version", m.melodium_version);
        key(w, "protocol_version", m.protocol_version);
        key(w, "key", m.key);
        key(w, "run_id", m.run_id);
        key(w, "group_id", m.group_id);
        key(w, "reason", m.reason);
    }
    void operator()(const LoadAndLaunch& m)
    {
        start("LoadAndLaunch");
        program(w, m.program);
        key(w, "entrypoint", m.entrypoint);
        key(w, "version", m.version);
        w.Key("parameters");
        w.StartObject();
        for (const auto& [name, value] : m.parameters) {
            std::vector<std::byte> bytes;
            if (auto s = wire::encode_value(value, bytes, types); !s) {
                status = Error{fmt::format("parameter `{}`: {}", name, s.error().message)};
                bytes.clear();
            }
            key(w, name.c_str(), base64(bytes));
        }
        w.EndObject();
    }
    void operator()(const LaunchStatus& m)
    {
        start("LaunchStatus");
        w.Key("ok");
        w.Bool(m.ok);
        key(w, "message", m.message);
        ports(w, "inputs", m.inputs);
        ports(w, "outputs", m.outputs);
    }
    void operator()(const Instanciate& m)
    {
        start("Instanciate");
        w.Key("id");
        w.Uint64(m.id);
        if (m.inputs)
            strings(w, "inputs", *m.inputs);
        if (m.outputs)
            strings(w, "outputs", *m.outputs);
    }
    void operator()(const InstanciateStatus& m)
    {
        start("InstanciateStatus");
        w.Key("id");
        w.Uint64(m.id);
        w.Key("ok");
        w.Bool(m.ok);
        key(w, "message", m.message);
    }
    void operator()(const PortData&) { MEL_ASSERT(false, "data frames are not JSON"); }
    void operator()(const ClosePort& m)
    {
        start(m.input ? "CloseInput" : "CloseOutput");
        w.Key("id");
        w.Uint64(m.id);
        key(w, "name", m.name);
    }
    void operator()(const LogMessage& m)
    {
        start("Log");
        w.Key("time_ms");
        w.Int64(std::chrono::duration_cast<std::chrono::milliseconds>(m.record.time.time_since_epoch()).count());
        w.Key("level");
        w.Uint(static_cast<unsigned>(m.record.level));
        key(w, "label", m.record.label);
        key(w, "message", m.record.message);
    }
    void operator()(const DebugMessage& m)
    {
        start("Debug");
        key(w, "event", m.event);
    }
    void operator()(Signal s)
    {
        switch (s) {
        case Signal::LogEnded: start("LogEnded"); break;
        case Signal::DebugEnded: start("DebugEnded"); break;
        case Signal::Probe: start("Probe"); break;
        case Signal::Ended: start("Ended"); break;
        }
    }
};

// ---- decoding ----

Error bad(std::string_view what) { return Error{fmt::format("malformed message: {}", what)}; }

bool get_string(const rapidjson::Value& o, const char* k, std::string& out)
{
    const auto it = o.FindMember(k);
    if (it == o.MemberEnd() || !it->value.IsString())
        return false;
    out.assign(it->value.GetString(), it->value.GetStringLength());
    return true;
}

bool get_bool(const rapidjson::Value& o, const char* k, bool& out)
{
    const auto it = o.FindMember(k);
    if (it == o.MemberEnd() || !it->value.IsBool())
        return false;
    out = it->value.GetBool();
    return true;
}

bool get_u64(const rapidjson::Value& o, const char* k, std::uint64_t& out)
{
    const auto it = o.FindMember(k);
    if (it == o.MemberEnd() || !it->value.IsUint64())
        return false;
    out = it->value.GetUint64();
    return true;
}

bool get_strings(const rapidjson::Value& v, std::vector<std::string>& out)
{
    if (!v.IsArray())
        return false;
    for (const auto& e : v.GetArray()) {
        if (!e.IsString())
            return false;
        out.emplace_back(e.GetString(), e.GetStringLength());
    }
    return true;
}

bool get_optional_strings(const rapidjson::Value& o, const char* k, std::optional<std::vector<std::string>>& out)
{
    const auto it = o.FindMember(k);
    if (it == o.MemberEnd())
        return true;
    out.emplace();
    return get_strings(it->value, *out);
}

bool get_ports(const rapidjson::Value& o, const char* k, std::vector<PortInfo>& out)
{
    const auto it = o.FindMember(k);
    if (it == o.MemberEnd() || !it->value.IsArray())
        return false;
    for (const auto& e : it->value.GetArray()) {
        PortInfo p;
        if (!e.IsObject() || !get_string(e, "name", p.name) || !get_string(e, "type", p.type))
            return false;
        out.push_back(std::move(p));
    }
    return true;
}

bool get_program(const rapidjson::Value& o, ShippedProgram& out)
{
    const auto it = o.FindMember("program");
    if (it == o.MemberEnd() || !it->value.IsArray())
        return false;
    for (const auto& p : it->value.GetArray()) {
        ShippedPackage pkg;
        if (!p.IsObject() || !get_string(p, "name", pkg.name) || !get_string(p, "version", pkg.version) ||
            !get_bool(p, "standalone", pkg.standalone))
            return false;
        const auto deps = p.FindMember("dependencies");
        const auto areas = p.FindMember("areas");
        if (deps == p.MemberEnd() || !deps->value.IsArray() || areas == p.MemberEnd() || !areas->value.IsArray())
            return false;
        for (const auto& d : deps->value.GetArray()) {
            std::vector<std::string> pair;
            if (!get_strings(d, pair) || pair.size() != 2)
                return false;
            pkg.dependencies.emplace_back(pair[0], pair[1]);
        }
        for (const auto& a : areas->value.GetArray()) {
            ShippedArea area;
            const auto path = a.IsObject() ? a.FindMember("path") : a.MemberEnd();
            if (!a.IsObject() || path == a.MemberEnd() || !get_strings(path->value, area.path) ||
                !get_string(a, "text", area.text))
                return false;
            pkg.areas.push_back(std::move(area));
        }
        out.packages.push_back(std::move(pkg));
    }
    return true;
}

Result<Message> decode_json(std::span<const std::byte> bytes, const Registry* types)
{
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (doc.HasParseError() || !doc.IsObject())
        return bad("not a JSON object");
    std::string type;
    if (!get_string(doc, "type", type))
        return bad("no type");
    if (type == "AskDistribution") {
        AskDistribution m;
        if (!get_string(doc, "melodium_version", m.melodium_version) ||
            !get_string(doc, "protocol_version", m.protocol_version) || !get_string(doc, "key", m.key) ||
            !get_string(doc, "run_id", m.run_id) || !get_string(doc, "group_id", m.group_id))
            return bad(type);
        return Message(std::move(m));
    }
    if (type == "ConfirmDistribution") {
        ConfirmDistribution m;
        if (!get_bool(doc, "accept", m.accept) || !get_string(doc, "melodium_version", m.melodium_version) ||
            !get_string(doc, "protocol_version", m.protocol_version) || !get_string(doc, "key", m.key) ||
            !get_string(doc, "run_id", m.run_id) || !get_string(doc, "group_id", m.group_id) ||
            !get_string(doc, "reason", m.reason))
            return bad(type);
        return Message(std::move(m));
    }
    if (type == "LoadAndLaunch") {
        LoadAndLaunch m;
        const auto params = doc.FindMember("parameters");
        if (!get_program(doc, m.program) || !get_string(doc, "entrypoint", m.entrypoint) ||
            !get_string(doc, "version", m.version) ||
            params == doc.MemberEnd() || !params->value.IsObject())
            return bad(type);
        for (const auto& p : params->value.GetObject()) {
            if (!p.value.IsString())
                return bad(type);
            const auto bytes = unbase64({p.value.GetString(), p.value.GetStringLength()});
            if (!bytes)
                return bad("parameter encoding");
            auto value = wire::decode_value(*bytes, types);
            if (!value)
                return value.error();
            m.parameters.emplace(std::string(p.name.GetString(), p.name.GetStringLength()), std::move(value).value());
        }
        return Message(std::move(m));
    }
    if (type == "LaunchStatus") {
        LaunchStatus m;
        if (!get_bool(doc, "ok", m.ok) || !get_string(doc, "message", m.message) ||
            !get_ports(doc, "inputs", m.inputs) || !get_ports(doc, "outputs", m.outputs))
            return bad(type);
        return Message(std::move(m));
    }
    if (type == "Instanciate") {
        Instanciate m;
        if (!get_u64(doc, "id", m.id) || !get_optional_strings(doc, "inputs", m.inputs) ||
            !get_optional_strings(doc, "outputs", m.outputs))
            return bad(type);
        return Message(std::move(m));
    }
    if (type == "InstanciateStatus") {
        InstanciateStatus m;
        if (!get_u64(doc, "id", m.id) || !get_bool(doc, "ok", m.ok) || !get_string(doc, "message", m.message))
            return bad(type);
        return Message(std::move(m));
    }
    if (type == "CloseInput" || type == "CloseOutput") {
        ClosePort m;
        m.input = type == "CloseInput";
        if (!get_u64(doc, "id", m.id) || !get_string(doc, "name", m.name))
            return bad(type);
        return Message(std::move(m));
    }
    if (type == "Log") {
        LogMessage m;
        const auto time = doc.FindMember("time_ms");
        const auto level = doc.FindMember("level");
        if (time == doc.MemberEnd() || !time->value.IsInt64() || level == doc.MemberEnd() ||
            !level->value.IsUint() || level->value.GetUint() > static_cast<unsigned>(engine::LogLevel::Trace) ||
            !get_string(doc, "label", m.record.label) || !get_string(doc, "message", m.record.message))
            return bad(type);
        m.record.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(time->value.GetInt64()));
        m.record.level = static_cast<engine::LogLevel>(level->value.GetUint());
        return Message(std::move(m));
    }
    if (type == "Debug") {
        DebugMessage m;
        if (!get_string(doc, "event", m.event))
            return bad(type);
        return Message(std::move(m));
    }
    if (type == "LogEnded")
        return Message(Signal::LogEnded);
    if (type == "DebugEnded")
        return Message(Signal::DebugEnded);
    if (type == "Probe")
        return Message(Signal::Probe);
    if (type == "Ended")
        return Message(Signal::Ended);
    return Error{fmt::format("unknown message `{}`", type.substr(0, 64))};
}

} // namespace

std::string message_name(const Message& message)
{
    struct Namer {
        std::string operator()(const AskDistribution&) { return "AskDistribution"; }
        std::string operator()(const ConfirmDistribution&) { return "ConfirmDistribution"; }
        std::string operator()(const LoadAndLaunch&) { return "LoadAndLaunch"; }
        std::string operator()(const LaunchStatus&) { return "LaunchStatus"; }
        std::string operator()(const Instanciate&) { return "Instanciate"; }
        std::string operator()(const InstanciateStatus&) { return "InstanciateStatus"; }
        std::string operator()(const PortData& m) { return m.input ? "InputData" : "OutputData"; }
        std::string operator()(const ClosePort& m) { return m.input ? "CloseInput" : "CloseOutput"; }
        std::string operator()(const LogMessage&) { return "Log"; }
        std::string operator()(const DebugMessage&) { return "Debug"; }
        std::string operator()(Signal s)
        {
            switch (s) {
            case Signal::LogEnded: return "LogEnded";
            case Signal::DebugEnded: return "DebugEnded";
            case Signal::Probe: return "Probe";
            case Signal::Ended: return "Ended";
            }
            return "?";
        }
    };
    return std::visit(Namer{}, message);
}

Result<EncodedFrame> encode_message(const Message& message, const Registry* types)
{
    EncodedFrame frame;
    if (const auto* data = std::get_if<PortData>(&message)) {
        frame.head.push_back(data->input ? k_input_frame : k_output_frame);
        wire::Writer w(frame.head);
        w.u64(data->id);
        w.string(data->name);
        if (data->batch.kind() == engine::BatchKind::Byte) {
            encode_batch_header(data->batch, frame.head);
            frame.tail = data->batch;
        } else if (auto s = encode_batch(data->batch, frame.head, types); !s) {
            return s.error();
        }
    } else {
        rapidjson::StringBuffer buffer;
        JsonWriter writer(buffer);
        JsonEncoder encoder{writer, types};
        std::visit(encoder, message);
        writer.EndObject();
        if (!encoder.status)
            return encoder.status.error();
        frame.head.push_back(k_json_frame);
        const auto* p = reinterpret_cast<const std::byte*>(buffer.GetString());
        frame.head.insert(frame.head.end(), p, p + buffer.GetSize());
    }
    if (frame.size() > k_max_frame)
        return Error{fmt::format("a {} message of {} bytes is over the frame limit", message_name(message),
                                 frame.size())};
    return frame;
}

Result<Message> decode_message(const engine::Batch& payload, const Registry* types)
{
    const auto bytes = payload.bytes();
    if (bytes.empty())
        return bad("empty frame");
    if (bytes[0] == k_json_frame)
        return decode_json(bytes.subspan(1), types);
    if (bytes[0] != k_input_frame && bytes[0] != k_output_frame)
        return bad("unknown frame type");
    PortData data;
    data.input = bytes[0] == k_input_frame;
    wire::Reader in(bytes);
    std::uint8_t type = 0;
    in.u8(type);
    if (!in.u64(data.id) || !in.string(data.name))
        return bad("truncated data frame");
    auto batch = decode_batch(in, payload, types);
    if (!batch)
        return batch.error();
    if (in.remaining() != 0)
        return bad("trailing bytes in a data frame");
    data.batch = std::move(batch).value();
    return Message(std::move(data));
}

std::optional<std::string> tag_debug_event(const std::string& event, const std::string& worker_run)
{
    rapidjson::Document doc;
    doc.Parse(event.data(), event.size());
    if (doc.HasParseError() || !doc.IsObject())
        return std::nullopt;
    doc.RemoveMember("worker_run");
    doc.AddMember("worker_run", rapidjson::Value(worker_run.data(), static_cast<rapidjson::SizeType>(worker_run.size()),
                                                 doc.GetAllocator()),
                  doc.GetAllocator());
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    doc.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
}

} // namespace mel::packages::distrib
