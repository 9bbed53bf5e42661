// wasmvm: command-line front end (run / validate / inspect / disasm / wat2wasm / graph). See --help for usage and exit codes.
#include <iostream>
#include <string_view>

#include "loader/cli/cli_options.h"
#include "loader/cli/cmd_disasm.h"
#include "loader/cli/commands.h"
#include "loader/cli/exit_codes.h"
#include "wasmvm/wasmvm.h"
#if WASMVM_CLI_GRAPH
#include "loader/graph/cmd_graph.h"  // `wasmvm graph`: owned by the wasm_graph engineer
#endif

int main(int argc, char** argv) {
  using namespace wasmvm::cli;
#if WASMVM_CLI_GRAPH
  // `wasmvm graph ...` has its own option parser (loader/graph/cmd_graph.cpp).
  if (argc > 1 && std::string_view(argv[1]) == "graph") return wasmvm::graph::run_graph_command(argc - 2, argv + 2);
#endif
  // `wasmvm disasm ...` parses its own options (loader/cli/cmd_disasm.cpp).
  if (argc > 1 && std::string_view(argv[1]) == "disasm") return cmd_disasm(argc - 2, argv + 2);
  if (argc > 1 && std::string_view(argv[1]) == "wat2wasm") return cmd_wat2wasm(argc - 2, argv + 2);
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
