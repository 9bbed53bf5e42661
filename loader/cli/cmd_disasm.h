// `wasmvm disasm [--func N|NAME] [--internal] FILE.wasm`: wasm disassembly of the defined functions
// (decoder/disasm.h) or, with --internal, a listing of the compiled internal code (vm/code_listing.h).
#pragma once

namespace wasmvm::cli {

// argv after "disasm". Returns the exit code; errors go to stderr as one "wasmvm: error:" line.
int cmd_disasm(int argc, const char* const* argv);

}  // namespace wasmvm::cli
