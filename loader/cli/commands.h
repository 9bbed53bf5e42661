// The CLI subcommands. Each returns the process exit code and prints its own one-line errors.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "loader/cli/cli_options.h"
#include "wasmvm/result.h"

namespace wasmvm::cli {

int cmd_run(const CliOptions& opt);
int cmd_validate(const CliOptions& opt);
int cmd_inspect(const CliOptions& opt);

// Reads a whole file, refusing directories and files over `max_bytes` (ErrorKind::Io / Limit).
Result<std::vector<uint8_t>> read_module_file(const std::string& path, size_t max_bytes);

// Prints "wasmvm: error: <what>" to stderr.
void print_error(const std::string& what);

}  // namespace wasmvm::cli
