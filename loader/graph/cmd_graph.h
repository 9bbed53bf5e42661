// `wasmvm graph MODEL.wasm --input FILE ...`: classify images / run tensors through a wasm_graph model.
#pragma once

namespace wasmvm::graph {

// argv[0..argc) are the arguments after "graph". Returns the process exit code (loader/cli/exit_codes.h).
int run_graph_command(int argc, char** argv);

}  // namespace wasmvm::graph
