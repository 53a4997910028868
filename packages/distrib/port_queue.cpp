#include "packages/distrib/port_queue.h"

#include "packages/distrib/codec.h"

namespace mel::packages::distrib {

engine::Task<Forwarded> forward_queue(PortQueue& queue, engine::Output& out, bool block)
{
    for (;;) {
        auto batch = co_await queue.next();
        if (!batch)
            co_return Forwarded::Ended;
        if (batch->empty())
            continue;
        auto checked = conform_batch(*batch, out.type(), out.kind());
        if (!checked)
            co_return Forwarded::BadValue;
        if (block) {
            co_await out.send_one(checked->value_at(0));
            co_return Forwarded::Delivered;
        }
        const bool sent = co_await out.send_many(std::move(*checked));
        if (!sent)
            co_return Forwarded::Refused;
    }
}

} // namespace mel::packages::distrib
