#include <iostream>

#include "loader/cli/commands.h"
#include "loader/cli/exit_codes.h"
#include "loader/cli/value_text.h"
#include "wasmvm/wasmvm.h"
#if WASMVM_CLI_WASI
#include "wasi/wasi.h"
#endif

namespace wasmvm::cli {
namespace {

// The innermost frames only: a stack exhaustion backtrace would otherwise be thousands of lines.
void print_backtrace(const std::string& bt) {
  constexpr size_t kMaxFrames = 8;
  size_t pos = 0, shown = 0, total = 0;
  std::string head;
  while (pos < bt.size()) {
    size_t nl = bt.find('\n', pos);
    if (nl == std::string::npos) nl = bt.size();
    if (nl > pos) {
      if (shown < kMaxFrames) {
        head.append(bt, pos, nl - pos).push_back('\n');
        shown++;
      }
      total++;
    }
    pos = nl + 1;
  }
  if (total == 0) return;
  std::cerr << "backtrace (innermost first):\n" << head;
  if (total > shown) std::cerr << "  ... " << (total - shown) << " more lines\n";
}

int fail(const std::string& context, const Error& e) {
  if (e.kind == ErrorKind::Exit) return e.exit_code;  // WASI proc_exit: the guest's own status, not an error
  std::string text = context.empty() ? e.to_string() : context + ": " + e.to_string();
  print_error(text);
  if (e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion) print_backtrace(e.backtrace);
  return exit_code_for(e);
}

// Calls `opt.invoke` with arguments parsed by its parameter types and prints the results.
int invoke_export(const Instance& instance, const CliOptions& opt) {
  Func fn = instance.func(opt.invoke);
  if (!fn.valid()) {
    print_error("no exported function '" + opt.invoke + "' in " + opt.file);
    return kExitUsage;
  }
  const FuncType& type = fn.type();
  if (opt.args.size() != type.params.size()) {
    print_error("'" + opt.invoke + "' expects " + std::to_string(type.params.size()) + " argument(s) " +
                type.to_string() + ", got " + std::to_string(opt.args.size()));
    return kExitUsage;
  }
  std::vector<Value> args;
  for (size_t i = 0; i < opt.args.size(); i++) {
    auto v = parse_value(opt.args[i], type.params[i]);
    if (!v.ok()) return fail("argument " + std::to_string(i + 1), v.error());
    args.push_back(v.value());
  }
  auto results = fn.call(instance.store(), args);
  if (!results.ok()) return fail(opt.invoke, results.error());
  for (const Value& r : results.value()) std::cout << format_value(r) << "\n";
  std::cout.flush();
  return kExitOk;
}

}  // namespace

int cmd_run(const CliOptions& opt) {
  Engine engine;
  auto bytes = read_module_file(opt.file, engine.config().max_module_bytes);
  if (!bytes.ok()) return fail("", bytes.error());
  auto module = Module::compile(engine, bytes.value());
  if (!module.ok()) return fail(opt.file, module.error());

  Store store(engine);
  Linker linker(store);
#if WASMVM_CLI_WASI
  wasi::Config wasi_config;
  wasi_config.args.push_back(opt.file);
  wasi_config.args.insert(wasi_config.args.end(), opt.args.begin(), opt.args.end());
  wasi_config.env = opt.env;
  for (const auto& [host, guest] : opt.dirs) wasi_config.preopens.push_back({host, guest});
  auto wasi_ctx = wasi::create_context(wasi_config);
  if (!wasi_ctx.ok()) return fail("wasi", wasi_ctx.error());
  wasi::add_to_linker(linker, wasi_ctx.value());
#else
  if (!opt.dirs.empty() || !opt.env.empty()) {
    print_error("--dir/--env need WASI support, which this build does not include");
    return kExitUsage;
  }
#endif

  auto instance = linker.instantiate(module.value());
  if (!instance.ok()) return fail(opt.file, instance.error());
  if (!opt.invoke.empty()) return invoke_export(instance.value(), opt);

  Func start = instance->func("_start");
  if (!start.valid()) return kExitOk;  // a library module: instantiating (and its start function) is the run
  auto r = start.call(store, {});
  std::cout.flush();
  if (!r.ok()) return fail("_start", r.error());
  return kExitOk;
}

}  // namespace wasmvm::cli
