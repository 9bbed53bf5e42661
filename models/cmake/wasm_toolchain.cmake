# Finds a clang that can build wasm32-wasi programs (Debian: clang-14 + wasi-libc + libclang-rt-14-dev-wasm32)
# and defines wasmvm_add_wasm(<name> OUTPUT <file> SOURCES ... [FLAGS ...] [DEPENDS ...]).
# Sets WASMVM_WASM_OK (a global INTERNAL cache variable, visible in every directory) to ON only if a test
# program actually compiles and links.
find_program(WASMVM_WASM_CLANG NAMES clang-14 clang DOC "clang used for --target=wasm32-wasi guest builds")
set(wasm_ok OFF)
if(WASMVM_WASM_CLANG)
  if(NOT DEFINED CACHE{WASMVM_WASM_CLANG_WORKS})
    set(probe_dir "${CMAKE_BINARY_DIR}/models-wasm-probe")
    file(MAKE_DIRECTORY "${probe_dir}")
    file(WRITE "${probe_dir}/probe.c" "#include <stdio.h>\nint main(void){puts(\"ok\");return 0;}\n")
    execute_process(
      COMMAND "${WASMVM_WASM_CLANG}" --target=wasm32-wasi -O2 "${probe_dir}/probe.c" -o "${probe_dir}/probe.wasm"
      RESULT_VARIABLE probe_rc OUTPUT_QUIET ERROR_VARIABLE probe_err)
    if(probe_rc EQUAL 0)
      set(WASMVM_WASM_CLANG_WORKS ON CACHE INTERNAL "clang can link wasm32-wasi programs")
    else()
      set(WASMVM_WASM_CLANG_WORKS OFF CACHE INTERNAL "clang can link wasm32-wasi programs")
      message(STATUS "models: ${WASMVM_WASM_CLANG} cannot build wasm32-wasi programs: ${probe_err}")
    endif()
  endif()
  set(wasm_ok ${WASMVM_WASM_CLANG_WORKS})
endif()
set(WASMVM_WASM_OK ${wasm_ok} CACHE INTERNAL "wasm32-wasi guest builds available")
if(WASMVM_WASM_OK)
  message(STATUS "models: wasm32-wasi guest builds enabled (${WASMVM_WASM_CLANG})")
else()
  message(STATUS "models: wasm32-wasi guest builds SKIPPED - install clang, lld, wasi-libc and "
                 "libclang-rt-14-dev-wasm32 (apt-get) to build the .wasm models")
endif()

function(wasmvm_add_wasm name)
  cmake_parse_arguments(ARG "" "OUTPUT" "SOURCES;FLAGS;DEPENDS" ${ARGN})
  # Same numerics as the native build: -O2 and no FMA contraction.
  add_custom_command(
    OUTPUT "${ARG_OUTPUT}"
    COMMAND "${WASMVM_WASM_CLANG}" --target=wasm32-wasi -O2 -ffp-contract=off -Wall -Wextra -Werror
            -I${PROJECT_SOURCE_DIR}/include ${ARG_FLAGS} ${ARG_SOURCES} -o "${ARG_OUTPUT}"
    DEPENDS ${ARG_SOURCES} ${ARG_DEPENDS}
    COMMENT "wasm32-wasi: building ${name}"
    VERBATIM COMMAND_EXPAND_LISTS)
  add_custom_target(${name} ALL DEPENDS "${ARG_OUTPUT}")
endfunction()
