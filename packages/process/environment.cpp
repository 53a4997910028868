// process/environment — reference: libs/process-mel/src/environment.rs (packages.md §1.2). `${NAME}` is
// expanded by the executor when the command starts (packages/process/local.cpp for the local one), not here.

#include "packages/process/environment.h"

#include <span>

#include "packages/process/register.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"
#include "runtime/model/wire.h"
#include "stdlib/data/string_map.h"

namespace mel::packages::process {

using stdlib::data::StringMap;

Value Environment::make(Variables variables, std::optional<std::string> working_directory, bool expand_variables,
                        bool clear_env)
{
    return Value::data(std::make_shared<const Environment>(std::move(variables), std::move(working_directory),
                                                           expand_variables, clear_env));
}

const Environment* Environment::from(const Value& value)
{
    if (value.kind() != Value::Kind::Data)
        return nullptr;
    const auto& object = value.as_data();
    return object->type_name() == k_type_name ? static_cast<const Environment*>(object.get()) : nullptr;
}

bool Environment::equals(const DataObject& other) const
{
    if (other.type_name() != k_type_name)
        return false;
    const auto& env = static_cast<const Environment&>(other);
    return env.m_variables == m_variables && env.m_working_directory == m_working_directory &&
           env.m_expand_variables == m_expand_variables && env.m_clear_env == m_clear_env;
}

namespace {

bool starts_name(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool continues_name(char c)
{
    return starts_name(c) || (c >= '0' && c <= '9');
}

/// The length of the `${NAME}` starting at `text[0]`, or 0 when there is none there.
std::size_t reference_length(std::string_view text)
{
    if (text.size() < 4 || text[0] != '$' || text[1] != '{' || !starts_name(text[2]))
        return 0;
    std::size_t end = 3;
    while (end < text.size() && continues_name(text[end]))
        ++end;
    return end < text.size() && text[end] == '}' ? end + 1 : 0;
}

std::optional<std::string> optional_string(const Value& option)
{
    if (option.is_some())
        return option.option_value().as_string();
    return std::nullopt;
}

const StringMap& string_map(const Value& value)
{
    const StringMap* map = StringMap::from(value);
    if (!map)
        throw engine::EngineError("process/environment: a StringMap was expected");
    return *map;
}

// |environment(variables, working_directory, expand_variables, clear_env) -> Environment
Result<Value> environment_body(std::span<const Type>, std::span<const Value> args)
{
    MEL_ASSERT(args.size() == 4, "|environment arguments");
    const StringMap* variables = StringMap::from(args[0]);
    MEL_ASSERT(variables != nullptr, "|environment variables");
    return Environment::make(variables->entries(), optional_string(args[1]), args[2].as_bool(), args[3].as_bool());
}

engine::Task<> map_environment_body(engine::TreatmentContext& ctx)
{
    auto& variables = ctx.input("variables");
    auto& environment = ctx.output("environment");
    const auto map = co_await variables.recv_one();
    if (!map)
        co_return;
    Value made = Environment::make(string_map(*map).entries(), optional_string(ctx.param("working_directory")),
                                   ctx.param("expand_variables").as_bool(), ctx.param("clear_env").as_bool());
    co_await environment.send_one(std::move(made));
}

// The reference waits for the working directory first, then for the variables.
engine::Task<> map_full_environment_body(engine::TreatmentContext& ctx)
{
    auto& variables = ctx.input("variables");
    auto& working_directory = ctx.input("working_directory");
    auto& environment = ctx.output("environment");
    const auto directory = co_await working_directory.recv_one();
    const auto map = co_await variables.recv_one();
    if (!directory || !map)
        co_return;
    Value made = Environment::make(string_map(*map).entries(), optional_string(*directory),
                                   ctx.param("expand_variables").as_bool(), ctx.param("clear_env").as_bool());
    co_await environment.send_one(std::move(made));
}

const char* const k_fields_doc =
    "- `variables`: the variables set for the process, added to (or replacing) the inherited ones;\n"
    "- `working_directory`: the directory the process starts in (none: the engine's own);\n"
    "- `expand_variables`: whether `${NAME}` in the *values* of `variables` is replaced by the value of the "
    "variable NAME of the executor's own environment (an unknown NAME gives an empty text); command arguments "
    "are never expanded;\n"
    "- `clear_env`: whether the process starts with no variable but `variables` instead of inheriting the "
    "executor's.";

/// An Environment travels as its variables, its optional working directory and its two flags
/// (runtime/model/wire.h).
std::shared_ptr<const wire::DataCodec> environment_codec()
{
    return std::make_shared<const wire::DataCodec>(wire::DataCodec{
        [](const DataObject& o, wire::Writer& w, const Registry&) -> Status {
            const auto& e = static_cast<const Environment&>(o);
            w.string_map(e.variables());
            w.u8(e.working_directory() ? 1 : 0);
            if (e.working_directory())
                w.string(*e.working_directory());
            w.u8(e.expand_variables() ? 1 : 0);
            w.u8(e.clear_env() ? 1 : 0);
            return success();
        },
        [](wire::Reader& r, const Registry&) -> Result<Value> {
            Environment::Variables variables;
            std::uint8_t has_dir = 0, expand = 0, clear = 0;
            std::optional<std::string> dir;
            if (!r.string_map(variables) || !r.u8(has_dir))
                return wire::malformed("Environment");
            if (has_dir) {
                dir.emplace();
                if (!r.string(*dir))
                    return wire::malformed("Environment");
            }
            if (!r.u8(expand) || !r.u8(clear) || has_dir > 1 || expand > 1 || clear > 1)
                return wire::malformed("Environment");
            return Environment::make(std::move(variables), std::move(dir), expand != 0, clear != 0);
        }});
}

} // namespace

std::string expand_variables(std::string_view text, const VariableLookup& lookup)
{
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t length = reference_length(text.substr(pos));
        if (length == 0) {
            out += text[pos++];
            continue;
        }
        if (auto value = lookup(std::string(text.substr(pos + 2, length - 3))))
            out += *value;
        pos += length;
    }
    return out;
}

void register_environment(Registry& registry)
{
    auto area = registry.area("process/environment");
    area.data_type("Environment",
                   {Trait::Serialize, Trait::Deserialize, Trait::PartialEquality, Trait::Equality},
                   std::string("How the process of a command is set up.\n\n") + k_fields_doc,
                   environment_codec());

    area.function("environment")
        .param("variables", "StringMap")
        .param("working_directory", "Option<string>")
        .param("expand_variables", "bool")
        .param("clear_env", "bool")
        .returns("Environment")
        .doc(std::string("An environment for running commands (mind the order of the arguments).\n\n") +
             k_fields_doc)
        .body(environment_body);

    area.treatment("mapEnvironment")
        .param("clear_env", "bool", Value::boolean(false))
        .param("expand_variables", "bool", Value::boolean(false))
        .param("working_directory", "Option<string>")
        .input("variables", "Block<StringMap>")
        .output("environment", "Block<Environment>")
        .doc(std::string("An environment made of the `variables` received and of the parameters.\n\n") +
             k_fields_doc + "\n\nNothing is sent if `variables` closes without a value.")
        .implementation(engine::make_treatment(map_environment_body));

    area.treatment("mapFullEnvironment")
        .param("clear_env", "bool", Value::boolean(false))
        .param("expand_variables", "bool", Value::boolean(false))
        .input("variables", "Block<StringMap>")
        .input("working_directory", "Block<Option<string>>")
        .output("environment", "Block<Environment>")
        .doc(std::string("An environment made of the `variables` and the `working_directory` received, and of "
                         "the parameters.\n\n") +
             k_fields_doc + "\n\nNothing is sent unless both inputs deliver a value.")
        .implementation(engine::make_treatment(map_full_environment_body));
}

} // namespace mel::packages::process
