#pragma once

// process/environment — the Environment data type: how a command's process is set up (working directory,
// inherited or cleared variables, added variables with optional `${NAME}` expansion), packages.md §1.2.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/model/value.h"

namespace mel::packages::process {

class Environment final : public DataObject {
public:
    using Variables = std::map<std::string, std::string, std::less<>>;

    static constexpr std::string_view k_type_name = "Environment";

    Environment(Variables variables, std::optional<std::string> working_directory, bool expand_variables,
                bool clear_env)
        : m_variables(std::move(variables)), m_working_directory(std::move(working_directory)),
          m_expand_variables(expand_variables), m_clear_env(clear_env)
    {
    }

    /// A Data value holding a new Environment.
    static Value make(Variables variables, std::optional<std::string> working_directory, bool expand_variables,
                      bool clear_env);
    /// The Environment inside a Data value; nullptr when the value is something else.
    static const Environment* from(const Value& value);

    const Variables& variables() const { return m_variables; }
    const std::optional<std::string>& working_directory() const { return m_working_directory; }
    bool expand_variables() const { return m_expand_variables; }
    bool clear_env() const { return m_clear_env; }

    std::string_view type_name() const override { return k_type_name; }
    bool comparable() const override { return true; }
    bool equals(const DataObject& other) const override;

private:
    Variables m_variables;
    std::optional<std::string> m_working_directory;
    bool m_expand_variables;
    bool m_clear_env;
};

/// Where `${NAME}` takes its value from; nullopt for an unknown NAME.
using VariableLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// `text` with every `${NAME}` (NAME: a letter or `_`, then letters, digits or `_`) replaced by `lookup(NAME)`,
/// or by nothing when the variable is unknown. Anything else, `$NAME` included, stays as written.
std::string expand_variables(std::string_view text, const VariableLookup& lookup);

} // namespace mel::packages::process
