#pragma once

// Genesis (engine.md §1.3; DESIGN §3 step 4): the static instance tree of the entrypoint, built once.
//
// Every instance of every treatment reachable from the entry becomes a Site (the tree is unrolled: a script
// treatment used twice gives two subtrees). Each Site knows its resolved generics, its models, and its
// parameters: those computable at genesis (literals, const parameters of hosts, function calls on them) are
// evaluated once; the others (contexts, host parameters that are themselves per-track) are evaluated per
// track. Header models are created per site; sources are registered with their model. Then every native
// output is resolved, through any number of script treatments and Self passthroughs, to the native inputs
// it feeds, and every source site gets its TrackPlan.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "runtime/engine/eval.h"
#include "runtime/engine/model.h"
#include "runtime/model/design.h"
#include "runtime/model/result.h"

namespace mel::engine {

struct Site;

/// A native input fed by an output: (site, input index).
struct SiteTarget {
    const Site* site = nullptr;
    std::uint32_t input = 0;
};

/// One parameter of a site: its genesis value, or the expression to evaluate per track (in the host's scope).
struct SiteParam {
    std::optional<Value> value;
    const ValueExpr* expr = nullptr;
};

struct Site {
    std::size_t id = 0;
    const TreatmentDescriptor* desc = nullptr;
    const Site* host = nullptr;        // null for the entry
    const InstanceDesign* design = nullptr; // how the host declares it; null for the entry
    std::string label;                 // the instance name (`main` for the entry)
    std::string path;                  // `main/startup/ready`

    std::vector<Type> generics;        // resolved, in the descriptor's order
    std::map<std::string, Type> generics_by_name;
    std::vector<Model*> models;        // per descriptor slot
    std::vector<SiteParam> params;     // per descriptor parameter
    bool dynamic = false;              // some parameter is evaluated per track
    std::shared_ptr<const std::vector<Value>> static_values; // all parameters, when !dynamic

    // Script treatments.
    std::map<std::string, Model*> scope_models; // its slots and header models, by name
    std::map<std::string, Site*> children;

    // Native treatments and sources.
    std::vector<Type> input_types;     // concrete port types
    std::vector<Type> output_types;
    std::vector<std::vector<SiteTarget>> output_targets; // per output: the native inputs it feeds
    Model* source_model = nullptr;     // sources: the model whose source this is
    std::string source_name;

    bool native() const { return desc->design == nullptr; }
    bool source() const { return desc->source_from.has_value(); }
    std::size_t param_index(std::string_view name) const;
};

/// The flattened graph a track instantiates (DESIGN §3 step 5): the native instances reachable forward from
/// the source sites, with each output's consumers as indexes.
struct PlanTarget {
    std::uint32_t node = 0;
    std::uint32_t input = 0;
};
struct PlanNode {
    const Site* site = nullptr;
    std::vector<std::vector<PlanTarget>> outputs;
    std::vector<bool> fed;
};
struct TrackPlan {
    std::vector<const Site*> sources;
    std::vector<PlanNode> nodes;
    /// Per source output name: the nodes it feeds (several source sites merge by output name).
    std::map<std::string, std::vector<PlanTarget>> roots;
    /// `main/a/b` of the sources, for messages.
    std::string origin;
};

class Genesis {
public:
    explicit Genesis(World& world) : m_world(world) {}

    /// Builds the tree, models and plans; errors are every problem found (launch failure).
    Status build(const TreatmentDescriptor& entry, std::map<std::string, Value> arguments);

    std::vector<std::unique_ptr<Model>>& models() { return m_models; }
    const Site* entry() const { return m_sites.empty() ? nullptr : m_sites.front().get(); }
    std::size_t site_count() const { return m_sites.size(); }

    /// The source sites of `model`'s `source` whose parameters equal `params`.
    std::vector<const Site*> matching_sources(const Model& model, std::string_view source,
                                              const std::map<std::string, Value>& params) const;
    /// The plan of tracks started from `sources` (computed once per set, then shared).
    std::shared_ptr<const TrackPlan> plan_for(const std::vector<const Site*>& sources);

private:
    Site& add_site(const TreatmentDescriptor* desc, Site* host, const InstanceDesign* design, std::string label);
    bool build_script(Site& site, int depth);
    bool build_child(Site& host, const InstanceDesign& instance, int depth);
    bool bind_params(Site& site);
    Model* instantiate_model(const std::shared_ptr<const ModelDescriptor>& desc, std::map<std::string, Value> params,
                             const std::string& path);
    void resolve_targets();
    void resolve_input(const Site& host, const std::string& to, const std::string& input,
                       std::vector<SiteTarget>& out, int depth) const;
    void resolve_output(const Site& producer, const std::string& output, std::vector<SiteTarget>& out,
                        int depth) const;
    std::shared_ptr<const TrackPlan> compute_plan(const std::vector<const Site*>& sources) const;
    void warn_unfed(const TrackPlan& plan) const;
    void error(std::string message);

    World& m_world;
    std::vector<std::unique_ptr<Site>> m_sites;
    std::vector<std::unique_ptr<Model>> m_models;
    std::map<std::pair<const Model*, std::string>, std::vector<const Site*>> m_sources;
    std::mutex m_plans_mutex;
    std::map<std::vector<std::size_t>, std::shared_ptr<const TrackPlan>> m_plans;
    std::vector<std::string> m_errors;
};

} // namespace mel::engine
