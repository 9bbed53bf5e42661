// `wasmvm wat2wasm IN.wat -o OUT.wasm`: text module -> validated binary module.
#include <cstdio>
#include <iostream>
#include <string>

#include "decoder/validator.h"
#include "loader/cli/commands.h"
#include "loader/cli/exit_codes.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::cli {

int cmd_wat2wasm(int argc, char** argv) {
  std::string in, out;
  for (int i = 0; i < argc; i++) {
    std::string a = argv[i];
    if (a == "-o" && i + 1 < argc) out = argv[++i];
    else if (!a.empty() && a[0] == '-') {
      print_error("wat2wasm: unknown option " + a);
      in.clear();
      break;
    } else if (in.empty()) in = a;
    else {
      print_error("wat2wasm: more than one input file");
      return kExitUsage;
    }
  }
  if (in.empty() || out.empty()) {
    std::cerr << "usage: wasmvm wat2wasm IN.wat -o OUT.wasm\n";
    return kExitUsage;
  }
  // read_module_file converts text; a binary input is copied after validation.
  auto bytes = read_module_file(in, Config{}.max_module_bytes);
  if (!bytes.ok()) {
    print_error(bytes.error().to_string());
    return exit_code_for(bytes.error());
  }
  auto info = decode_and_validate(bytes.value());
  if (!info.ok()) {
    const Error& e = info.error();
    print_error(in + ": " + (e.kind == ErrorKind::Invalid ? "invalid: " : "malformed: ") + e.to_string());
    return exit_code_for(e);
  }
  std::FILE* f = std::fopen(out.c_str(), "wb");
  if (!f) {
    print_error(out + ": cannot create file");
    return kExitNoInput;
  }
  size_t n = std::fwrite(bytes->data(), 1, bytes->size(), f);
  bool ok = n == bytes->size() && std::fclose(f) == 0;
  if (!ok) {
    print_error(out + ": write error");
    return kExitNoInput;
  }
  return kExitOk;
}

}  // namespace wasmvm::cli
