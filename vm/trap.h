// Trap codes of the interpreter and their spec-test message texts.
#pragma once
#include <cstdint>

namespace wasmvm::rt {

enum class TrapCode : uint8_t {
  None,
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,      // call_indirect index >= table size
  UninitializedElement,  // call_indirect on a null entry
  IndirectCallTypeMismatch,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversion,
  StackExhausted,
  Interrupted,
  OutOfFuel,
  HostError,             // a host function returned an Error (kept verbatim in the context)
};

inline const char* trap_message(TrapCode c) {
  switch (c) {
    case TrapCode::None: return "no trap";
    case TrapCode::Unreachable: return "unreachable";
    case TrapCode::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapCode::TableOutOfBounds: return "out of bounds table access";
    case TrapCode::UndefinedElement: return "undefined element";
    case TrapCode::UninitializedElement: return "uninitialized element";
    case TrapCode::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapCode::IntegerDivideByZero: return "integer divide by zero";
    case TrapCode::IntegerOverflow: return "integer overflow";
    case TrapCode::InvalidConversion: return "invalid conversion to integer";
    case TrapCode::StackExhausted: return "call stack exhausted";
    case TrapCode::Interrupted: return "interrupted";
    case TrapCode::OutOfFuel: return "all fuel consumed";
    case TrapCode::HostError: return "host error";
  }
  return "trap";
}

}  // namespace wasmvm::rt
