# Every dependency is a Debian package installed by scripts/setup (DESIGN §8).
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(CLI11 REQUIRED)
find_package(RapidJSON REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(LibArchive REQUIRED)
find_package(doctest REQUIRED)
# Property tests of std (tests/unit/stdlib/property_test.cpp).
find_package(rapidcheck REQUIRED)
# Unicode character properties of std/text/compare/char.
find_package(ICU REQUIRED COMPONENTS uc)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)

# Standalone Asio is header-only (libasio-dev).
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(melodium_asio INTERFACE)
target_include_directories(melodium_asio SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
target_compile_definitions(melodium_asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
target_link_libraries(melodium_asio INTERFACE Threads::Threads)
