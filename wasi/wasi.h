// WASI preview1 (wasi_snapshot_preview1) for wasmvm: a sandboxed host implementation.
//
// Usage:
//   wasmvm::wasi::Config cfg;
//   cfg.args = {"prog.wasm", "arg1"};
//   cfg.preopens.push_back({"/host/data", "/data"});
//   auto ctx = wasmvm::wasi::create_context(cfg);      // fails with ErrorKind::Io on a bad preopen
//   wasmvm::wasi::add_to_linker(linker, *ctx);
//   ... instantiate, call "_start"; a proc_exit comes back as Error{ErrorKind::Exit, exit_code}.
//
// Guest paths resolve only inside the preopened directories (no absolute paths, no ".." escapes,
// symlinks resolved component by component and refused when they leave the preopen).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wasmvm/result.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::wasi {

struct Preopen {
  std::string host_path;   // directory on the host (must exist and be a directory)
  std::string guest_path;  // name the guest sees, e.g. "/", "/data", "."
};

struct Config {
  std::vector<std::string> args;                             // argv, argv[0] included
  std::vector<std::pair<std::string, std::string>> env;      // KEY=VALUE pairs
  std::vector<Preopen> preopens;                             // become guest fds 3, 4, ...
  int stdin_fd = 0, stdout_fd = 1, stderr_fd = 2;            // host fds backing guest 0/1/2 (-1: closed)
};

// Per-instance WASI state: fd table, args, env, preopens, exit code. Opaque; defined in wasi/.
class Context;

// Opens the preopened directories and sets up stdio. Errors (ErrorKind::Io) name the bad preopen.
Result<std::shared_ptr<Context>> create_context(const Config& config);

// Defines every wasi_snapshot_preview1.* function in `linker`, bound to `ctx`.
void add_to_linker(Linker& linker, std::shared_ptr<Context> ctx);

// The code passed to proc_exit, if the guest called it.
std::optional<int32_t> exit_code(const Context& ctx);

}  // namespace wasmvm::wasi
