# Run by placeholder ctests so that a missing prerequisite fails loudly instead of passing silently.
if(WHAT STREQUAL "suite")
  message(FATAL_ERROR "The official WebAssembly testsuite is missing (looked in '${WHERE}'). "
                      "Point WASMVM_TESTSUITE at a checkout of https://github.com/WebAssembly/testsuite "
                      "(cmake -DWASMVM_TESTSUITE=/path or the environment variable) and reconfigure.")
else()
  message(FATAL_ERROR "The wasmvm_vm library target does not exist, so the spec runner could not be built.")
endif()
