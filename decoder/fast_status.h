// A success Status built by default-initialization: `Status()` value-initializes the whole object
// (a 96-byte memset) before construction, which showed up in per-instruction profiles.
#pragma once
#include "wasmvm/result.h"

namespace wasmvm::detail {

inline Status ok_status() {
  Status s;
  return s;
}

}  // namespace wasmvm::detail
