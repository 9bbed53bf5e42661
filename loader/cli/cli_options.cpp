#include "loader/cli/cli_options.h"

#include <string_view>

namespace wasmvm::cli {
namespace {

Error usage(std::string msg) { return make_error(ErrorKind::Usage, std::move(msg)); }

// Leading decimal digits of `text` into `out`, refusing overflow; returns the count consumed.
size_t parse_decimal(const std::string& text, uint64_t& out) {
  size_t i = 0;
  out = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; i++) {
    uint64_t d = uint64_t(text[i] - '0');
    if (out > (UINT64_MAX - d) / 10) return 0;
    out = out * 10 + d;
  }
  return i;
}

// "HOST" or "HOST::GUEST"; a bare HOST is visible to the guest under the same name.
std::pair<std::string, std::string> split_dir(const std::string& spec) {
  size_t sep = spec.find("::");
  if (sep == std::string::npos) return {spec, spec};
  return {spec.substr(0, sep), spec.substr(sep + 2)};
}

Result<CliOptions> parse_run(const std::vector<std::string>& a, size_t i, CliOptions opt) {
  // Options come before FILE; everything after FILE belongs to the guest (so "-1" is an argument).
  for (; i < a.size(); i++) {
    const std::string& s = a[i];
    auto need_value = [&](const char* name) -> Result<std::string> {
      if (i + 1 >= a.size()) return usage(std::string(name) + " needs a value");
      return a[++i];
    };
    if (s == "--invoke") {
      auto v = need_value("--invoke");
      if (!v.ok()) return v.error();
      opt.invoke = v.value();
    } else if (s == "--dir") {
      auto v = need_value("--dir");
      if (!v.ok()) return v.error();
      auto d = split_dir(v.value());
      if (d.first.empty() || d.second.empty()) return usage("--dir expects HOST or HOST::GUEST");
      opt.dirs.push_back(std::move(d));
    } else if (s == "--env") {
      auto v = need_value("--env");
      if (!v.ok()) return v.error();
      size_t eq = v.value().find('=');
      if (eq == std::string::npos || eq == 0) return usage("--env expects KEY=VALUE");
      opt.env.emplace_back(v.value().substr(0, eq), v.value().substr(eq + 1));
    } else if (s == "--max-memory" || s == "--max-stack") {
      auto v = need_value(s.c_str());
      if (!v.ok()) return v.error();
      auto bytes = parse_size_bytes(v.value());
      if (!bytes.ok()) return usage(s + ": " + bytes.error().message);
      if (s == "--max-memory") {
        uint64_t pages = bytes.value() / 65536;
        if (pages > 65536) return usage("--max-memory: at most 4G (65536 pages)");
        opt.max_memory_pages = static_cast<uint32_t>(pages);
      } else {
        if (bytes.value() < 1024) return usage("--max-stack: at least 1K");
        opt.max_stack_bytes = bytes.value();
      }
    } else if (s == "--eager-translation") {
      opt.eager_translation = true;
    } else if (s == "--fuel") {
      auto v = need_value("--fuel");
      if (!v.ok()) return v.error();
      uint64_t n = 0;
      if (parse_decimal(v.value(), n) != v.value().size() || v.value().empty() || n == 0 || n == UINT64_MAX) {
        return usage("--fuel expects a positive number of units, got '" + v.value() + "'");
      }
      opt.fuel = n;
    } else if (s == "--timeout") {
      auto v = need_value("--timeout");
      if (!v.ok()) return v.error();
      auto ms = parse_duration_ms(v.value());
      if (!ms.ok()) return usage("--timeout: " + ms.error().message);
      opt.timeout_ms = ms.value();
      opt.timeout_text = v.value();
    } else if (s == "--") {
      i++;
      break;
    } else if (s.size() > 1 && s[0] == '-') {
      return usage("unknown option '" + s + "' for run");
    } else {
      break;
    }
  }
  if (i >= a.size()) return usage("run: missing FILE.wasm");
  opt.file = a[i++];
  opt.args.assign(a.begin() + static_cast<std::ptrdiff_t>(i), a.end());
  return opt;
}

Result<CliOptions> parse_single_file(const std::vector<std::string>& a, size_t i, CliOptions opt,
                                     const char* name) {
  if (i >= a.size()) return usage(std::string(name) + ": missing FILE.wasm");
  if (a[i].size() > 1 && a[i][0] == '-') return usage("unknown option '" + a[i] + "' for " + name);
  if (i + 1 != a.size()) return usage(std::string(name) + ": expects exactly one FILE.wasm");
  opt.file = a[i];
  return opt;
}

}  // namespace

Result<uint64_t> parse_size_bytes(const std::string& text) {
  uint64_t n = 0;
  size_t used = parse_decimal(text, n);
  if (used == 0) return usage("expected a size like 65536, 64K, 16M, 1G or 256p, got '" + text + "'");
  std::string suffix = text.substr(used);
  uint64_t unit = 0;
  if (suffix.empty()) unit = 1;
  else if (suffix == "K" || suffix == "k" || suffix == "KiB") unit = 1ull << 10;
  else if (suffix == "M" || suffix == "m" || suffix == "MiB") unit = 1ull << 20;
  else if (suffix == "G" || suffix == "g" || suffix == "GiB") unit = 1ull << 30;
  else if (suffix == "p" || suffix == "pages") unit = 65536;
  else return usage("unknown size suffix '" + suffix + "' in '" + text + "' (use K, M, G or p)");
  if (n > (uint64_t(1) << 40) / unit) return usage("size '" + text + "' is too large");
  return n * unit;
}

Result<uint64_t> parse_duration_ms(const std::string& text) {
  uint64_t n = 0;
  size_t used = parse_decimal(text, n);
  if (used == 0) return usage("expected a duration like 500ms, 2s or 1m, got '" + text + "'");
  std::string suffix = text.substr(used);
  uint64_t unit = 0;
  if (suffix.empty() || suffix == "ms") unit = 1;
  else if (suffix == "s") unit = 1000;
  else if (suffix == "m" || suffix == "min") unit = 60'000;
  else return usage("unknown duration suffix '" + suffix + "' in '" + text + "' (use ms, s or m)");
  if (n == 0) return usage("duration must be positive, got '" + text + "'");
  if (n > (uint64_t(1) << 40) / unit) return usage("duration '" + text + "' is too long");
  return n * unit;
}

Result<CliOptions> parse_cli(int argc, const char* const* argv) {
  std::vector<std::string> a(argv + 1, argv + (argc > 1 ? argc : 1));
  CliOptions opt;
  if (a.empty()) return usage("missing command (try --help)");
  const std::string& cmd = a[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    opt.command = Command::Help;
    return opt;
  }
  if (cmd == "--version" || cmd == "-V" || cmd == "version") {
    opt.command = Command::Version;
    return opt;
  }
  if (cmd == "run") {
    opt.command = Command::Run;
    return parse_run(a, 1, std::move(opt));
  }
  if (cmd == "validate") {
    opt.command = Command::Validate;
    return parse_single_file(a, 1, std::move(opt), "validate");
  }
  if (cmd == "inspect") {
    opt.command = Command::Inspect;
    return parse_single_file(a, 1, std::move(opt), "inspect");
  }
  return usage("unknown command '" + cmd + "' (try --help)");
}

const char* help_text() {
  return "usage: wasmvm <command> [options]\n"
         "\n"
         "commands:\n"
         "  run [--invoke NAME] [--dir HOST[::GUEST]]... [--env KEY=VALUE]... [LIMITS] FILE.wasm [ARGS...]\n"
         "        without --invoke: instantiate (with WASI when built in) and run _start if exported\n"
         "        (or _initialize for a reactor; with --invoke, _initialize runs first);\n"
         "        ARGS become the guest's argv. With --invoke: call export NAME with ARGS parsed by its\n"
         "        parameter types (i32/i64: decimal or 0x hex; f32/f64: decimal, hex float, nan, inf;\n"
         "        v128: 0x + up to 32 hex digits; externref: N or null) and print one result per\n"
         "        line as VALUE:TYPE, e.g. 42:i32\n"
         "        LIMITS: --max-memory SIZE  cap on linear memory; bytes (65536, 64K, 16M, 1G, rounded\n"
         "                                   down to 64 KiB pages) or pages (256p); memory.grow past it\n"
         "                                   fails (returns -1)\n"
         "                --max-stack SIZE   value stack size (same units; default 8M)\n"
         "                --fuel N           stop after about N instructions (loop back-edges and calls)\n"
         "                --timeout DURATION stop after wall-clock time: 500ms, 2s, 1m\n"
         "        --eager-translation  translate every function at load (default: on its first call)\n"
         "  validate FILE.wasm   decode and validate; prints \"valid\" or the error with its byte offset\n"
         "  inspect FILE.wasm    sections (offsets, sizes), imports, exports with types, functions,\n"
         "                       memory/table limits, start function, custom sections\n"
         "  disasm [--func N|NAME] [--internal] FILE.wasm\n"
         "        disassemble all (or one) defined functions: byte offset, wat-style instruction; with\n"
         "        --internal, list the compiled internal code instead\n"
         "  wat2wasm IN.wat -o OUT.wasm\n"
         "        convert a text module to a validated binary module (text errors as FILE:LINE:COLUMN)\n"
         "  --help, --version\n"
         "\n"
         "FILE.wasm may also be a text module (.wat): every command recognises text by its content (a\n"
         "first byte of '(', ';' or whitespace), not by the file name.\n"
         "\n"
         "exit codes:\n"
         "  0    success\n"
         "  64   usage error (bad command line, unknown export, bad argument text or count)\n"
         "  65   malformed or invalid module\n"
         "  66   cannot read the input file\n"
         "  67   link error (unknown or incompatible import)\n"
         "  124  a --fuel, --timeout or --max-memory limit was hit, or the --max-stack value stack ran out\n"
         "  134  trap or call stack (call depth) exhaustion while running\n"
         "  N    a WASI program's own proc_exit code\n"
         "errors are printed to stderr as one line starting with \"wasmvm: error: \".\n";
}

}  // namespace wasmvm::cli
