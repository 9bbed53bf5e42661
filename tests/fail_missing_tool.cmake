# Run by the tests wasmvm_add_missing_tool_test() registers: a missing prerequisite fails, it never passes.
message(FATAL_ERROR "${MESSAGE}")
