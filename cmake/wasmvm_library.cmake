# libwasmvm: the embeddable library, linked from the objects the component libraries already compile
# (decoder, vm with the configured dispatch, WASI and the C API when enabled), so nothing is built twice.
#   wasmvm         libwasmvm.a, or libwasmvm.so with BUILD_SHARED_LIBS=ON   (exported as wasmvm::wasmvm)
#   wasmvm_static  libwasmvm.a next to the shared library with BUILD_SHARED_LIBS=ON (wasmvm::wasmvm_static)
# Tests keep linking the component libraries; out-of-tree users get this one (see cmake/wasmvm_install.cmake).
include(GNUInstallDirs)
find_package(Threads REQUIRED)  # vm/store.cpp uses std::mutex

set(WASMVM_LIBRARY_OBJECTS $<TARGET_OBJECTS:wasmvm_decoder> $<TARGET_OBJECTS:wasmvm_vm_common>
                           $<TARGET_OBJECTS:wasmvm_vm>)
set(WASMVM_LIBRARY_COMPONENTS "decoder;vm;simd")
if(TARGET wasmvm_wasi)
  list(APPEND WASMVM_LIBRARY_OBJECTS $<TARGET_OBJECTS:wasmvm_wasi_core> $<TARGET_OBJECTS:wasmvm_wasi>)
  list(APPEND WASMVM_LIBRARY_COMPONENTS wasi)
endif()
if(TARGET wasmvm_capi)
  list(APPEND WASMVM_LIBRARY_OBJECTS $<TARGET_OBJECTS:wasmvm_capi>)
  list(APPEND WASMVM_LIBRARY_COMPONENTS capi)
endif()

set(_wasmvm_lib_targets wasmvm)
if(BUILD_SHARED_LIBS)
  add_library(wasmvm SHARED ${WASMVM_LIBRARY_OBJECTS})
  add_library(wasmvm_static STATIC ${WASMVM_LIBRARY_OBJECTS})
  set_target_properties(wasmvm_static PROPERTIES OUTPUT_NAME wasmvm)
  list(APPEND _wasmvm_lib_targets wasmvm_static)
  set_target_properties(wasmvm PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
else()
  add_library(wasmvm STATIC ${WASMVM_LIBRARY_OBJECTS})
endif()
foreach(_t IN LISTS _wasmvm_lib_targets)
  target_include_directories(${_t} INTERFACE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
                                             $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${_t} PUBLIC Threads::Threads)
  target_compile_features(${_t} INTERFACE cxx_std_20)
  set_target_properties(${_t} PROPERTIES ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib
                                         LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
endforeach()
list(JOIN WASMVM_LIBRARY_COMPONENTS ", " _wasmvm_components_text)
message(STATUS "libwasmvm: ${_wasmvm_components_text}")
