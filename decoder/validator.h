// The spec's validation algorithm (appendix "Validation Algorithm"): operand-type stack and control
// frames. It validates one instruction at a time, so the compiler can drive it in the same pass; it
// never looks at the compiler's location stack. Module-level rules live in validate_module().
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "instr.h"
#include "module.h"
#include "wasmvm/result.h"

namespace wasmvm {

// Validates everything except function bodies: limits, const exprs, exports, start, segments,
// data count, declared function references. ErrorKind::Invalid with spec-style messages.
Status validate_module(const ModuleInfo& m);

class FunctionValidator {
 public:
  explicit FunctionValidator(const ModuleInfo& m);

  // Starts function `def_index` (index into m.functions, i.e. excluding imports).
  Status begin(uint32_t def_index);
  // Validates and applies one instruction. After the final `end` of the body, done() is true.
  Status step(const Instr& in);
  bool done() const;

  // For the compiler: is the innermost frame's code unreachable (after br/return/unreachable...)?
  bool unreachable() const;
  // Height of the operand stack (for lockstep assertions).
  size_t height() const;
  // Value type of local `i` (params first).
  ValType local_type(uint32_t i) const;
  uint32_t num_locals() const;  // params + declared locals

 private:
  struct Frame {
    Op opcode;
    std::vector<ValType> start_types;
    std::vector<ValType> end_types;
    size_t height;
    bool unreachable;
  };
  // Implementation detail; see validator.cpp.
  const ModuleInfo& m_;
  std::vector<ValType> locals_;
  std::vector<uint8_t> vals_;   // ValType bytes; 0 = Unknown (polymorphic)
  std::vector<Frame> ctrls_;
  bool done_ = false;
  friend struct ValidatorOps;
  // Added by the decoder implementation (private, so additive only):
  size_t depth_ = 0;                      // live frames; ctrls_ entries beyond are reused storage
  std::vector<uint8_t> declared_funcs_;   // fallback when m.declared_func_refs is not filled in
  std::vector<ValType> results_;          // the current function's result types

};

// Validates every function body (validator only, no code generation). When a body is invalid, a
// malformed encoding in any body is reported instead, as the spec decodes before validating.
Status validate_function_bodies(const ModuleInfo& m, std::span<const uint8_t> bytes);

// Convenience: parse + validate_module + validate every body with a null sink (what `wasmvm
// validate` runs).
Result<ModuleInfo> decode_and_validate(std::span<const uint8_t> bytes);

}  // namespace wasmvm
