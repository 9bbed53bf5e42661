// wasmvm: command-line front end (run / validate / inspect). See --help for usage and exit codes.
#include <iostream>

#include "loader/cli/cli_options.h"
#include "loader/cli/commands.h"
#include "loader/cli/exit_codes.h"
#include "wasmvm/wasmvm.h"

int main(int argc, char** argv) {
  using namespace wasmvm::cli;
  auto opt = parse_cli(argc, argv);
  if (!opt.ok()) {
    print_error(opt.error().message);
    std::cerr << "usage: wasmvm run|validate|inspect ... (see wasmvm --help)\n";
    return kExitUsage;
  }
  switch (opt->command) {
    case Command::Help: std::cout << help_text(); return kExitOk;
    case Command::Version: std::cout << "wasmvm " << wasmvm::kVersion << "\n"; return kExitOk;
    case Command::Run: return cmd_run(opt.value());
    case Command::Validate: return cmd_validate(opt.value());
    case Command::Inspect: return cmd_inspect(opt.value());
  }
  return kExitUsage;
}
