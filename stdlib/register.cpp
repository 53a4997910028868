#include "stdlib/register.h"

#include "runtime/model/registry.h"
#include "stdlib/areas.h"

namespace mel::stdlib {

void register_std(Registry& registry)
{
    registry.add_package("std");

    // Data types first: signatures below name them. Then the Engine model, which log treatments take.
    register_data_string_map(registry);
    register_data_string_map_block(registry);
    register_data_map(registry);
    register_data_map_block(registry);
    register_engine(registry);
    register_engine_log(registry);

    register_flow(registry);
    register_flow_vec(registry);
    register_flow_concentrate(registry);
    register_ops(registry);
    register_ops_num(registry);
    register_ops_float(registry);
    register_ops_bin(registry);
    register_ops_vec(registry);
    register_ops_vec_block(registry);
    register_ops_option(registry);
    register_ops_option_block(registry);
    register_conv(registry);
    register_text_compose(registry);
    register_text_convert_string(registry);
    register_text_convert_char(registry);
    register_text_compare(registry);
    register_text_compare_char(registry);
    register_types(registry);
    register_data_map_flows(registry);

    register_std_mel_areas(registry);
}

} // namespace mel::stdlib
