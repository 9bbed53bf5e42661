# `cmake --install`: libwasmvm (+ libwasmvm_graph when built), the public headers, the CMake package
# (find_package(wasmvm CONFIG) -> wasmvm::wasmvm, wasmvm::graph) and pkg-config's wasmvm.pc.
# The `wasmvm` binary is installed by loader/CMakeLists.txt. Checked by scripts/test-install.sh.
include(CMakePackageConfigHelpers)
set(WASMVM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wasmvm)

install(TARGETS ${_wasmvm_lib_targets} EXPORT wasmvmTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Public headers: include/wasmvm/*.h (C++ API, wasm_graph ABI), WASI's add_to_linker as <wasmvm/wasi.h>,
# and the standard <wasm.h> with the C API.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/wasmvm DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
if(TARGET wasmvm_wasi)
  install(FILES ${PROJECT_SOURCE_DIR}/wasi/wasi.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wasmvm)
endif()
if(TARGET wasmvm_capi)
  install(FILES ${PROJECT_SOURCE_DIR}/include/wasm.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endif()

# wasmvm::graph: libwasmvm_graph.a (+ libwasmvm_text.a); its headers keep their in-tree spelling "loader/graph/graph.h"
# under include/wasmvm_graph/.
set(WASMVM_CONFIG_HAS_GRAPH OFF)
if(TARGET wasmvm_graph)
  set(WASMVM_CONFIG_HAS_GRAPH ON)
  set_target_properties(wasmvm_graph PROPERTIES EXPORT_NAME graph)
  # graph reads .wat models through text/ (libwasmvm_text.a, exported as wasmvm::text).
  set_target_properties(wasmvm_text PROPERTIES EXPORT_NAME text)
  install(TARGETS wasmvm_graph wasmvm_text EXPORT wasmvmTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wasmvm_graph)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/loader/graph DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wasmvm_graph/loader
          FILES_MATCHING PATTERN "*.h")
endif()

install(EXPORT wasmvmTargets NAMESPACE wasmvm:: DESTINATION ${WASMVM_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wasmvmConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wasmvmConfig.cmake INSTALL_DESTINATION ${WASMVM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wasmvmConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wasmvmConfig.cmake ${PROJECT_BINARY_DIR}/wasmvmConfigVersion.cmake
        DESTINATION ${WASMVM_CMAKE_DIR})

# pkg-config: a C consumer links with the C compiler, so the C++ runtime is named explicitly. With only
# libwasmvm.a installed it is needed by every link (Libs); next to libwasmvm.so only by `--static` links.
set(WASMVM_PC_RUNTIME_LIBS "-lstdc++ -lm -pthread" CACHE STRING
    "Libraries a C program needs to link libwasmvm.a statically (wasmvm.pc)")
if(BUILD_SHARED_LIBS)
  set(WASMVM_PC_LIBS "-lwasmvm")
  set(WASMVM_PC_LIBS_PRIVATE "${WASMVM_PC_RUNTIME_LIBS}")
else()
  set(WASMVM_PC_LIBS "-lwasmvm ${WASMVM_PC_RUNTIME_LIBS}")
  set(WASMVM_PC_LIBS_PRIVATE "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/wasmvm.pc.in ${PROJECT_BINARY_DIR}/wasmvm.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/wasmvm.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
