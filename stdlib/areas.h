#pragma once

// One registration function per std area (STYLE §2.2), each defined in the file that mirrors the area
// (`std/flow/vec` → stdlib/flow/vec.cpp) and called once, in order, by register_std (stdlib/register.cpp).

namespace mel {
class Registry;
}

namespace mel::stdlib {

void register_data_string_map(Registry&);       // std/data/string_map
void register_data_string_map_block(Registry&); // std/data/string_map/block
void register_data_map(Registry&);              // std/data/map
void register_data_map_block(Registry&);        // std/data/map/block
void register_engine(Registry&);                // std/engine
void register_engine_log(Registry&);            // std/engine/log
void register_flow(Registry&);                  // std/flow
void register_flow_vec(Registry&);              // std/flow/vec
void register_flow_concentrate(Registry&);      // std/flow/concentrate
void register_ops(Registry&);                   // std/ops
void register_ops_num(Registry&);               // std/ops/num
void register_ops_float(Registry&);             // std/ops/float
void register_ops_bin(Registry&);               // std/ops/bin
void register_ops_vec(Registry&);               // std/ops/vec
void register_ops_vec_block(Registry&);         // std/ops/vec/block
void register_ops_option(Registry&);            // std/ops/option
void register_ops_option_block(Registry&);      // std/ops/option/block
void register_conv(Registry&);                  // std/conv
void register_conv_families(Registry&);         // std/conv: to/tryTo/saturatingTo (stdlib/conv/families.cpp)
void register_text_compose(Registry&);          // std/text/compose
void register_text_convert_string(Registry&);   // std/text/convert/string
void register_text_convert_char(Registry&);     // std/text/convert/char
void register_text_compare(Registry&);          // std/text/compare
void register_text_compare_char(Registry&);     // std/text/compare/char
void register_data_map_flows(Registry&);        // std/data/map, string_map: the rest
void register_types(Registry&);                 // std/types, std/types/char, std/types/float

} // namespace mel::stdlib
