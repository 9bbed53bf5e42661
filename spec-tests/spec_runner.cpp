#include "spec-tests/spec_runner.h"

#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "spec-tests/spec_values.h"
#include "spec-tests/spectest_host.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::spec {
namespace {

using nlohmann::json;

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

std::string str_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Outcome of one command: passed, failed (with a reason) or skipped (with a reason).
struct Outcome {
  enum Kind { Pass, Fail, Skip } kind = Pass;
  std::string why;
  static Outcome pass() { return {}; }
  static Outcome fail(std::string w) { return {Fail, std::move(w)}; }
  static Outcome skip(std::string w) { return {Skip, std::move(w)}; }
};

class ScriptRunner {
 public:
  ScriptRunner(std::string json_path, const RunnerOptions& options, std::ostream& log)
      : path_(std::move(json_path)),
        dir_(std::filesystem::path(path_).parent_path()),
        name_(std::filesystem::path(path_).filename().string()),
        options_(options),
        log_(log),
        store_(engine_),
        linker_(store_) {}

  FileStats run() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) return setup_failure("cannot open file");
    json script = json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (script.is_discarded() || !script.is_object()) return setup_failure("not a valid JSON document");
    auto commands = script.find("commands");
    if (commands == script.end() || !commands->is_array()) return setup_failure("no \"commands\" array");
    Status host = define_spectest(linker_);
    if (!host.ok()) return setup_failure("cannot create the spectest module: " + describe_error(host.error()));

    for (const json& cmd : *commands) run_command(cmd);
    return stats_;
  }

 private:
  FileStats setup_failure(const std::string& why) {
    log_ << "  FAIL " << name_ << ": " << why << "\n";
    stats_.failed++;
    return stats_;
  }

  void run_command(const json& cmd) {
    std::string type = str_field(cmd, "type");
    int64_t line = cmd.contains("line") && cmd["line"].is_number_integer() ? cmd["line"].get<int64_t>() : 0;
    line_ = line;
    if (type == "register") {
      do_register(cmd);
      return;
    }
    Outcome out;
    try {
      out = dispatch(type, cmd);
    } catch (const std::exception& ex) {  // malformed JSON fields, allocation failure...
      out = Outcome::fail(std::string("runner exception: ") + ex.what());
    }
    switch (out.kind) {
      case Outcome::Pass: stats_.passed++; break;
      case Outcome::Fail:
        stats_.failed++;
        if (options_.verbose) log_ << "  FAIL " << name_ << ":" << line << " " << type << ": " << out.why << "\n";
        break;
      case Outcome::Skip:
        stats_.skipped++;
        if (options_.verbose) log_ << "  skip " << name_ << ":" << line << " " << type << ": " << out.why << "\n";
        break;
    }
  }

  Outcome dispatch(const std::string& type, const json& cmd) {
    if (type == "module") return do_module(cmd);
    if (type == "action") return do_action_command(cmd);
    if (type == "assert_return") return do_assert_return(cmd);
    if (type == "assert_trap") return do_assert_trap(cmd);
    if (type == "assert_exhaustion") return do_assert_exhaustion(cmd);
    if (type == "assert_invalid") return do_assert_compile_error(cmd, ErrorKind::Invalid);
    if (type == "assert_malformed") return do_assert_compile_error(cmd, ErrorKind::Malformed);
    if (type == "assert_unlinkable") return do_assert_instantiate_error(cmd, ErrorKind::Link);
    if (type == "assert_uninstantiable") return do_assert_instantiate_error(cmd, ErrorKind::Trap);
    return Outcome::fail("unknown command type '" + type + "'");
  }

  // ---- modules ---------------------------------------------------------------------------------

  Result<std::shared_ptr<const Module>> compile_file(const json& cmd) {
    std::string file = str_field(cmd, "filename");
    if (file.empty()) return make_error(ErrorKind::Usage, "command has no filename");
    std::ifstream in(dir_ / file, std::ios::binary);
    if (!in) return make_error(ErrorKind::Io, "cannot read " + file);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return Module::compile(engine_, bytes);
  }

  Outcome do_module(const json& cmd) {
    current_.reset();  // a failed module leaves no current module behind
    auto mod = compile_file(cmd);
    if (!mod.ok()) return Outcome::fail("compile failed: " + describe_error(mod.error()));
    auto inst = linker_.instantiate(mod.value());
    if (!inst.ok()) return Outcome::fail("instantiation failed: " + describe_error(inst.error()));
    current_ = inst.value();
    std::string name = str_field(cmd, "name");
    if (!name.empty()) named_.insert_or_assign(name, inst.value());
    return Outcome::pass();
  }

  void do_register(const json& cmd) {
    std::string as = str_field(cmd, "as");
    std::optional<Instance> inst = find_instance(str_field(cmd, "name"));
    if (!inst) {
      // Not counted as a test, but later imports from it will fail and show up there.
      if (options_.verbose) log_ << "  note " << name_ << ":" << line_ << " register: no such module\n";
      return;
    }
    linker_.define_instance(as, *inst);
  }

  std::optional<Instance> find_instance(const std::string& name) {
    if (name.empty()) return current_;
    auto it = named_.find(name);
    if (it == named_.end()) return std::nullopt;
    return it->second;
  }

  // ---- actions ---------------------------------------------------------------------------------

  Result<std::vector<Value>> run_action(const json& cmd) {
    auto ait = cmd.find("action");
    if (ait == cmd.end() || !ait->is_object()) return make_error(ErrorKind::Usage, "command has no action");
    const json& action = *ait;
    std::string module = str_field(action, "module");
    std::optional<Instance> inst = find_instance(module);
    if (!inst) return make_error(ErrorKind::Usage, module.empty() ? "no current module" : "unknown module " + module);
    std::string type = str_field(action, "type");
    std::string field = str_field(action, "field");
    if (type == "get") {
      Global g = inst->global(field);
      if (!g.valid()) return make_error(ErrorKind::Usage, "no exported global '" + field + "'");
      return std::vector<Value>{g.get()};
    }
    if (type != "invoke") return make_error(ErrorKind::Usage, "unknown action type '" + type + "'");
    std::vector<Value> args;
    if (auto it = action.find("args"); it != action.end() && it->is_array()) {
      for (const json& a : *it) {
        auto v = parse_arg(a);
        if (!v.ok()) return v.error();
        args.push_back(v.value());
      }
    }
    return inst->call(field, args);
  }

  Outcome do_action_command(const json& cmd) {
    auto r = run_action(cmd);
    if (!r.ok()) return Outcome::fail("action failed: " + describe_error(r.error()));
    return Outcome::pass();
  }

  Outcome do_assert_return(const json& cmd) {
    auto r = run_action(cmd);
    if (!r.ok()) return Outcome::fail("action failed: " + describe_error(r.error()));
    const std::vector<Value>& got = r.value();
    auto eit = cmd.find("expected");
    if (eit == cmd.end() || !eit->is_array()) return Outcome::fail("no expected array");
    const json& expected = *eit;
    if (expected.size() != got.size())
      return Outcome::fail("expected " + std::to_string(expected.size()) + " results, got " + std::to_string(got.size()));
    for (size_t i = 0; i < got.size(); i++) {
      std::string why = match_expected(expected[i], got[i]);
      if (!why.empty())
        return Outcome::fail("result " + std::to_string(i) + ": " + why + " (expected " +
                             describe_expected(expected[i]) + ", got " + describe_value(got[i]) + ")");
    }
    return Outcome::pass();
  }

  // Passes if `err` has the wanted kind; the message text only produces a -v note.
  Outcome expect_error(const json& cmd, const Error& err, ErrorKind want) {
    if (err.kind != want)
      return Outcome::fail(std::string("expected ") + kind_name(want) + ", got " + describe_error(err));
    note_message(cmd, err.message);
    return Outcome::pass();
  }

  void note_message(const json& cmd, const std::string& actual) {
    std::string expected = str_field(cmd, "text");
    if (!options_.verbose || actual.rfind(expected, 0) == 0) return;
    log_ << "  note " << name_ << ":" << line_ << " message differs: expected \"" << expected << "\", got \""
         << actual << "\"\n";
  }

  Outcome do_assert_trap(const json& cmd) {
    if (cmd.contains("action")) {
      auto r = run_action(cmd);
      if (r.ok()) return Outcome::fail("expected a trap, but the action returned normally");
      return expect_error(cmd, r.error(), ErrorKind::Trap);
    }
    return do_assert_instantiate_error(cmd, ErrorKind::Trap);
  }

  Outcome do_assert_exhaustion(const json& cmd) {
    auto r = run_action(cmd);
    if (r.ok()) return Outcome::fail("expected exhaustion, but the action returned normally");
    return expect_error(cmd, r.error(), ErrorKind::Exhaustion);
  }

  Outcome do_assert_compile_error(const json& cmd, ErrorKind want) {
    if (str_field(cmd, "module_type") == "text")
      return Outcome::skip("text-format module (wasmvm has no text parser)");
    auto mod = compile_file(cmd);
    if (mod.ok()) return Outcome::fail(std::string("expected ") + kind_name(want) + ", but the module compiled");
    return expect_error(cmd, mod.error(), want);
  }

  Outcome do_assert_instantiate_error(const json& cmd, ErrorKind want) {
    auto mod = compile_file(cmd);
    if (!mod.ok()) return Outcome::fail("compile failed: " + describe_error(mod.error()));
    auto inst = linker_.instantiate(mod.value());
    if (inst.ok()) return Outcome::fail(std::string("expected ") + kind_name(want) + ", but instantiation succeeded");
    return expect_error(cmd, inst.error(), want);
  }

  std::string path_;
  std::filesystem::path dir_;
  std::string name_;
  const RunnerOptions& options_;
  std::ostream& log_;
  Engine engine_;
  Store store_;
  Linker linker_;
  std::optional<Instance> current_;
  std::map<std::string, Instance> named_;
  FileStats stats_;
  int64_t line_ = 0;
};

}  // namespace

FileStats run_spec_file(const std::string& json_path, const RunnerOptions& options, std::ostream& log) {
  try {
    ScriptRunner runner(json_path, options, log);
    return runner.run();
  } catch (const std::exception& ex) {  // e.g. Store construction failing to allocate
    log << "  FAIL " << json_path << ": " << ex.what() << "\n";
    FileStats s;
    s.failed = 1;
    return s;
  }
}

}  // namespace wasmvm::spec
