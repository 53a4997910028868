// distrib — port data in pieces, with the connection's backpressure (packages.md §3.5).

#include "packages/distrib/transfer.h"

#include "runtime/engine/io.h"

namespace mel::packages::distrib {

std::size_t piece_size(const engine::Batch& batch)
{
    switch (batch.kind()) {
    case engine::BatchKind::Byte: return k_max_batch_bytes;
    case engine::BatchKind::String:
    case engine::BatchKind::Values: return 4096;
    default: return std::size_t{1} << 16;
    }
}

engine::Task<Status> send_port_data(std::shared_ptr<Connection> connection, bool input, std::uint64_t id,
                                    std::string name, engine::Batch batch, std::function<bool()> wanted)
{
    const std::size_t piece = piece_size(batch);
    std::size_t at = 0;
    do {
        // Only a raw pointer in the awaited lambda (the frame keeps the connection alive): GCC 12 may destroy
        // the captures of a co_await operand twice.
        Connection* raw = connection.get();
        if (!raw->has_room())
            co_await engine::wait_external([raw](engine::Resumer resume) {
                auto shared = std::make_shared<engine::Resumer>(std::move(resume));
                raw->when_room([shared] { (*shared)(); });
            });
        if (!wanted())
            co_return Error{"not wanted"};
        const std::size_t count = std::min(piece, batch.size() - at);
        auto sent = connection->send(PortData{input, id, name, batch.slice(at, count)});
        if (!sent)
            co_return sent;
        at += count;
    } while (at < batch.size());
    co_return success();
}

} // namespace mel::packages::distrib
