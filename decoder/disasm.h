// Text disassembly of function bodies and constant expressions, driven entirely by InstrReader and
// op_info() (opcodes.def): no opcode list of its own. One instruction per line:
//   "000012:     i32.load offset=8 align=1"
// (hex byte offset, two spaces of indentation per open block, wat-style immediates). Past
// kMaxDisasmIndent open blocks the indentation stays at that many levels and the line shows the depth
// as a number, e.g. "000012:  <64 spaces>[depth 40] block", so a line's size never depends on the nesting.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "decoder/instr.h"
#include "decoder/module.h"
#include "wasmvm/result.h"

namespace wasmvm {

// The instruction's text without offset or indentation, e.g. "br_table 0 1 2" or
// "v128.const i32x4 0x00000001 0x00000002 0x00000003 0x00000004". `module` (optional) supplies
// function names from the name section for call / return targets and ref.func.
std::string instr_text(const Instr& in, const ModuleInfo* module = nullptr);

inline constexpr size_t kMaxDisasmIndent = 32;

// Receives each output line (with its trailing '\n') as soon as it is formatted, so a caller can stream
// a listing of any size without holding it.
using DisasmSink = std::function<void(std::string_view line)>;

// Disassembles the instructions in [begin, end) of `data`, passing one line per instruction to `sink`.
// On a malformed encoding the lines decoded so far have been emitted and the decoder's error (with its
// byte offset) is returned.
Status disassemble_code(const uint8_t* data, size_t begin, size_t end, const ModuleInfo* module,
                        const DisasmSink& sink);
// The same, appending to `out` (small inputs and tests).
Status disassemble_code(const uint8_t* data, size_t begin, size_t end, const ModuleInfo* module,
                        std::string& out);

// Defined function `def_index` of `m` (decoded from `bytes`, the module binary): a header line
// "func[N] <name> (params) -> (results)", a "locals:" line when it declares locals, then its body.
Status disassemble_function(const uint8_t* bytes, size_t size, const ModuleInfo& m, size_t def_index,
                            const DisasmSink& sink);
Status disassemble_function(const uint8_t* bytes, size_t size, const ModuleInfo& m, size_t def_index,
                            std::string& out);

// A constant expression as wat text, e.g. "i32.const -1" or "global.get 2".
std::string const_expr_text(const ConstExpr& e, const ModuleInfo* module = nullptr);

}  // namespace wasmvm
