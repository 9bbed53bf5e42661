// Executes one wast2json script (.json + its .wasm files) against the wasmvm embedding API and
// counts passed / failed / skipped commands. One Store per script.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>

namespace wasmvm::spec {

struct FileStats {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
};

struct RunnerOptions {
  bool verbose = false;  // print each failure, skip reason and message mismatch
};

// Runs every command of `json_path`. Never throws; a file that cannot be read or parsed counts as
// one failure. Diagnostics go to `log`.
FileStats run_spec_file(const std::string& json_path, const RunnerOptions& options, std::ostream& log);

// Runs every command of a .wast script, parsed with text/ (no wast2json).
FileStats run_wast_file(const std::string& wast_path, const RunnerOptions& options, std::ostream& log);

}  // namespace wasmvm::spec
