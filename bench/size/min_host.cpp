// The smallest useful embedding: read a module, compile, instantiate (no imports, no WASI), call one
// export with i32 arguments and print its i32 results. bench/size_report.sh measures this binary
// stripped, to see what a device host pays for the core; it links the core only (decoder, vm, simd).
//   wasmvm-min-host FILE.wasm EXPORT [I32...]
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "wasmvm/wasmvm.h"

namespace {

bool read_file(const char* path, std::vector<uint8_t>& out) {
  FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  uint8_t buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  bool ok = !std::ferror(f);
  std::fclose(f);
  return ok;
}

int fail(const char* what, const wasmvm::Error& e) {
  std::fprintf(stderr, "min-host: %s: %s\n", what, e.message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FILE.wasm EXPORT [I32...]\n", argv[0]);
    return 64;
  }
  std::vector<uint8_t> bytes;
  if (!read_file(argv[1], bytes)) {
    std::fprintf(stderr, "min-host: cannot read %s\n", argv[1]);
    return 66;
  }
  wasmvm::Engine engine;
  auto module = wasmvm::Module::compile(engine, bytes);
  if (!module.ok()) return fail("compile", module.error());
  wasmvm::Store store(engine);
  wasmvm::Linker linker(store);
  auto instance = linker.instantiate(module.value());
  if (!instance.ok()) return fail("instantiate", instance.error());
  std::vector<wasmvm::Value> args;
  for (int i = 3; i < argc; ++i) args.push_back(wasmvm::Value::from_i32(int32_t(std::strtol(argv[i], nullptr, 0))));
  auto results = instance->call(argv[2], args);
  if (!results.ok()) return fail("call", results.error());
  for (const auto& v : results.value()) std::printf("%d\n", v.as_i32());
  return 0;
}
