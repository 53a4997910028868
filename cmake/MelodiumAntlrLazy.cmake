# cmake -DFILE=<generated .cpp> -DCLASS=<recognizer> -P MelodiumAntlrLazy.cmake
# The 4.7.2 tool's C++ recognizers build their ATN in a static initializer: every process paid ~4 ms at
# start-up (more on a loaded machine), also those that never parse (`melodium agent`, the pod's processes).
# This moves that work to the first construction of the recognizer (a function-local static: thread-safe, once).
file(READ "${FILE}" text)
set(definition "${CLASS}::Initializer ${CLASS}::_init;")
string(FIND "${text}" "${definition}" at)
if(at EQUAL -1)
    return() # not a recognizer (visitors), or already patched
endif()
string(REGEX MATCH "${CLASS}::${CLASS}\\(([A-Za-z]+) \\*input\\) : ([A-Za-z]+)\\(input\\) {" constructor "${text}")
if(NOT constructor)
    message(FATAL_ERROR "${FILE}: the constructor of ${CLASS} is not where the lazy ATN patch expects it")
endif()
string(REPLACE "${definition}" "// ${definition} (made lazy, see cmake/MelodiumAntlrLazy.cmake)" text "${text}")
string(REPLACE "${constructor}" "${constructor}\n  static Initializer lazy_atn;" text "${text}")
file(WRITE "${FILE}" "${text}")
