#include "runtime/engine/stop.h"

#include <algorithm>
#include <utility>

namespace mel::engine {

StopHook::StopHook(StopHook&& other) noexcept
    : m_hooks(std::exchange(other.m_hooks, nullptr)), m_id(std::exchange(other.m_id, 0))
{
}

StopHook& StopHook::operator=(StopHook&& other) noexcept
{
    if (this != &other) {
        reset();
        m_hooks = std::exchange(other.m_hooks, nullptr);
        m_id = std::exchange(other.m_id, 0);
    }
    return *this;
}

void StopHook::reset()
{
    if (auto* hooks = std::exchange(m_hooks, nullptr))
        hooks->remove(m_id);
}

StopHook StopHooks::add(std::string what, Callback callback)
{
    auto entry = std::make_shared<Entry>();
    entry->what = std::move(what);
    entry->callback = std::move(callback);
    std::uint64_t id = 0;
    int level = -1;
    int signal = 0;
    {
        std::lock_guard lock(m_mutex);
        id = m_next++;
        m_entries.emplace(id, entry);
        level = m_level;
        signal = m_signal;
    }
    StopHook hook(this, id);
    for (int l = 0; l <= level; ++l) // a stop already under way: catch up, in level order
        deliver(*entry, static_cast<StopLevel>(l), signal);
    return hook;
}

void StopHooks::raise(StopLevel level, int signal)
{
    std::vector<std::shared_ptr<Entry>> entries;
    {
        std::lock_guard lock(m_mutex);
        m_level = std::max(m_level, static_cast<int>(level));
        if (level == StopLevel::Interrupt || m_signal == 0)
            m_signal = signal;
        for (const auto& [id, entry] : m_entries)
            entries.push_back(entry);
    }
    for (const auto& entry : entries)
        deliver(*entry, level, signal);
}

std::vector<std::string> StopHooks::pending() const
{
    std::vector<std::string> out;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& [id, entry] : m_entries)
            out.push_back(entry->what);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void StopHooks::deliver(Entry& entry, StopLevel level, int signal)
{
    std::lock_guard call(entry.call_mutex);
    if (entry.removed || entry.delivered >= static_cast<int>(level))
        return;
    entry.delivered = static_cast<int>(level);
    entry.callback(level, signal);
}

void StopHooks::remove(std::uint64_t id)
{
    std::shared_ptr<Entry> entry;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_entries.find(id);
        if (it == m_entries.end())
            return;
        entry = std::move(it->second);
        m_entries.erase(it);
    }
    std::lock_guard call(entry->call_mutex); // waits for a call in progress
    entry->removed = true;
}

} // namespace mel::engine
