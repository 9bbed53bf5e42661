// Process exit codes of the `wasmvm` CLI (sysexits.h-style), documented in --help and README.md.
#pragma once
#include "wasmvm/result.h"

namespace wasmvm::cli {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 64;      // bad command line, unknown export, wrong argument count/text
constexpr int kExitBadModule = 65;  // malformed or invalid module (or over a configured limit)
constexpr int kExitNoInput = 66;    // cannot read the input file
constexpr int kExitLink = 67;       // unresolved or incompatible import
constexpr int kExitLimit = 124;     // a --fuel / --timeout / --max-memory / --max-stack limit was hit
constexpr int kExitTrap = 134;      // trap or stack exhaustion while running (like abort())

// Exit code for an error coming out of the VM. WASI proc_exit (ErrorKind::Exit) passes the guest's
// own code through.
inline int exit_code_for(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Malformed:
    case ErrorKind::Invalid:
    case ErrorKind::Limit: return kExitBadModule;
    case ErrorKind::Link: return kExitLink;
    case ErrorKind::Trap:
    case ErrorKind::Exhaustion: return kExitTrap;
    case ErrorKind::Exit: return e.exit_code;
    case ErrorKind::Io: return kExitNoInput;
    case ErrorKind::Usage: return kExitUsage;
  }
  return kExitTrap;
}

}  // namespace wasmvm::cli
