// The `wasmvm graph` sub-command: options, input decoding, inference, top-k / output files, --bench.
#include "loader/graph/cmd_graph.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "loader/cli/exit_codes.h"
#include "loader/graph/graph.h"
#include "loader/graph/image.h"
#include "loader/graph/labels.h"
#include "loader/graph/npy.h"

namespace wasmvm::graph {

namespace {
using Clock = std::chrono::steady_clock;

const char* kUsage =
    "usage: wasmvm graph MODEL.wasm --input FILE [--input FILE ...] [options]\n"
    "  --input FILE          PNG image (resized/normalised) or .npy tensor (used as is); one per model input\n"
    "  --labels FILE         class names: one per line, or id,name CSV (synset.csv)\n"
    "  --top K               print the K best classes (default 5)\n"
    "  --output FILE         write outputs: .npy (the scored output) or .json (all outputs)\n"
    "  --abi auto|tensor|legacy-json   model ABI (default auto: from the exports)\n"
    "  --unsafe-tvm          legacy ABI: TVM's original host protocol (input at the old end of memory; unsafe)\n"
    "  --guard               report the first guest store into input bytes not read yet (instrumented run)\n"
    "  --bench N             run N inferences and print min/median/max latency\n"
    "  --resize WxH          image size (default: the model's input shape; legacy: 224x224)\n"
    "  --resize-mode nearest|bilinear   (default nearest)\n"
    "  --mean a[,b,c] --std a[,b,c]     per-channel normalisation (default: ImageNet for 3 channels,\n"
    "                                   mean 0 / std 255 otherwise)\n"
    "  --layout nchw|nhwc    image tensor layout (default: from the model's input shape; legacy: nchw)\n"
    "  --input-shape D,D,... the model's input shape: checked for legacy-json modules (which do not describe\n"
    "                        their input) and used for their image preprocessing; tensor ABI: must match\n"
    "  --reshape             accept an input whose shape differs but whose element count matches (row-major)\n"
    "exit codes: 0 ok, 64 usage/shape/export errors, 65 bad module or descriptor, 66 unreadable file,\n"
    "            67 link error, 134 guest trap\n";

struct Options {
  std::string model;
  std::vector<std::string> inputs;
  std::string labels, output;
  int top = 5;
  Abi abi = Abi::Auto;
  bool unsafe_tvm = false;
  bool guard = false;
  long bench = 0;
  std::optional<std::pair<int, int>> resize;
  ResizeMode mode = ResizeMode::Nearest;
  std::optional<std::vector<float>> mean, stddev;
  std::optional<Layout> layout;
  std::optional<std::vector<int64_t>> input_shape;
  bool reshape = false;
};

int fail(const Error& e) {
  std::cerr << "wasmvm graph: error: " << e.to_string() << "\n";
  if (!e.frames.empty()) std::cerr << e.backtrace();
  return cli::exit_code_for(e);
}
int usage_error(const std::string& msg) {
  std::cerr << "wasmvm graph: error: " << msg << "\n" << kUsage;
  return cli::kExitUsage;
}

bool parse_floats(const std::string& s, std::vector<float>& out) {
  out.clear();
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string tok = s.substr(i, j - i);
    char* end = nullptr;
    float v = std::strtof(tok.c_str(), &end);
    if (tok.empty() || *end != 0 || !std::isfinite(v)) return false;
    out.push_back(v);
    i = j + 1;
  }
  return !out.empty();
}
bool parse_long(const std::string& s, long lo, long hi, long& out) {
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != 0 || v < lo || v > hi) return false;
  out = v;
  return true;
}

// Returns an exit code on failure, -1 on success.
int parse_options(int argc, char** argv, Options& o) {
  for (int i = 0; i < argc; i++) {
    std::string a = argv[i];
    auto value = [&](std::string& v) {
      if (i + 1 >= argc) return false;
      v = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--help" || a == "-h") { std::cout << kUsage; return cli::kExitOk; }
    if (a == "--unsafe-tvm") { o.unsafe_tvm = true; continue; }
    if (a == "--guard") { o.guard = true; continue; }
    if (a == "--reshape") { o.reshape = true; continue; }
    if (a.rfind("--", 0) == 0) {
      if (!value(v)) return usage_error("option " + a + " needs a value");
      long n;
      if (a == "--input") o.inputs.push_back(v);
      else if (a == "--labels") o.labels = v;
      else if (a == "--output") o.output = v;
      else if (a == "--top") { if (!parse_long(v, 1, 1 << 20, n)) return usage_error("--top needs a positive integer"); o.top = int(n); }
      else if (a == "--bench") { if (!parse_long(v, 1, 100000000, n)) return usage_error("--bench needs a positive integer"); o.bench = n; }
      else if (a == "--abi") {
        if (v == "auto") o.abi = Abi::Auto;
        else if (v == "tensor") o.abi = Abi::Tensor;
        else if (v == "legacy-json") o.abi = Abi::LegacyJson;
        else return usage_error("--abi must be auto, tensor or legacy-json");
      } else if (a == "--resize") {
        int w = 0, h = 0;
        char x = 0, extra = 0;
        if (std::sscanf(v.c_str(), "%d%c%d%c", &w, &x, &h, &extra) != 3 || x != 'x' || w < 1 || h < 1 || w > 16384 || h > 16384)
          return usage_error("--resize needs WxH, e.g. 224x224");
        o.resize = {{w, h}};
      } else if (a == "--resize-mode") {
        if (v == "nearest") o.mode = ResizeMode::Nearest;
        else if (v == "bilinear") o.mode = ResizeMode::Bilinear;
        else return usage_error("--resize-mode must be nearest or bilinear");
      } else if (a == "--mean" || a == "--std") {
        std::vector<float> f;
        if (!parse_floats(v, f)) return usage_error(a + " needs comma-separated numbers");
        (a == "--mean" ? o.mean : o.stddev) = f;
      } else if (a == "--input-shape") {
        std::vector<int64_t> shape;
        for (size_t p = 0; p <= v.size();) {
          size_t q = std::min(v.find(',', p), v.size());
          long d = 0;
          if (shape.size() == 8 || !parse_long(v.substr(p, q - p), 1, 1L << 31, d))
            return usage_error("--input-shape needs 1 to 8 comma-separated positive sizes, e.g. 1,3,224,224");
          shape.push_back(d);
          p = q + 1;
        }
        o.input_shape = shape;
      } else if (a == "--layout") {
        if (v == "nchw") o.layout = Layout::NCHW;
        else if (v == "nhwc") o.layout = Layout::NHWC;
        else return usage_error("--layout must be nchw or nhwc");
      } else {
        return usage_error("unknown option " + a);
      }
      continue;
    }
    if (!o.model.empty()) return usage_error("unexpected argument " + a);
    o.model = a;
  }
  if (o.model.empty()) return usage_error("missing MODEL.wasm");
  if (o.inputs.empty()) return usage_error("missing --input FILE");
  return -1;
}

bool ends_with(const std::string& s, const char* suffix) {
  std::string x(suffix);
  return s.size() >= x.size() && std::equal(x.rbegin(), x.rend(), s.rbegin(),
                                            [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

// Decodes input file `path` for a model input of `info` (nullptr: legacy, shape unknown).
Result<HostTensor> load_input(const Options& o, const std::string& path, const TensorInfo* info) {
  if (ends_with(path, ".npy")) return read_npy(path);
  auto img = read_png(path);
  if (!img.ok()) return img.error();
  Preprocess p;
  if (info) {
    if (info->dtype != DType::F32)
      return make_error(ErrorKind::Usage, "input \"" + info->name + "\" is " + dtype_name(info->dtype) +
                                              ": images can only feed float32 inputs (use a .npy file)");
    const auto& s = info->shape;
    if (s.size() != 4 || s[0] != 1)
      return make_error(ErrorKind::Usage, "input \"" + info->name + "\" has shape " + shape_to_string(s) +
                                              ": images need a [1, C, H, W] or [1, H, W, C] input (use a .npy file)");
    Layout l = o.layout ? *o.layout : (s[1] == 1 || s[1] == 3) ? Layout::NCHW : Layout::NHWC;
    const int64_t c = l == Layout::NCHW ? s[1] : s[3], h = l == Layout::NCHW ? s[2] : s[1], w = l == Layout::NCHW ? s[3] : s[2];
    if ((c != 1 && c != 3) || h < 1 || w < 1 || h > 16384 || w > 16384)
      return make_error(ErrorKind::Usage, "input \"" + info->name + "\" shape " + shape_to_string(s) +
                                              " is not an image layout (1 or 3 channels)");
    p.layout = l;
    p.channels = int(c);
    p.width = int(w);
    p.height = int(h);
  }
  if (o.layout) p.layout = *o.layout;
  if (o.resize) { p.width = o.resize->first; p.height = o.resize->second; }
  p.mode = o.mode;
  if (p.channels != 3) { p.mean = {0.0f}; p.stddev = {255.0f}; }
  if (o.mean) p.mean = *o.mean;
  if (o.stddev) p.stddev = *o.stddev;
  return image_to_tensor(*img, p);
}

// The output to score: the first whose name mentions probabilities, else output 0.
size_t scored_output(const Model& m) {
  for (size_t i = 0; i < m.outputs().size(); i++)
    if (m.outputs()[i].name.find("prob") != std::string::npos) return i;
  return 0;
}

nlohmann::json tensor_json(const std::string& name, const HostTensor& t) {
  nlohmann::json j;
  j["name"] = name;
  j["dtype"] = dtype_name(t.dtype);
  j["shape"] = t.shape;
  nlohmann::json data = nlohmann::json::array();
  for (size_t i = 0; i < t.elements(); i++) data.push_back(t.at(i));
  j["data"] = std::move(data);
  return j;
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }
}  // namespace

int run_graph_command(int argc, char** argv) {
  Options o;
  if (int rc = parse_options(argc, argv, o); rc >= 0) return rc;

  std::optional<Labels> labels;
  if (!o.labels.empty()) {
    auto l = read_labels(o.labels);
    if (!l.ok()) return fail(l.error());
    labels = std::move(*l);
  }

  ModelOptions mo;
  mo.abi = o.abi;
  mo.legacy.unsafe_tvm = o.unsafe_tvm;
  mo.guard = o.guard;
  mo.allow_reshape = o.reshape;
  mo.legacy_input_shape = o.input_shape;
  const auto t_load = Clock::now();
  auto loaded = Model::load_file(o.model, mo);
  if (!loaded.ok()) return fail(loaded.error());
  Model& m = **loaded;
  const double load_ms = ms_since(t_load);

  const bool legacy = m.abi() == Abi::LegacyJson;
  const size_t n_inputs = legacy ? 1 : m.inputs().size();
  if (o.inputs.size() != n_inputs)
    return usage_error("model has " + std::to_string(n_inputs) + " input(s), got " + std::to_string(o.inputs.size()) +
                       " --input");
  std::optional<TensorInfo> legacy_info;
  if (o.input_shape) {
    if (legacy) {
      legacy_info = TensorInfo{"input", DType::F32, *o.input_shape, 0};
    } else if (n_inputs != 1 || m.inputs()[0].shape != *o.input_shape) {
      return fail(make_error(ErrorKind::Usage, "--input-shape " + shape_to_string(*o.input_shape) +
                                                   " does not match the model's " +
                                                   (n_inputs == 1 ? "input shape " + shape_to_string(m.inputs()[0].shape)
                                                                  : std::to_string(n_inputs) + " inputs")));
    }
  }
  for (size_t i = 0; i < n_inputs; i++) {
    auto t = load_input(o, o.inputs[i], legacy ? (legacy_info ? &*legacy_info : nullptr) : &m.inputs()[i]);
    if (!t.ok()) return fail(t.error());
    if (Status st = m.set_input(i, *t); !st.ok()) return fail(st.error());
  }

  std::vector<double> times;
  const long runs = o.bench > 0 ? o.bench : 1;
  const bool progress = o.bench > 0 && isatty(2);
  auto last_progress = Clock::now();
  for (long r = 0; r < runs; r++) {
    const auto t0 = Clock::now();
    if (Status st = m.run(); !st.ok()) {
      if (m.guard() && m.guard()->report()) {
        std::cerr << "wasmvm graph: " << m.guard()->report()->to_string() << "\n";
        std::cerr << "wasmvm graph: the guest overwrote its input before reading it (the run was stopped there)\n";
        return cli::kExitTrap;
      }
      return fail(st.error());
    }
    times.push_back(ms_since(t0));
    if (progress && ms_since(last_progress) > 500) {
      std::cerr << "\rbench: " << (r + 1) << "/" << runs << std::flush;
      last_progress = Clock::now();
    }
  }
  if (progress) std::cerr << "\r                              \r";
  if (std::string err = m.guest_stderr(); !err.empty()) std::cerr << err;
  if (o.guard) std::printf("guard: no guest store touched input bytes it had not read\n");

  const size_t oi = scored_output(m);
  auto out = m.output(oi);
  if (!out.ok()) return fail(out.error());
  const std::string out_name = m.outputs()[oi].name;
  std::printf("%s (%s ABI): output \"%s\" %s %s\n", o.model.c_str(), abi_name(m.abi()), out_name.c_str(),
              dtype_name(out->dtype), shape_to_string(out->shape).c_str());

  // Top-k over the first row (the last dimension).
  const size_t classes = out->shape.empty() ? size_t(out->elements()) : size_t(out->shape.back());
  const size_t n = std::min<size_t>(classes, size_t(out->elements()));
  std::vector<double> v(n);
  for (size_t i = 0; i < n; i++) v[i] = out->at(i);
  double sum = 0;
  bool distribution = n > 0;
  for (double x : v) { sum += x; if (!(x >= 0 && x <= 1)) distribution = false; }
  distribution = distribution && std::fabs(sum - 1.0) < 1e-3;
  std::vector<double> prob = v;
  if (!distribution && n > 0) {
    double mx = *std::max_element(v.begin(), v.end()), s = 0;
    for (auto& x : prob) { x = std::exp(x - mx); s += x; }
    for (auto& x : prob) x /= s;
  }
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; i++) idx[i] = i;
  const size_t k = std::min<size_t>(size_t(o.top), n);
  std::partial_sort(idx.begin(), idx.begin() + ptrdiff_t(k), idx.end(), [&](size_t a, size_t b) {
    return v[a] > v[b] || (v[a] == v[b] && a < b);
  });
  std::printf("top %zu%s:\n", k, distribution ? "" : " (probabilities = softmax of the scores)");
  for (size_t r = 0; r < k; r++) {
    const size_t c = idx[r];
    std::string name = labels ? labels->name(c) : std::to_string(c);
    if (distribution) std::printf("  %zu. %-24s p=%.4f\n", r + 1, name.c_str(), prob[c]);
    else std::printf("  %zu. %-24s p=%.4f  score=%.4f\n", r + 1, name.c_str(), prob[c], v[c]);
  }
  if (labels && labels->names.size() < classes)
    std::fprintf(stderr, "wasmvm graph: warning: %zu labels for %zu classes\n", labels->names.size(), classes);

  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  if (o.bench > 0)
    std::printf("bench: %ld runs, latency min %.3f ms, median %.3f ms, max %.3f ms (load %.1f ms)\n", runs,
                sorted.front(), sorted[sorted.size() / 2], sorted.back(), load_ms);
  else
    std::printf("time: inference %.3f ms (load + instantiate %.1f ms)\n", times[0], load_ms);

  if (!o.output.empty()) {
    if (ends_with(o.output, ".npy")) {
      if (Status st = write_npy(o.output, *out); !st.ok()) return fail(st.error());
    } else if (ends_with(o.output, ".json")) {
      nlohmann::json j;
      j["outputs"] = nlohmann::json::array();
      for (size_t i = 0; i < m.outputs().size(); i++) {
        auto t = m.output(i);
        if (!t.ok()) return fail(t.error());
        j["outputs"].push_back(tensor_json(m.outputs()[i].name, *t));
      }
      std::ofstream f(o.output);
      f << j.dump() << "\n";
      if (!f) return fail(make_error(ErrorKind::Io, "cannot write " + o.output));
    } else {
      return usage_error("--output must end in .npy or .json");
    }
  }
  return cli::kExitOk;
}

}  // namespace wasmvm::graph
