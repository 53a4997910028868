#include "runtime/engine/model.h"

#include <fmt/format.h>

#include "runtime/engine/world.h"

namespace mel::engine {

Output& SourceOutputs::output(std::string_view name)
{
    for (Output* out : m_outputs)
        if (out->name() == name)
            return *out;
    throw EngineError(fmt::format("the source has no output `{}`", name));
}

Model::Model(World& world, std::shared_ptr<const ModelDescriptor> descriptor, std::map<std::string, Value> params,
             std::size_t id, std::string path)
    : m_world(world), m_descriptor(std::move(descriptor)), m_params(std::move(params)), m_id(id),
      m_path(std::move(path))
{
}

Model::~Model() = default;

const Value& Model::param(std::string_view name) const
{
    auto it = m_params.find(std::string(name));
    if (it == m_params.end())
        throw EngineError(fmt::format("model `{}` has no parameter `{}`", m_descriptor->id.to_string(), name));
    return it->second;
}

void Model::throw_wrong_object() const
{
    throw EngineError(fmt::format("model `{}` is not of the requested native type", m_descriptor->id.to_string()));
}

void Model::continuous(Task<> task) { m_world.add_continuous(*this, std::move(task)); }

std::optional<TrackId> Model::create_track(std::string_view source, std::map<std::string, Value> params,
                                           Contexts contexts, SourceCallback callback)
{
    return m_world.create_track(*this, source, std::move(params), std::move(contexts), std::move(callback));
}

void Model::log(LogLevel level, std::string_view label, std::string_view message, std::optional<TrackId> track) const
{
    m_world.log(level, label, message, track);
}

} // namespace mel::engine
