# Generates the C++ parser from grammar/*.g4 at build time with Debian's ANTLR tool (4.7.2) and
# compiles it against Debian's C++ runtime (4.9). Generated code never enters git.
find_program(ANTLR4_TOOL antlr4 REQUIRED)
find_package(Java COMPONENTS Runtime REQUIRED)
find_path(ANTLR4_RUNTIME_INCLUDE_DIR antlr4-runtime.h PATH_SUFFIXES antlr4-runtime REQUIRED)
find_library(ANTLR4_RUNTIME_LIBRARY NAMES libantlr4-runtime.a antlr4-runtime REQUIRED)

set(MELODIUM_ANTLR_TOOL_VERSION "4.7.2")
set(MELODIUM_ANTLR_RUNTIME_VERSION "4.9")
execute_process(COMMAND ${ANTLR4_TOOL} OUTPUT_VARIABLE _antlr_banner ERROR_VARIABLE _antlr_banner)
if(NOT _antlr_banner MATCHES "Version ${MELODIUM_ANTLR_TOOL_VERSION}")
    message(FATAL_ERROR "melodium: the ANTLR tool must be ${MELODIUM_ANTLR_TOOL_VERSION} (Debian 12's antlr4); "
                        "found: ${_antlr_banner}")
endif()
if(NOT EXISTS "${ANTLR4_RUNTIME_INCLUDE_DIR}/antlr4-runtime.h")
    message(FATAL_ERROR "melodium: ANTLR C++ runtime headers not found")
endif()
file(GLOB _antlr_so "/usr/lib/*/libantlr4-runtime.so.${MELODIUM_ANTLR_RUNTIME_VERSION}*")
if(NOT _antlr_so)
    message(FATAL_ERROR "melodium: the ANTLR C++ runtime must be ${MELODIUM_ANTLR_RUNTIME_VERSION} (libantlr4-runtime-dev)")
endif()

add_library(antlr4_runtime STATIC IMPORTED GLOBAL)
set_target_properties(antlr4_runtime PROPERTIES IMPORTED_LOCATION "${ANTLR4_RUNTIME_LIBRARY}")
target_include_directories(antlr4_runtime SYSTEM INTERFACE "${ANTLR4_RUNTIME_INCLUDE_DIR}")

# melodium_antlr_parser(TARGET <lib> GRAMMARS <g4...> OUTPUTS <basename...> [INCLUDES <dir...>])
# Runs the tool on GRAMMARS into the build tree and builds the generated OUTPUTS (.cpp/.h basenames)
# into a static library whose headers are -isystem for its users.
function(melodium_antlr_parser)
    cmake_parse_arguments(ARG "" "TARGET;NAMESPACE" "GRAMMARS;OUTPUTS;INCLUDES" ${ARGN})
    set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/antlr_generated")
    set(sources)
    set(headers)
    set(grammar_paths)
    foreach(g IN LISTS ARG_GRAMMARS)
        list(APPEND grammar_paths "${PROJECT_SOURCE_DIR}/grammar/${g}")
    endforeach()
    set(lazy_commands)
    foreach(base IN LISTS ARG_OUTPUTS)
        list(APPEND sources "${out_dir}/${base}.cpp")
        list(APPEND headers "${out_dir}/${base}.h")
        list(APPEND lazy_commands COMMAND ${CMAKE_COMMAND} -DFILE=${out_dir}/${base}.cpp -DCLASS=${base}
             -P "${PROJECT_SOURCE_DIR}/cmake/MelodiumAntlrLazy.cmake")
    endforeach()
    add_custom_command(
        OUTPUT ${sources} ${headers}
        COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
        COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -no-listener -visitor -package ${ARG_NAMESPACE}
                -Werror -Xexact-output-dir -o "${out_dir}" -lib "${out_dir}" ${ARG_GRAMMARS}
        ${lazy_commands}
        DEPENDS ${grammar_paths} "${PROJECT_SOURCE_DIR}/cmake/MelodiumAntlrLazy.cmake"
        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}/grammar"
        COMMENT "Generating the Mélodium parser with ANTLR ${MELODIUM_ANTLR_TOOL_VERSION}"
        VERBATIM)
    add_library(${ARG_TARGET} STATIC ${sources})
    target_include_directories(${ARG_TARGET} SYSTEM PUBLIC "${out_dir}" ${ARG_INCLUDES})
    # The 4.7.2 tool's output builds against the 4.9 runtime once char8_t is disabled.
    target_compile_options(${ARG_TARGET} PRIVATE -w -fno-char8_t)
    target_link_libraries(${ARG_TARGET} PUBLIC antlr4_runtime)
endfunction()
