// Execution context: the preallocated value stack and call stack shared by every (re-entrant)
// execution in a store, plus the trap state handed from the interpreter to execute().
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "vm/code.h"
#include "vm/runtime.h"
#include "vm/trap.h"

namespace wasmvm::rt {

// One active wasm function. `ip` is saved when this function calls another: it is the resume
// address (the instruction after the call).
struct CallFrame {
  const CompiledFunc* func = nullptr;
  Cell* fp = nullptr;
  InstanceInst* inst = nullptr;
  const uint64_t* ip = nullptr;
};

struct ExecContext {
  StoreImpl* store = nullptr;
  std::unique_ptr<Cell[]> stack;
  Cell* stack_begin = nullptr;
  Cell* stack_end = nullptr;
  Cell* free_top = nullptr;          // first cell not used by active frames (for re-entrant calls)
  std::vector<CallFrame> frames;     // max_call_depth entries
  CallFrame* next_frame = nullptr;   // first free call-stack record (the next run starts here)
  CallFrame* frames_last = nullptr;  // last usable record
  CallFrame* cur_frame = nullptr;    // innermost frame while run() executes (kept out of registers)
  CallFrame* base_frame = nullptr;   // first frame of the innermost active run (returning from it exits)
  size_t active_runs = 0;

  // Trap state set by the interpreter's cold exit.
  TrapCode trap = TrapCode::None;
  const uint64_t* trap_ip = nullptr;
  CallFrame* trap_frame = nullptr;
  Error host_error;                  // TrapCode::HostError: the host's error, verbatim (code kept)
};

// Fills e.frames from the innermost frame `top` (stopped at top_ip) down to `bottom`.
void build_backtrace(Error& e, const CallFrame* bottom, const CallFrame* top, const uint64_t* top_ip);

}  // namespace wasmvm::rt
