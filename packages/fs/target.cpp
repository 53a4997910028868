// The inputs shared by fs/file and fs/dir treatments — reference: the `recv_one` pair at the top of each
// treatment in libs/fs-mel/src/file.rs and dir.rs.

#include "packages/fs/target.h"

namespace mel::packages::fs {

engine::Task<std::optional<Target>> receive_target(engine::TreatmentContext& ctx)
{
    auto filesystem = co_await ctx.input("filesystem").recv_one();
    auto path = co_await ctx.input("path").recv_one();
    if (!filesystem || !path)
        co_return std::nullopt;
    if (!FileSystem::from(*filesystem))
        throw engine::EngineError("fs: the filesystem input did not receive a FileSystem");
    co_return Target{std::move(*filesystem), path->as_string()};
}

engine::Task<> fire(engine::Output& out)
{
    co_await out.send_one(Value());
}

} // namespace mel::packages::fs
