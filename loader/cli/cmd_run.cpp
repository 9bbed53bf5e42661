#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <thread>

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
void print_backtrace(const Error& e) {
  constexpr size_t kMaxLines = 8;
  size_t total = e.backtrace_lines();
  if (total == 0) return;
  std::cerr << "backtrace (innermost first):\n" << e.backtrace(kMaxLines);
  if (total > kMaxLines) std::cerr << "  ... " << (total - kMaxLines) << " more lines\n";
}

int fail(const std::string& context, const Error& e) {
  if (e.kind == ErrorKind::Exit) return e.exit_code;  // WASI proc_exit: the guest's own status, not an error
  std::string text = context.empty() ? e.to_string() : context + ": " + e.to_string();
  print_error(text);
  if (e.kind == ErrorKind::Trap || e.kind == ErrorKind::Exhaustion) print_backtrace(e);
  return exit_code_for(e);
}

// Interrupts the store after `ms` unless stopped first (Store::interrupt is thread-safe).
class Watchdog {
 public:
  Watchdog(Store& store, uint64_t ms) {
    if (ms == 0) return;
    thread_ = std::thread([this, &store, ms] {
      std::unique_lock<std::mutex> lock(mu_);
      if (!cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return done_; })) {
        fired_ = true;
        store.interrupt();
      }
    });
  }
  ~Watchdog() { stop(); }
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  bool fired() {
    std::lock_guard<std::mutex> lock(mu_);
    return fired_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false, fired_ = false;
  std::thread thread_;
};

// Turns a run failure into the limit's one-line message (exit kExitLimit) when one of the
// command-line limits caused it; otherwise the ordinary trap report.
struct LimitReporter {
  const CliOptions& opt;
  Store& store;
  Watchdog& watchdog;
  const Instance* instance = nullptr;

  // The exported memory sits at the --max-memory cap (so a refused memory.grow is the likely cause).
  bool memory_at_cap() const {
    if (!opt.max_memory_pages || instance == nullptr) return false;
    Memory m = instance->default_memory();
    return m.valid() && m.pages() >= *opt.max_memory_pages;
  }

  int report(const std::string& context, const Error& e) {
    watchdog.stop();
    std::cout.flush();
    if (e.code == TrapCode::Interrupted && watchdog.fired()) {
      print_error("timeout after " + opt.timeout_text);
      print_backtrace(e);
      return kExitLimit;
    }
    if (e.code == TrapCode::OutOfFuel && opt.fuel != 0) {
      print_error("fuel exhausted after " + std::to_string(opt.fuel) + " units");
      print_backtrace(e);
      return kExitLimit;
    }
    // Only the value stack is sized by --max-stack; the call depth is a fixed Config limit, so
    // its exhaustion stays an ordinary trap (exit 134) whatever --max-stack says.
    if (e.code == TrapCode::ValueStackExhausted && opt.max_stack_bytes != 0) {
      print_error("stack limit reached: value stack exhausted (--max-stack " + std::to_string(opt.max_stack_bytes) +
                  " bytes)");
      print_backtrace(e);
      return kExitLimit;
    }
    if (e.code == TrapCode::MemoryLimit && opt.max_memory_pages) {
      print_error("memory limit reached: " + e.message);
      return kExitLimit;
    }
    if (e.kind != ErrorKind::Exit && memory_at_cap()) {
      int code = fail(context, e);
      print_error("memory limit reached: linear memory is at the --max-memory cap of " +
                  std::to_string(*opt.max_memory_pages) + " pages; memory.grow beyond it failed");
      return code == kExitOk ? kExitOk : kExitLimit;
    }
    if (e.kind == ErrorKind::Exit && e.exit_code != 0 && memory_at_cap()) {
      print_error("memory limit reached: linear memory is at the --max-memory cap of " +
                  std::to_string(*opt.max_memory_pages) + " pages (guest exited with " +
                  std::to_string(e.exit_code) + ")");
      return e.exit_code;  // the guest's own status stays the exit code
    }
    return fail(context, e);
  }
};

// Calls `opt.invoke` with arguments parsed by its parameter types and prints the results.
int invoke_export(const Instance& instance, const CliOptions& opt, LimitReporter& limits) {
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
  if (!results.ok()) return limits.report(opt.invoke, results.error());
  for (const Value& r : results.value()) std::cout << format_value(r) << "\n";
  std::cout.flush();
  return kExitOk;
}

}  // namespace

Config engine_config(const CliOptions& opt) {
  Config c;
  if (opt.max_memory_pages) c.max_memory_pages = *opt.max_memory_pages;
  if (opt.max_stack_bytes != 0) c.value_stack_cells = static_cast<size_t>(opt.max_stack_bytes / 8);
  c.fuel = opt.fuel;
  c.eager_translation = opt.eager_translation;
  return c;
}

int cmd_run(const CliOptions& opt) {
  Engine engine(engine_config(opt));
  auto bytes = read_module_file(opt.file, engine.config().max_module_bytes);
  if (!bytes.ok()) return fail("", bytes.error());
  auto module = Module::compile(engine, std::move(bytes).value());  // moved: no second copy
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

  // The timeout covers instantiation (a start function may loop) as well as the run.
  Watchdog watchdog(store, opt.timeout_ms);
  LimitReporter limits{opt, store, watchdog};
  auto instance = linker.instantiate(module.value());
  if (!instance.ok()) return limits.report(opt.file, instance.error());
  limits.instance = &instance.value();

  // A command exports _start; a reactor exports _initialize, which must run before any other export.
  Func start = instance->func("_start");
  Func init = instance->func("_initialize");
  if (init.valid() && (!start.valid() || !opt.invoke.empty())) {
    auto r = init.call(store, {});
    if (!r.ok()) return limits.report("_initialize", r.error());
  }
  int code = kExitOk;
  if (!opt.invoke.empty()) {
    code = invoke_export(instance.value(), opt, limits);
  } else if (start.valid()) {
    auto r = start.call(store, {});
    if (!r.ok()) return limits.report("_start", r.error());
  }
  std::cout.flush();
  return code;
}

}  // namespace wasmvm::cli
