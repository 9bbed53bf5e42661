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

// Reads a whole file, refusing directories and files over `max_bytes` (ErrorKind::Io / Limit). A text
// module (.wat, recognised by its first byte, not its name) is converted to the binary format here;
// its errors are Malformed with "PATH:LINE:COLUMN: message".
Result<std::vector<uint8_t>> read_module_file(const std::string& path, size_t max_bytes);

// The text-format conversion read_module_file uses (errors as described there).
Result<std::vector<uint8_t>> text_to_binary(const std::string& path, const std::vector<uint8_t>& source);

// `wasmvm wat2wasm IN.wat -o OUT.wasm` (argv after the sub-command).
int cmd_wat2wasm(int argc, char** argv);

// Prints "wasmvm: error: <what>" to stderr.
void print_error(const std::string& what);

}  // namespace wasmvm::cli
