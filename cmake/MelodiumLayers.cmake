# The layers of the tree, enforced by the build (docs/architecture.md).
#
# Every library of ours declares the folder it lives in with melodium_layer(); its code includes headers as
# "<folder>/…" from the source root. melodium_check_layers(), called once after every target exists, gives
# each library a build step that reads its sources and fails the build when one includes a header of a
# library it does not link (directly, or through what those link publicly): a package that reaches into a
# package it does not depend on stops the build with the file, the line and the missing link.
#
#   melodium_layer(<target> PREFIX <folder> [FILES <file>…])
#     <folder> is relative to the source root (`runtime/engine`, `packages/work`); its files are scanned,
#     or only FILES when given (a library made of a few files beside others: packages/register.cpp).
#   melodium_check_layers()

set(_MELODIUM_LAYERS_SCRIPT "${CMAKE_CURRENT_LIST_FILE}")

function(melodium_layer target)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "PREFIX" "FILES")
    if(NOT ARG_PREFIX)
        message(FATAL_ERROR "melodium_layer(${target}): PREFIX is required")
    endif()
    set_property(TARGET ${target} PROPERTY MELODIUM_LAYER "${ARG_PREFIX}")
    set_property(TARGET ${target} PROPERTY MELODIUM_LAYER_FILES "${ARG_FILES}")
    set_property(GLOBAL APPEND PROPERTY MELODIUM_LAYER_TARGETS ${target})
endfunction()

# The layers `target` may include: its own and those of every target it links, following what they link
# publicly (INTERFACE_LINK_LIBRARIES); a library's private dependencies are not visible to its users.
function(_melodium_visible_layers target out)
    set(seen "")
    set(layers "")
    get_target_property(pending ${target} LINK_LIBRARIES)
    if(NOT pending)
        set(pending "")
    endif()
    while(pending)
        list(POP_FRONT pending dep)
        if(dep MATCHES "^\\$<" OR NOT TARGET ${dep} OR dep IN_LIST seen)
            continue()
        endif()
        list(APPEND seen ${dep})
        get_target_property(layer ${dep} MELODIUM_LAYER)
        if(layer)
            list(APPEND layers "${layer}")
        endif()
        get_target_property(interface ${dep} INTERFACE_LINK_LIBRARIES)
        if(interface)
            list(APPEND pending ${interface})
        endif()
    endwhile()
    set(${out} "${layers}" PARENT_SCOPE)
endfunction()

function(melodium_check_layers)
    get_property(targets GLOBAL PROPERTY MELODIUM_LAYER_TARGETS)
    set(all "")
    foreach(target IN LISTS targets)
        get_target_property(layer ${target} MELODIUM_LAYER)
        list(APPEND all "${layer}")
    endforeach()
    string(JOIN "|" all_joined ${all})
    foreach(target IN LISTS targets)
        get_target_property(layer ${target} MELODIUM_LAYER)
        get_target_property(files ${target} MELODIUM_LAYER_FILES)
        if(NOT files)
            file(GLOB_RECURSE files CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/${layer}/*.h"
                 "${PROJECT_SOURCE_DIR}/${layer}/*.cpp")
        else()
            list(TRANSFORM files PREPEND "${PROJECT_SOURCE_DIR}/")
        endif()
        _melodium_visible_layers(${target} visible)
        list(APPEND visible "${layer}")
        string(JOIN "|" visible_joined ${visible})
        string(JOIN "|" files_joined ${files})
        set(stamp "${CMAKE_BINARY_DIR}/layers/${target}.checked")
        add_custom_command(
            OUTPUT "${stamp}"
            COMMAND "${CMAKE_COMMAND}" "-DMEL_LAYER_TARGET=${target}" "-DMEL_LAYER_ROOT=${PROJECT_SOURCE_DIR}"
                    "-DMEL_LAYER_FILES=${files_joined}" "-DMEL_LAYER_VISIBLE=${visible_joined}"
                    "-DMEL_LAYER_ALL=${all_joined}" "-DMEL_LAYER_STAMP=${stamp}" -P "${_MELODIUM_LAYERS_SCRIPT}"
            DEPENDS ${files} "${_MELODIUM_LAYERS_SCRIPT}"
            COMMENT "Checking the includes of ${target} against what it links"
            VERBATIM)
        add_custom_target(${target}_layers DEPENDS "${stamp}")
        add_dependencies(${target} ${target}_layers)
    endforeach()
endfunction()

# Script mode: the check of one library (called by the custom command above).
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED MEL_LAYER_TARGET)
    cmake_policy(VERSION 3.25)
    string(REPLACE "|" ";" files "${MEL_LAYER_FILES}")
    string(REPLACE "|" ";" visible "${MEL_LAYER_VISIBLE}")
    string(REPLACE "|" ";" all "${MEL_LAYER_ALL}")
    set(problems "")
    foreach(file IN LISTS files)
        file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
        foreach(line IN LISTS lines)
            string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" header "${line}")
            # The layer the header belongs to: the longest folder it is in (`packages/register.h` belongs to
            # the layer `packages/register` made of that file).
            set(owner "")
            foreach(layer IN LISTS all)
                if(header MATCHES "^${layer}[/.]")
                    string(LENGTH "${layer}" length)
                    string(LENGTH "${owner}" owner_length)
                    if(length GREATER owner_length)
                        set(owner "${layer}")
                    endif()
                endif()
            endforeach()
            if(owner AND NOT owner IN_LIST visible)
                file(RELATIVE_PATH where "${MEL_LAYER_ROOT}" "${file}")
                list(APPEND problems "  ${where} includes \"${header}\" (${owner}), which ${MEL_LAYER_TARGET} does not link")
            endif()
        endforeach()
    endforeach()
    if(problems)
        string(JOIN "\n" text ${problems})
        message(FATAL_ERROR "layer check of ${MEL_LAYER_TARGET} failed (docs/architecture.md):\n${text}\n"
                            "Link the library that owns the header (without making a cycle), or move the code.")
    endif()
    file(WRITE "${MEL_LAYER_STAMP}" "")
endif()
