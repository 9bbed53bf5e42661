#include <iostream>

#include "decoder/validator.h"
#include "loader/cli/commands.h"
#include "loader/cli/exit_codes.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::cli {

int cmd_validate(const CliOptions& opt) {
  auto bytes = read_module_file(opt.file, Config{}.max_module_bytes);
  if (!bytes.ok()) {
    print_error(bytes.error().to_string());
    return exit_code_for(bytes.error());
  }
  auto info = decode_and_validate(bytes.value());
  if (!info.ok()) {
    const Error& e = info.error();
    const char* what = e.kind == ErrorKind::Malformed ? "malformed: " : e.kind == ErrorKind::Invalid ? "invalid: " : "";
    print_error(opt.file + ": " + what + e.to_string());
    return exit_code_for(e);
  }
  std::cout << "valid" << std::endl;
  return kExitOk;
}

}  // namespace wasmvm::cli
