# Run by the placeholder ctest spec/suite-missing, so that a missing testsuite fails loudly instead of passing.
message(FATAL_ERROR "The official WebAssembly testsuite is missing (looked in '${WHERE}'). "
                    "Point WASMVM_TESTSUITE at a checkout of https://github.com/WebAssembly/testsuite "
                    "(cmake -DWASMVM_TESTSUITE=/path or the environment variable) and reconfigure.")
