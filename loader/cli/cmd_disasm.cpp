// `wasmvm disasm`: own option parsing (like `wasmvm graph`) so it stays independent of `run`'s options.
#include "loader/cli/cmd_disasm.h"

#include <charconv>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "decoder/disasm.h"
#include "decoder/parser.h"
#include "loader/cli/commands.h"
#include "loader/cli/exit_codes.h"
#include "vm/code.h"
#include "vm/code_listing.h"
#include "vm/runtime.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::cli {
namespace {

struct DisasmOptions {
  std::string file;
  std::optional<std::string> func;  // --func: index (imports first) or name
  bool internal = false;
};

int usage(const std::string& msg) {
  print_error("disasm: " + msg);
  std::cerr << "usage: wasmvm disasm [--func N|NAME] [--internal] FILE.wasm\n";
  return kExitUsage;
}

// Function index of `sel`: a decimal index, else a name from the name section, else an export name.
Result<uint32_t> find_function(const ModuleInfo& m, const std::string& sel) {
  uint32_t total = static_cast<uint32_t>(m.func_type_indices.size());
  uint32_t index = 0;
  auto [end, ec] = std::from_chars(sel.data(), sel.data() + sel.size(), index);
  if (ec == std::errc() && end == sel.data() + sel.size()) {
    if (index >= total)
      return make_error(ErrorKind::Usage, "function index " + sel + " out of range (module has " +
                                              std::to_string(total) + " functions)");
    return index;
  }
  std::string_view name = sel;
  if (!name.empty() && name[0] == '$') name.remove_prefix(1);
  for (uint32_t i = 0; i < m.func_names.size(); i++)
    if (m.func_names[i] == name) return i;
  for (const Export& e : m.exports)
    if (e.kind == ExternKind::Func && e.name == sel && e.index < total) return e.index;
  return make_error(ErrorKind::Usage, "no function named '" + sel + "' (name section or export)");
}

// Same header as decoder/disasm's function header, for the internal listing.
std::string header(const ModuleInfo& m, uint32_t func_index) {
  std::string h = "func[" + std::to_string(func_index) + "]";
  if (func_index < m.func_names.size() && !m.func_names[func_index].empty())
    h += " <" + m.func_names[func_index] + ">";
  uint32_t t = m.func_type_indices[func_index];
  h += " ";
  h += t < m.types.size() ? m.types[t].to_string() : "(bad type)";
  return h + "\n";
}

int disasm_module(const DisasmOptions& opt, const std::vector<uint8_t>& bytes) {
  auto info = parse_module(bytes);
  if (!info.ok()) {
    print_error(opt.file + ": malformed: " + info.error().to_string());
    return exit_code_for(info.error());
  }
  const ModuleInfo& m = info.value();
  uint32_t first = 0, last = static_cast<uint32_t>(m.func_type_indices.size());
  if (opt.func) {
    auto f = find_function(m, *opt.func);
    if (!f.ok()) return usage(f.error().message);
    if (f.value() < m.num_imported_funcs)
      return usage("function " + *opt.func + " is imported (it has no body)");
    first = f.value();
    last = first + 1;
  }

  std::shared_ptr<const Module> compiled;
  if (opt.internal) {
    Engine engine;
    auto c = Module::compile(engine, bytes);
    if (!c.ok()) {
      print_error(opt.file + ": " + c.error().to_string());
      return exit_code_for(c.error());
    }
    compiled = c.value();
  }
  for (uint32_t fi = std::max(first, m.num_imported_funcs); fi < last; fi++) {
    size_t def = fi - m.num_imported_funcs;
    if (compiled) {
      const rt::CompiledFunc* code = rt::compiled_code(*compiled, def);
      if (!code) {
        print_error(opt.file + ": func[" + std::to_string(fi) + "] cannot be translated");
        return kExitBadModule;
      }
      std::cout << header(m, fi) << rt::code_listing_text(*code);
    } else {
      // Streamed line by line: the listing of one function can be far larger than the module.
      Status st = disassemble_function(bytes.data(), bytes.size(), m, def,
                                       [](std::string_view line) { std::cout << line; });
      if (!st.ok()) {
        std::cout << std::flush;
        print_error(opt.file + ": func[" + std::to_string(fi) + "]: " + st.error().to_string());
        return exit_code_for(st.error());
      }
    }
    std::cout << (fi + 1 < last ? "\n" : "");
  }
  std::cout << std::flush;
  return kExitOk;
}

}  // namespace

int cmd_disasm(int argc, const char* const* argv) {
  DisasmOptions opt;
  for (int i = 0; i < argc; i++) {
    std::string_view a = argv[i];
    if (a == "--internal") {
      opt.internal = true;
    } else if (a == "--func") {
      if (i + 1 >= argc) return usage("--func needs an index or a name");
      opt.func = argv[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + std::string(a) + "'");
    } else if (!opt.file.empty()) {
      return usage("expects exactly one FILE.wasm");
    } else {
      opt.file = a;
    }
  }
  if (opt.file.empty()) return usage("missing FILE.wasm");
  auto bytes = read_module_file(opt.file, Config{}.max_module_bytes);
  if (!bytes.ok()) {
    print_error(bytes.error().to_string());
    return exit_code_for(bytes.error());
  }
  return disasm_module(opt, bytes.value());
}

}  // namespace wasmvm::cli
