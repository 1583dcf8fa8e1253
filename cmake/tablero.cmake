# Build helpers: every library and test in the tree is declared with these two functions, so the
# compiler settings and the dependency rule (docs/architecture.md) live in one place.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

find_program(TABLERO_CCACHE ccache)
if(TABLERO_CCACHE)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${TABLERO_CCACHE})
endif()

set(TABLERO_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror)
# GCC 12 reports std::string concatenation ("\"" + text + "\"") as overlapping memcpy at -O3, a
# known false positive (GCC bug 105651, fixed in GCC 13).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  list(APPEND TABLERO_WARNINGS -Wno-restrict)
endif()
if(TABLERO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# Third-party libraries, all from Debian packages (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT CONFIG REQUIRED COMPONENTS url)
find_package(ZLIB REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
# Debian ships no CMake configuration for SOCI: find its libraries by name.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
add_library(soci INTERFACE)
target_include_directories(soci SYSTEM INTERFACE ${SOCI_INCLUDE_DIR} ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(soci INTERFACE ${SOCI_SQLITE3_LIBRARY} ${SOCI_POSTGRESQL_LIBRARY}
  ${SOCI_CORE_LIBRARY} SQLite::SQLite3 PostgreSQL::PostgreSQL ${CMAKE_DL_LIBS})
# SOCI's shared libraries export no type information for their backend and statement classes,
# which UBSan's vptr check needs in every file compiled against SOCI's headers: without this,
# sanitizer builds fail to link.
if(TABLERO_SANITIZE)
  target_compile_options(soci INTERFACE -fno-sanitize=vptr)
endif()
# libsodium (argon2id password hashes, random tokens, SHA-256) ships no CMake configuration
# either.
find_path(SODIUM_INCLUDE_DIR sodium.h REQUIRED)
find_library(SODIUM_LIBRARY sodium REQUIRED)
add_library(sodium INTERFACE)
target_include_directories(sodium SYSTEM INTERFACE ${SODIUM_INCLUDE_DIR})
target_link_libraries(sodium INTERFACE ${SODIUM_LIBRARY})
find_path(KAINJOW_MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
add_library(mustache INTERFACE)
target_include_directories(mustache SYSTEM INTERFACE ${KAINJOW_MUSTACHE_INCLUDE_DIR})

# tablero_library(NAME SOURCES a.cpp b.cpp DEPS lib1 lib2)
# A static library whose headers are included as "<folder>/<file>.h" from src/.
function(tablero_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE ${TABLERO_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# tablero_test(NAME SOURCES a_test.cpp DEPS lib1 [LABELS unit] [NO_CTEST])
# One GoogleTest executable registered with CTest; label "unit" (default) is what the sanitizer
# build runs, "slow" marks tests kept out of the fast run. NO_CTEST builds the executable only,
# for a suite its folder registers itself (the storage contract, once per backend).
function(tablero_test name)
  cmake_parse_arguments(ARG "NO_CTEST" "" "SOURCES;DEPS;LABELS" ${ARGN})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${TABLERO_WARNINGS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main GTest::gmock)
  if(ARG_NO_CTEST)
    return()
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}"
    ENVIRONMENT "TABLERO_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
