// Command-line parsing for the `wasmvm` CLI: turns argv into a CliOptions value or a usage error.
#pragma once
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
};

// Errors are ErrorKind::Usage with a one-line message.
Result<CliOptions> parse_cli(int argc, const char* const* argv);

// The --help text (includes the exit codes).
const char* help_text();

}  // namespace wasmvm::cli
