// distrib — reference: libs/distrib-mel/src/lib.rs (packages.md §1.4): the DistributionEngine model and its
// seven treatments, with the reference's firing rules. Differences (docs/differences.md): the worker refuses a
// track that does not connect every port of the remote treatment (the reference deadlocks), and failures of
// the link or of an instantiation are logged with their reason.

#include <melodium/version.h>

#include <deque>
#include <mutex>
#include <optional>

#include "packages/distrib/codec.h"
#include "packages/distrib/dispatcher.h"
#include "packages/distrib/register.h"
#include "packages/work/access.h"
#include "runtime/engine/engine.h"
#include "runtime/model/registry.h"
#include "stdlib/data/map.h"

namespace mel::packages::distrib {

namespace {

namespace rt = ::mel::engine;
using rt::Task;
using rt::TreatmentContext;

class DistributionModel final : public rt::ModelObject {
public:
    explicit DistributionModel(rt::Model& model)
        : m_dispatcher(std::make_shared<Dispatcher>(model.world(), model.param("treatment").as_string(),
                                                    model.param("version").as_string()))
    {
    }
    void stop(rt::Model&) override { m_dispatcher->stop(); }
    void shutdown(rt::Model&) override { m_dispatcher->shutdown(); }
    const std::shared_ptr<Dispatcher>& dispatcher() const { return m_dispatcher; }

private:
    std::shared_ptr<Dispatcher> m_dispatcher;
};

std::shared_ptr<Dispatcher> dispatcher_of(TreatmentContext& ctx)
{
    return ctx.model("distributor").object<DistributionModel>().dispatcher();
}

Task<> fire(rt::Output& out) { co_await out.send_one(Value()); }

Task<> fail(rt::Output& failed, rt::Output& error, std::string message)
{
    co_await failed.send_one(Value());
    co_await error.send_one(Value::string(std::move(message)));
}

/// The remote ports the consumers of `distribution_id` serve in this track, when every consumer is a
/// send/recv treatment of this package (otherwise they cannot be known: nullopt, and the worker does not check).
struct Claims {
    std::optional<std::vector<std::string>> inputs, outputs;
};

Claims claimed_ports(const rt::Output& distribution_id)
{
    std::vector<std::string> inputs, outputs;
    for (const rt::Input* consumer : distribution_id.consumers()) {
        const rt::TreatmentInstance* owner = consumer->owner();
        if (!owner)
            return {};
        const Identifier& id = owner->descriptor().id;
        if (id.path != std::vector<std::string>{"distrib"})
            return {};
        const std::string name = owner->param("name").as_string();
        if (id.name == "sendStream" || id.name == "sendBlock")
            inputs.push_back(name);
        else if (id.name == "recvStream" || id.name == "recvBlock")
            outputs.push_back(name);
        else
            return {};
    }
    return {inputs, outputs};
}

Task<> start_body(TreatmentContext& ctx)
{
    auto dispatcher = dispatcher_of(ctx);
    auto& ready = ctx.output("ready");
    auto& failed = ctx.output("failed");
    auto& error = ctx.output("error");
    auto access = co_await ctx.input("access").recv_one();
    if (!access) {
        dispatcher->stop();
        co_return;
    }
    const auto* data = work::Access::from(*access);
    std::map<std::string, Value> params;
    if (const auto* map = stdlib::data::Map::from(ctx.param("params")))
        for (const auto& [k, v] : map->entries())
            params.emplace(k, v);
    const work::AccessData copy = data ? data->data() : work::AccessData{};
    auto failure = co_await rt::blocking([&] { return dispatcher->start(copy, params); });
    if (!failure)
        co_await fire(ready);
    else
        co_await fail(failed, error, *failure);
}

Task<> stop_body(TreatmentContext& ctx)
{
    auto dispatcher = dispatcher_of(ctx);
    auto trigger = co_await ctx.input("trigger").recv_one();
    if (trigger)
        dispatcher->stop();
}

Task<> distribute_body(TreatmentContext& ctx)
{
    auto dispatcher = dispatcher_of(ctx);
    auto& out = ctx.output("distribution_id");
    auto& failed = ctx.output("failed");
    auto& error = ctx.output("error");
    auto trigger = co_await ctx.input("trigger").recv_one();
    if (!trigger)
        co_return;
    auto claims = claimed_ports(out);
    auto result = co_await dispatcher->distribute(std::move(claims.inputs), std::move(claims.outputs));
    if (result.id)
        co_await out.send_one(Value::u64(*result.id));
    else
        co_await fail(failed, error, result.error);
}

/// sendStream's two halves. The data that arrives before the distribution id is held, in order, and sent once the
/// id is known: a stream may have to end before what provisions the worker can start (samples/16_ci_pipeline:
/// `package` starts once `build` has finished, and `build` finishes once its data has drained into `package`'s
/// input). Waiting for the id before reading (as the reference does) would then deadlock as soon as the data
/// outgrows the channels. Sends happen on one side at a time: the id's side until what was held is sent, then
/// the data's side.
struct HeldStream {
    std::mutex mutex;
    std::deque<rt::Batch> held;
    std::optional<std::uint64_t> id;
    bool direct = false;  // everything held was sent: the data's side sends from now on
    bool no_id = false;   // no distribution: the data is dropped
    bool refused = false; // the worker takes no more
};

Task<> send_held(HeldStream& s, Dispatcher& dispatcher, const std::string& name, rt::Input& ids)
{
    auto id = co_await ids.recv_one();
    {
        std::lock_guard lock(s.mutex);
        if (!id) {
            s.no_id = true;
            s.held.clear();
            co_return;
        }
        s.id = id->as_u64();
    }
    for (;;) {
        rt::Batch batch;
        {
            std::lock_guard lock(s.mutex);
            if (s.held.empty()) {
                s.direct = true;
                co_return;
            }
            batch = std::move(s.held.front());
            s.held.pop_front();
        }
        if (!co_await dispatcher.send_data(*s.id, name, std::move(batch))) {
            std::lock_guard lock(s.mutex);
            s.refused = true;
            s.held.clear();
            co_return;
        }
    }
}

Task<> read_held(HeldStream& s, Dispatcher& dispatcher, const std::string& name, rt::Input& data)
{
    for (;;) {
        auto batch = co_await data.recv_many();
        if (!batch)
            co_return;
        std::uint64_t id = 0;
        {
            std::lock_guard lock(s.mutex);
            if (s.no_id || s.refused)
                co_return;
            if (!s.direct) {
                s.held.push_back(std::move(*batch));
                continue;
            }
            id = *s.id;
        }
        if (!co_await dispatcher.send_data(id, name, std::move(*batch))) {
            std::lock_guard lock(s.mutex);
            s.refused = true;
            co_return;
        }
    }
}

Task<> send_body(TreatmentContext& ctx, bool block)
{
    auto dispatcher = dispatcher_of(ctx);
    const std::string name = ctx.param("name").as_string();
    auto& data = ctx.input("data");
    auto& ids = ctx.input("distribution_id");
    if (block) {
        auto id = co_await ids.recv_one();
        if (!id)
            co_return;
        bool voluntary = true;
        auto value = co_await data.recv_one();
        if (value) {
            auto batch = rt::Batch::of_values(data.kind(), {*value});
            voluntary = co_await dispatcher->send_data(id->as_u64(), name, std::move(batch));
        }
        data.close();
        if (voluntary)
            dispatcher->close_input(id->as_u64(), name);
        co_return;
    }
    HeldStream state;
    co_await rt::when_all(rt::tasks(send_held(state, *dispatcher, name, ids), read_held(state, *dispatcher, name, data)));
    data.close();
    if (state.id && !state.refused)
        dispatcher->close_input(*state.id, name);
}

Task<> recv_body(TreatmentContext& ctx, bool block)
{
    auto dispatcher = dispatcher_of(ctx);
    const std::string name = ctx.param("name").as_string();
    auto& out = ctx.output("data");
    auto id = co_await ctx.input("distribution_id").recv_one();
    if (!id)
        co_return;
    auto queue = dispatcher->output(id->as_u64(), name);
    if (!queue)
        co_return;
    const Forwarded end = co_await forward_queue(*queue, out, block);
    if (end == Forwarded::BadValue)
        ctx.log(rt::LogLevel::Error, "distrib",
                "output `" + name + "` of the remote treatment sent a value that is not a " +
                    out.type().to_string() + ": the stream is cut");
    dispatcher->stop_output(id->as_u64(), name);
}

} // namespace

void register_distrib_area(Registry& registry)
{
    auto area = registry.area("distrib");

    area.model("DistributionEngine")
        .param("treatment", "string")
        .param("version", "string")
        .doc("An engine running `treatment` (identifier of the treatment, `package/area::name`, from a package "
             "at `version`) on a distant worker.\n\n"
             "It holds at most one connection to one worker (`start`) and any number of tracks of the remote "
             "treatment (`distribute`), each fed and read by `sendStream`/`sendBlock` and "
             "`recvStream`/`recvBlock`. Every input and output of the remote treatment must be connected to one "
             "of those in each track; a track that leaves one out is refused by the worker (logged, `distribute` "
             "fails).")
        .implementation(rt::make_model<DistributionModel>());

    area.treatment("start")
        .model("distributor", "DistributionEngine")
        .param("params", "Map")
        .input("access", "Block<Access>")
        .output("ready", "Block<void>")
        .output("failed", "Block<void>")
        .output("error", "Block<string>")
        .doc("Connect to the worker given by `access`, check both ends' keys and versions, and launch the "
             "program there with `params` as the remote treatment's parameters.\n\n"
             "`ready` on success; `failed` then `error` otherwise. Only the first `start` of an engine connects: "
             "later ones wait for it and emit `ready`, even when it failed. When `access` closes without a "
             "value, the engine is stopped.")
        .implementation(rt::make_treatment(start_body));

    area.treatment("stop")
        .model("distributor", "DistributionEngine")
        .input("trigger", "Block<void>")
        .doc("End the distribution: the worker is told to end, its remaining logs are received, then the "
             "connection closes. Idempotent; harmless when `start` never ran.")
        .implementation(rt::make_treatment(stop_body));

    area.treatment("distribute")
        .model("distributor", "DistributionEngine")
        .input("trigger", "Block<void>")
        .output("distribution_id", "Block<u64>")
        .output("failed", "Block<void>")
        .output("error", "Block<string>")
        .doc("Create a new track of the remote treatment and emit its `distribution_id`.\n\n"
             "`failed` then `error`: \"Distribution failed\" when there is no connection, \"Instanciation "
             "failed\" when the worker refused the track (the reason is logged) or the link dropped.")
        .implementation(rt::make_treatment(distribute_body));

    area.treatment("sendStream")
        .model("distributor", "DistributionEngine")
        .generic("S", {Trait::Serialize})
        .param("name", "string")
        .input("distribution_id", "Block<u64>")
        .input("data", "Stream<S>")
        .doc("Send the stream `data` to the input `name` of the remote track `distribution_id`; its end "
             "closes that input.")
        .implementation(rt::make_treatment([](TreatmentContext& ctx) { return send_body(ctx, false); }));

    area.treatment("sendBlock")
        .model("distributor", "DistributionEngine")
        .generic("S", {Trait::Serialize})
        .param("name", "string")
        .input("distribution_id", "Block<u64>")
        .input("data", "Block<S>")
        .doc("Send the block `data` to the input `name` of the remote track `distribution_id`, then close that "
             "input (also when `data` closes without a value).")
        .implementation(rt::make_treatment([](TreatmentContext& ctx) { return send_body(ctx, true); }));

    area.treatment("recvStream")
        .model("distributor", "DistributionEngine")
        .generic("D", {Trait::Deserialize})
        .param("name", "string")
        .input("distribution_id", "Block<u64>")
        .output("data", "Stream<D>")
        .doc("Stream what the output `name` of the remote track `distribution_id` sends. A value that is not a "
             "`D` cuts the stream (logged).")
        .implementation(rt::make_treatment([](TreatmentContext& ctx) { return recv_body(ctx, false); }));

    area.treatment("recvBlock")
        .model("distributor", "DistributionEngine")
        .generic("D", {Trait::Deserialize})
        .param("name", "string")
        .input("distribution_id", "Block<u64>")
        .output("data", "Block<D>")
        .doc("Emit the first value the output `name` of the remote track `distribution_id` sends, then stop "
             "listening to it.")
        .implementation(rt::make_treatment([](TreatmentContext& ctx) { return recv_body(ctx, true); }));

    area.function("without_tls")
        .param("access", "Access")
        .returns("Access")
        .doc("The same access with TLS disabled, for a worker started with `--disable-tls` (ours: the "
             "reference has no Mélodium-level way to say so).")
        .body([](std::span<const Type>, std::span<const Value> args) -> Result<Value> {
            const auto* access = work::Access::from(args[0]);
            if (!access)
                return Error{"expected an Access"};
            auto data = access->data();
            data.tls = false;
            return work::Access::make(std::move(data));
        });
}

} // namespace mel::packages::distrib
