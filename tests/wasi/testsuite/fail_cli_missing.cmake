# Placeholder ctest: the WASI testsuite needs the `wasmvm` CLI built with the wasi/ library.
message(FATAL_ERROR "The wasmvm CLI with WASI support (targets wasmvm, wasmvm_wasi) is not built, so the "
                    "official WASI testsuite cannot run.")
