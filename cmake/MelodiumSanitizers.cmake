# MELODIUM_SANITIZE=address,undefined | thread : applied to every target of the project.
if(MELODIUM_SANITIZE)
    if(MELODIUM_SANITIZE MATCHES "thread" AND MELODIUM_SANITIZE MATCHES "address")
        message(FATAL_ERROR "MELODIUM_SANITIZE: 'thread' cannot be combined with 'address'")
    endif()
    message(STATUS "melodium: sanitizers ${MELODIUM_SANITIZE}")
    add_compile_options(-fsanitize=${MELODIUM_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${MELODIUM_SANITIZE})
    # The sanitizers' instrumentation makes GCC 12 see uninitialised reads that are not there
    # (e.g. inside libstdc++'s std::regex): keep the warning for normal builds only.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        add_compile_options(-Wno-maybe-uninitialized)
    endif()
endif()
