// The official simd_*.wast assertions, replayed directly on the backends and on the scalar reference.
// wast2json (run at build time) turns each .wast into JSON; an assertion is used when its exported function
// is exactly `(op (local.get 0) ... (local.get n-1))` for a simple op, which is checked in the .wast text.
// This validates the reference itself against the spec authors' expected values, not just against us.
// GCC 12 at -O1 with sanitizers reports a false -Wmaybe-uninitialized inside libstdc++'s std::function when
// std::regex is inlined here; the diagnostic points into the library header, not at this file's code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/simd/op_table.h"

namespace simdtest {
namespace {

using nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) lines.push_back(line);
  return lines;
}

// Text of one module: from its first line to just before the next command that starts a module.
std::string module_text(const std::vector<std::string>& lines, int first_line, int end_line) {
  std::string s;
  for (int i = first_line - 1; i < end_line - 1 && i < (int)lines.size(); ++i) s += lines[i] + " ";
  return s;
}

// Exports of one module whose function body is exactly `(op (local.get p0) ... (local.get pn-1))` over its own
// parameters in order (by index or by name). Returns export name -> op text.
std::map<std::string, std::string> plain_op_exports(const std::string& module) {
  static const std::regex param_group(R"(\(param((?:\s+[^()\s]+)+)\s*\))");
  static const std::regex result_group(R"(\(result[^()]*\))");
  static const std::regex spaces(R"(\s+)");
  static const std::regex shape(R"re(^\(func \(export "([^"]*)"\) \(([a-z0-9_.]+)((?: \(local\.get [^ ()]+\))*)\)\)$)re");
  static const std::regex local_get(R"(\(local\.get ([^ ()]+)\))");
  std::map<std::string, std::string> out;
  const std::string head = "(func (export \"";
  for (size_t at = module.find(head); at != std::string::npos; at = module.find(head, at + 1)) {
    int depth = 0;
    size_t end = at;
    for (; end < module.size(); ++end) {
      if (module[end] == '(') ++depth;
      if (module[end] == ')' && --depth == 0) break;
    }
    std::string func = std::regex_replace(module.substr(at, end - at + 1), spaces, " ");
    // Parameter names in order; unnamed parameters are referred to by index.
    std::vector<std::string> params;
    for (std::sregex_iterator it(func.begin(), func.end(), param_group), e; it != e; ++it) {
      std::stringstream words((*it)[1].str());
      std::vector<std::string> w;
      for (std::string x; words >> x;) w.push_back(x);
      if (!w.empty() && w[0][0] == '$') {
        params.push_back(w[0]);
      } else {
        for (size_t k = 0; k < w.size(); ++k) params.push_back("");
      }
    }
    func = std::regex_replace(func, param_group, "");
    func = std::regex_replace(func, result_group, "");
    func = std::regex_replace(func, spaces, " ");
    func = std::regex_replace(func, std::regex(R"(\)\()"), ") (");
    func = std::regex_replace(func, std::regex(R"(\( )"), "(");
    func = std::regex_replace(func, std::regex(R"( \))"), ")");
    func = std::regex_replace(func, std::regex(R"(\) \))"), "))");
    std::smatch m;
    if (!std::regex_match(func, m, shape)) continue;
    const std::string args = m[3].str();
    size_t k = 0;
    bool in_order = true;
    for (std::sregex_iterator it(args.begin(), args.end(), local_get), e; it != e; ++it, ++k) {
      const std::string ref = (*it)[1].str();
      in_order &= k < params.size() && (ref == std::to_string(k) || (!params[k].empty() && ref == params[k]));
    }
    if (in_order && k == params.size()) out[m[1].str()] = m[2].str();
  }
  return out;
}

int arity(Sig s) {
  switch (s) {
    case Sig::VV_V:
    case Sig::VI_V: return 2;
    case Sig::VVV_V: return 3;
    default: return 1;
  }
}

int lane_bytes(const std::string& lane_type) {
  if (lane_type == "i8") return 1;
  if (lane_type == "i16") return 2;
  if (lane_type == "i32" || lane_type == "f32") return 4;
  return 8;
}

// One v128 value from wast2json ("lane_type" + decimal bit patterns or nan:* strings).
Expect decode_v128(const json& v) {
  Expect e;
  const std::string lt = v["lane_type"];
  const int w = lane_bytes(lt);
  const bool is_float = lt[0] == 'f';
  if (is_float) e.float_width = w;
  const auto& vals = v["value"];
  for (int i = 0; i < 16 / w; ++i) {
    const std::string s = vals[i];
    if (s == "nan:canonical" || s == "nan:arithmetic") {
      e.rule[i] = s == "nan:canonical" ? LaneRule::Canonical : LaneRule::Arithmetic;
      continue;
    }
    const uint64_t bits = std::stoull(s);
    std::memcpy(e.v.b + i * w, &bits, w);
  }
  return e;
}

bool decode_args(const json& args, Sig sig, Args& out) {
  int vi = 0;
  for (const json& a : args) {
    const std::string t = a["type"];
    if (t == "v128") {
      if (vi >= 3) return false;
      out.v[vi++] = decode_v128(a).v;
    } else if (t == "i32" || t == "f32" || t == "i64" || t == "f64") {
      const uint64_t bits = std::stoull(a["value"].get<std::string>());
      out.scalar = (t == "i32")   ? (int64_t)(int32_t)(uint32_t)bits
                   : (t == "f32") ? (int64_t)(uint32_t)bits
                                  : (int64_t)bits;
    } else {
      return false;
    }
  }
  return (int)args.size() == arity(sig);
}

bool decode_expected(const json& expected, Expect& out) {
  if (expected.size() != 1) return false;
  const json& e = expected[0];
  const std::string t = e["type"];
  if (t == "v128") {
    out = decode_v128(e);
    return true;
  }
  if (t == "i32") {
    out = Expect{};
    const uint32_t x = (uint32_t)std::stoull(e["value"].get<std::string>());
    std::memcpy(out.v.b, &x, 4);
    return true;
  }
  return false;
}

struct Tally {
  int checked = 0;
  int failures = 0;
  std::map<std::string, int> per_op;
};

void report(Tally& tally, const std::string& file, int line, const std::string& field, const char* who,
            const std::string& why) {
  if (!why.empty() && ++tally.failures <= 20) ADD_FAILURE() << file << ".wast:" << line << " " << field << " [" << who << "]: " << why;
}

// The reference states NaN lanes as rules; its rule must be at least as strict as the spec's expectation.
std::string check_reference(const Expect& want, const Expect& ref) {
  bool has_rules = false;
  for (LaneRule r : ref.rule) has_rules |= r != LaneRule::Exact;
  if (ref.float_width == 0 || !has_rules) return check_result(want, ref.v);
  if (want.float_width != ref.float_width) return "spec expects a non-float result where the reference has NaN lanes";
  for (int i = 0; i < 16 / ref.float_width; ++i) {
    const LaneRule w = want.rule[i], r = ref.rule[i];
    if (r == LaneRule::Exact) {
      Expect lane = want;
      for (int k = 0; k < 4; ++k)
        if (k != i) lane.rule[k] = LaneRule::Exact;
      Vec16 v = want.v;
      std::memcpy(v.b + i * ref.float_width, ref.v.b + i * ref.float_width, ref.float_width);
      if (w != LaneRule::Exact || !check_result(lane, v).empty()) return "lane " + std::to_string(i) + " differs";
    } else if (w == LaneRule::Exact || (w == LaneRule::Canonical && r == LaneRule::Arithmetic)) {
      return "lane " + std::to_string(i) + ": reference NaN rule weaker than the spec's";
    }
  }
  return "";
}

void replay_file(const std::string& name, const std::map<std::string, const OpEntry*>& by_text, Tally& tally) {
  const std::string json_path = std::string(SIMDTEST_JSON_DIR) + "/" + name + ".json";
  const std::string wast = read_file(std::string(SIMDTEST_WAST_DIR) + "/" + name + ".wast");
  std::ifstream in(json_path);
  ASSERT_TRUE(in) << "missing " << json_path << " (wast2json step)";
  const json doc = json::parse(in);
  const auto lines = split_lines(wast);
  const auto& cmds = doc["commands"];

  std::map<std::string, std::string> exports;  // plain op exports of the module the assertions talk to
  for (size_t c = 0; c < cmds.size(); ++c) {
    const json& cmd = cmds[c];
    if (cmd["type"] == "module") {
      int next = (int)lines.size() + 1;
      for (size_t d = c + 1; d < cmds.size(); ++d)
        if (cmds[d]["type"] == "module") {
          next = cmds[d]["line"];
          break;
        }
      exports = plain_op_exports(module_text(lines, cmd["line"], next));
      continue;
    }
    if (cmd["type"] != "assert_return") continue;
    const json& action = cmd["action"];
    if (action["type"] != "invoke" || action.contains("module")) continue;
    const std::string field = action["field"];
    auto exported = exports.find(field);
    if (exported == exports.end()) continue;
    auto it = by_text.find(exported->second);
    if (it == by_text.end()) continue;
    const OpEntry& op = *it->second;

    Args args;
    Expect want;
    if (!decode_args(action["args"], op.sig, args) || !decode_expected(cmd["expected"], want)) continue;
    ++tally.checked;
    ++tally.per_op[op.name];
    report(tally, name, cmd["line"], field, "reference", check_reference(want, find_reference(op.name)(args)));
    report(tally, name, cmd["line"], field, "portable", check_result(want, op.portable(args)));
    if (op.sse41) report(tally, name, cmd["line"], field, "sse41", check_result(want, op.sse41(args)));
  }
}

TEST(SimdSpecVectors, OfficialAssertionsHoldForReferenceAndBackends) {
  std::map<std::string, const OpEntry*> by_text;
  for (const OpEntry& op : simple_ops()) by_text[op.text] = &op;
  Tally tally;
  for (const char* name : SIMDTEST_WAST_FILES) replay_file(name, by_text, tally);
  // Guard against the mapping silently matching nothing (e.g. a wast2json format change).
  EXPECT_GT(tally.checked, 10000);
  EXPECT_GT(tally.per_op.size(), 190u);
  EXPECT_EQ(tally.failures, 0);
  std::string missing;
  for (const OpEntry& op : simple_ops())
    if (!tally.per_op.count(op.name)) missing += std::string(" ") + op.text;
  RecordProperty("assertions_checked", tally.checked);
  RecordProperty("ops_without_spec_vectors", missing);
  std::printf("[ spec ] %d assertions on %zu ops; ops with no plain-export assertion:%s\n", tally.checked,
              tally.per_op.size(), missing.c_str());
}

}  // namespace
}  // namespace simdtest
