// Command-line parsing for the `wasmvm` CLI: turns argv into a CliOptions value or a usage error.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wasmvm/result.h"

namespace wasmvm::cli {

enum class Command { Help, Version, Run, Validate, Inspect };

struct CliOptions {
  Command command = Command::Help;
  std::string file;                 // the .wasm module
  std::string invoke;               // run: exported function to call ("" = run _start)
  std::vector<std::string> args;    // run: arguments after FILE
  std::vector<std::pair<std::string, std::string>> dirs;  // run: --dir HOST[::GUEST] preopens
  std::vector<std::pair<std::string, std::string>> env;   // run: --env KEY=VALUE
  // run: resource limits (0 = not given, engine defaults apply)
  std::optional<uint32_t> max_memory_pages;  // --max-memory, in 64 KiB pages
  uint64_t max_stack_bytes = 0;     // --max-stack, value stack bytes
  uint64_t fuel = 0;                // --fuel
  uint64_t timeout_ms = 0;          // --timeout
  std::string timeout_text;         // --timeout as written, for the message
  bool eager_translation = false;   // --eager-translation: translate every function at load
};

// "--max-memory"/"--max-stack" sizes: N (bytes), NK/NM/NG (KiB/MiB/GiB) or Np (64 KiB pages).
Result<uint64_t> parse_size_bytes(const std::string& text);
// "--timeout": N ms, Nms, Ns, Nm (minutes).
Result<uint64_t> parse_duration_ms(const std::string& text);

// Errors are ErrorKind::Usage with a one-line message.
Result<CliOptions> parse_cli(int argc, const char* const* argv);

// The --help text (includes the exit codes).
const char* help_text();

}  // namespace wasmvm::cli
