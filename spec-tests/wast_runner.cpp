// Executes one .wast script with the text-format parser of text/ (no conversion step): modules
// (text, binary, quote), register, invoke/get actions and every assert_* command.
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "spec-tests/spec_runner.h"
#include "spec-tests/spectest_host.h"
#include "spec-tests/wast_values.h"
#include "text/wat.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::spec {
namespace {

using text::Node;

const char* kind_name(ErrorKind k) {
  switch (k) {
    case ErrorKind::Malformed: return "malformed";
    case ErrorKind::Invalid: return "invalid";
    case ErrorKind::Link: return "link error";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exhaustion: return "exhaustion";
    case ErrorKind::Exit: return "exit";
    case ErrorKind::Limit: return "limit";
    case ErrorKind::Io: return "i/o error";
    case ErrorKind::Usage: return "usage error";
  }
  return "error";
}

std::string describe_error(const Error& e) { return std::string(kind_name(e.kind)) + " \"" + e.to_string() + "\""; }

struct Outcome {
  enum Kind { Pass, Fail } kind = Pass;
  std::string why;
  static Outcome pass() { return {}; }
  static Outcome fail(std::string w) { return {Fail, std::move(w)}; }
};

// A module command's binary (or the text error that prevented it).
struct ModuleBytes {
  std::vector<uint8_t> bytes;
  bool text_ok = true;
  text::TextError text_error;
  bool is_binary = false;  // (module binary ...)
};

class WastRunner {
 public:
  WastRunner(std::string path, const RunnerOptions& options, std::ostream& log)
      : path_(std::move(path)),
        name_(std::filesystem::path(path_).filename().string()),
        options_(options),
        log_(log),
        store_(engine_),
        linker_(store_) {}

  FileStats run() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return setup_failure("cannot open file");
    std::string source((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Node script;
    text::TextError err;
    if (!text::parse_sexprs(source, script, err)) return setup_failure(err.to_string());
    Status host = define_spectest(linker_);
    if (!host.ok()) return setup_failure("cannot create the spectest module: " + describe_error(host.error()));
    if (!script.kids.empty() && is_module_field(script.kids[0])) {
      // An inline module: the whole script is the fields of one module.
      line_ = script.kids[0].line;
      std::vector<uint8_t> bytes;
      Outcome out = text::module_to_binary(script, bytes, err) ? instantiate_bytes(bytes, "")
                                                                 : Outcome::fail("text format error " + err.to_string());
      count(out, "module");
      return stats_;
    }
    for (const Node& cmd : script.kids) run_command(cmd);
    return stats_;
  }

 private:
  FileStats setup_failure(const std::string& why) {
    log_ << "  FAIL " << name_ << ": " << why << "\n";
    stats_.failed++;
    return stats_;
  }

  void run_command(const Node& cmd) {
    line_ = cmd.line;
    std::string type(cmd.head());
    if (type == "register") {
      do_register(cmd);
      return;
    }
    Outcome out;
    try {
      out = dispatch(type, cmd);
    } catch (const std::exception& ex) {  // allocation failure...
      out = Outcome::fail(std::string("runner exception: ") + ex.what());
    }
    count(out, type);
  }

  static bool is_module_field(const Node& n) {
    static const char* fields[] = {"type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data"};
    for (const char* f : fields)
      if (n.is_list_of(f)) return true;
    return false;
  }

  void count(const Outcome& out, const std::string& type) {
    if (out.kind == Outcome::Pass) {
      stats_.passed++;
      return;
    }
    stats_.failed++;
    if (options_.verbose) log_ << "  FAIL " << name_ << ":" << line_ << " " << type << ": " << out.why << "\n";
  }

  Outcome dispatch(const std::string& type, const Node& cmd) {
    if (type == "module") return do_module(cmd);
    if (type == "invoke" || type == "get") return do_action_command(cmd);
    if (type == "assert_return") return do_assert_return(cmd);
    if (type == "assert_trap") return do_assert_trap(cmd);
    if (type == "assert_exhaustion") return do_assert_exhaustion(cmd);
    if (type == "assert_invalid") return do_assert_invalid(cmd);
    if (type == "assert_malformed") return do_assert_malformed(cmd);
    if (type == "assert_unlinkable") return do_assert_instantiate_error(cmd, ErrorKind::Link);
    if (type == "assert_uninstantiable") return do_assert_instantiate_error(cmd, ErrorKind::Trap);
    return Outcome::fail("unknown command '" + type + "'");
  }

  static const Node* arg(const Node& cmd, size_t i) { return i < cmd.kids.size() ? &cmd.kids[i] : nullptr; }
  static std::string expected_text(const Node& cmd) {
    const Node* last = cmd.kids.empty() ? nullptr : &cmd.kids.back();
    return last && last->is_string() ? last->text : std::string();
  }

  // ---- modules ---------------------------------------------------------------------------------

  static ModuleBytes module_bytes(const Node& m) {
    ModuleBytes r;
    size_t k = 1;
    if (k < m.kids.size() && m.kids[k].is_id()) k++;
    r.is_binary = k < m.kids.size() && m.kids[k].is_keyword("binary");
    r.text_ok = text::module_to_binary(m, r.bytes, r.text_error);
    return r;
  }

  Result<std::shared_ptr<const Module>> compile(const Node* m) {
    if (!m || !m->is_list_of("module")) return make_error(ErrorKind::Usage, "command has no module");
    ModuleBytes b = module_bytes(*m);
    if (!b.text_ok) return make_error(ErrorKind::Usage, "text format error " + b.text_error.to_string());
    return Module::compile(engine_, b.bytes);
  }

  Outcome do_module(const Node& cmd) {
    current_.reset();  // a failed module leaves no current module behind
    ModuleBytes b = module_bytes(cmd);
    if (!b.text_ok) return Outcome::fail("text format error " + b.text_error.to_string());
    return instantiate_bytes(b.bytes, cmd.kids.size() > 1 && cmd.kids[1].is_id() ? cmd.kids[1].text : "");
  }

  Outcome instantiate_bytes(const std::vector<uint8_t>& bytes, const std::string& name) {
    auto mod = Module::compile(engine_, bytes);
    if (!mod.ok()) return Outcome::fail("compile failed: " + describe_error(mod.error()));
    auto inst = linker_.instantiate(mod.value());
    if (!inst.ok()) return Outcome::fail("instantiation failed: " + describe_error(inst.error()));
    current_ = inst.value();
    if (!name.empty()) named_.insert_or_assign(name, inst.value());
    return Outcome::pass();
  }

  void do_register(const Node& cmd) {
    const Node* as = arg(cmd, 1);
    const Node* id = arg(cmd, 2);
    std::optional<Instance> inst = find_instance(id && id->is_id() ? id->text : std::string());
    if (!as || !as->is_string() || !inst) {
      // Not counted as a test, but later imports from it will fail and show up there.
      if (options_.verbose) log_ << "  note " << name_ << ":" << line_ << " register: no such module\n";
      return;
    }
    linker_.define_instance(as->text, *inst);
  }

  std::optional<Instance> find_instance(const std::string& name) {
    if (name.empty()) return current_;
    auto it = named_.find(name);
    if (it == named_.end()) return std::nullopt;
    return it->second;
  }

  // ---- actions ---------------------------------------------------------------------------------

  Result<std::vector<Value>> run_action(const Node* action) {
    if (!action || !(action->is_list_of("invoke") || action->is_list_of("get")))
      return make_error(ErrorKind::Usage, "command has no action");
    size_t k = 1;
    std::string module;
    if (k < action->kids.size() && action->kids[k].is_id()) module = action->kids[k++].text;
    std::optional<Instance> inst = find_instance(module);
    if (!inst) return make_error(ErrorKind::Usage, module.empty() ? "no current module" : "unknown module " + module);
    if (k >= action->kids.size() || !action->kids[k].is_string())
      return make_error(ErrorKind::Usage, "action has no export name");
    const std::string& field = action->kids[k++].text;
    if (action->is_list_of("get")) {
      Global g = inst->global(field);
      if (!g.valid()) return make_error(ErrorKind::Usage, "no exported global '" + field + "'");
      return std::vector<Value>{g.get()};
    }
    std::vector<Value> args;
    for (; k < action->kids.size(); k++) {
      Value v;
      text::TextError err;
      if (!parse_const(action->kids[k], v, err)) return make_error(ErrorKind::Usage, "bad argument: " + err.to_string());
      args.push_back(v);
    }
    return inst->call(field, args);
  }

  Outcome do_action_command(const Node& cmd) {
    auto r = run_action(&cmd);
    if (!r.ok()) return Outcome::fail("action failed: " + describe_error(r.error()));
    return Outcome::pass();
  }

  Outcome do_assert_return(const Node& cmd) {
    auto r = run_action(arg(cmd, 1));
    if (!r.ok()) return Outcome::fail("action failed: " + describe_error(r.error()));
    const std::vector<Value>& got = r.value();
    size_t n = cmd.kids.size() > 2 ? cmd.kids.size() - 2 : 0;
    if (n != got.size()) return Outcome::fail("expected " + std::to_string(n) + " results, got " + std::to_string(got.size()));
    for (size_t i = 0; i < n; i++) {
      Expected e;
      text::TextError err;
      if (!parse_expected(cmd.kids[2 + i], e, err)) return Outcome::fail("bad expected value: " + err.to_string());
      std::string why = match_expected(e, got[i]);
      if (!why.empty())
        return Outcome::fail("result " + std::to_string(i) + ": " + why + " (expected " + describe_expected(e) +
                             ", got " + describe_value(got[i]) + ")");
    }
    return Outcome::pass();
  }

  // Passes if `err` has the wanted kind; the message text only produces a -v note.
  Outcome expect_error(const Node& cmd, const Error& err, ErrorKind want) {
    if (err.kind != want) return Outcome::fail(std::string("expected ") + kind_name(want) + ", got " + describe_error(err));
    note_message(cmd, err.message);
    return Outcome::pass();
  }

  void note_message(const Node& cmd, const std::string& actual) {
    std::string expected = expected_text(cmd);
    if (!options_.verbose || actual.rfind(expected, 0) == 0) return;
    log_ << "  note " << name_ << ":" << line_ << " message differs: expected \"" << expected << "\", got \"" << actual
         << "\"\n";
  }

  Outcome do_assert_trap(const Node& cmd) {
    const Node* a = arg(cmd, 1);
    if (a && a->is_list_of("module")) return do_assert_instantiate_error(cmd, ErrorKind::Trap);
    auto r = run_action(a);
    if (r.ok()) return Outcome::fail("expected a trap, but the action returned normally");
    return expect_error(cmd, r.error(), ErrorKind::Trap);
  }

  Outcome do_assert_exhaustion(const Node& cmd) {
    auto r = run_action(arg(cmd, 1));
    if (r.ok()) return Outcome::fail("expected exhaustion, but the action returned normally");
    return expect_error(cmd, r.error(), ErrorKind::Exhaustion);
  }

  // Text modules must fail in the text parser; binary ones in the decoder.
  Outcome do_assert_malformed(const Node& cmd) {
    const Node* m = arg(cmd, 1);
    if (!m || !m->is_list_of("module")) return Outcome::fail("command has no module");
    ModuleBytes b = module_bytes(*m);
    if (!b.is_binary) {
      if (b.text_ok) return Outcome::fail("expected a text format error, but the module parsed");
      note_message(cmd, b.text_error.message);
      return Outcome::pass();
    }
    if (!b.text_ok) return Outcome::fail("bad binary module: " + b.text_error.to_string());
    auto mod = Module::compile(engine_, b.bytes);
    if (mod.ok()) return Outcome::fail("expected malformed, but the module compiled");
    return expect_error(cmd, mod.error(), ErrorKind::Malformed);
  }

  Outcome do_assert_invalid(const Node& cmd) {
    auto mod = compile(arg(cmd, 1));
    if (mod.ok()) return Outcome::fail("expected invalid, but the module compiled");
    return expect_error(cmd, mod.error(), ErrorKind::Invalid);
  }

  Outcome do_assert_instantiate_error(const Node& cmd, ErrorKind want) {
    auto mod = compile(arg(cmd, 1));
    if (!mod.ok()) return Outcome::fail("compile failed: " + describe_error(mod.error()));
    auto inst = linker_.instantiate(mod.value());
    if (inst.ok()) return Outcome::fail(std::string("expected ") + kind_name(want) + ", but instantiation succeeded");
    return expect_error(cmd, inst.error(), want);
  }

  std::string path_;
  std::string name_;
  const RunnerOptions& options_;
  std::ostream& log_;
  Engine engine_;
  Store store_;
  Linker linker_;
  std::optional<Instance> current_;
  std::map<std::string, Instance> named_;
  FileStats stats_;
  uint32_t line_ = 0;
};

}  // namespace

FileStats run_wast_file(const std::string& path, const RunnerOptions& options, std::ostream& log) {
  try {
    WastRunner runner(path, options, log);
    return runner.run();
  } catch (const std::exception& ex) {
    log << "  FAIL " << path << ": " << ex.what() << "\n";
    FileStats s;
    s.failed = 1;
    return s;
  }
}

}  // namespace wasmvm::spec
