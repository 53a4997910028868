# Our own code builds with -Wall -Wextra -Werror; third-party headers come in as -isystem
# (imported targets are SYSTEM by default), generated code gets melodium_generated_code().
add_library(melodium_warnings INTERFACE)
target_compile_options(melodium_warnings INTERFACE -Wall -Wextra -Werror -Wno-error=deprecated-declarations
    # designated initializers leave the other members at their defaults on purpose
    -Wno-missing-field-initializers
    # GCC 12 reports false -Wrestrict overlaps inside libstdc++'s std::string at -O3 (GCC bug 105329)
    $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)

function(melodium_target NAME)
    target_link_libraries(${NAME} PRIVATE melodium_warnings)
endfunction()
