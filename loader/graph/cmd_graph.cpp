// The `wasmvm graph` sub-command: options, input decoding, inference, top-k / output files, --bench, and batch
// mode (many images, one compiled Module shared by --jobs instances on as many threads, JSONL results).
#include "loader/graph/cmd_graph.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
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
    "       wasmvm graph MODEL.wasm (--input FILE... | --input-dir DIR | --input-list FILE) [--jobs N] [options]\n"
    "  --input FILE          PNG image (resized/normalised) or .npy tensor (used as is); one per model input\n"
    "batch mode (a one-input model given several inputs, --input-dir, --input-list, --jobs or --output *.jsonl):\n"
    "  --input-dir DIR       every *.png and *.npy file in DIR (sorted by name)\n"
    "  --input-list FILE     one input path per line (empty lines ignored)\n"
    "  --jobs N              N instances of the one compiled module on N threads (default: all cores)\n"
    "  --output FILE.jsonl   one JSON object per input: file, top-k with labels, latency (or the error)\n"
    "  per-input errors are reported per input; the exit code is then the first failed input's\n"
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
  std::string input_dir, input_list;
  long jobs = 0;  // 0: not given (all cores)
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
      else if (a == "--input-dir") o.input_dir = v;
      else if (a == "--input-list") o.input_list = v;
      else if (a == "--jobs") { if (!parse_long(v, 1, 1024, n)) return usage_error("--jobs needs an integer 1..1024"); o.jobs = n; }
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
  if (o.inputs.empty() && o.input_dir.empty() && o.input_list.empty())
    return usage_error("missing --input FILE (or --input-dir DIR / --input-list FILE)");
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

// The best classes of a scored output, over its first row (the last dimension). When the row is not a probability
// distribution, p is its softmax and score the raw value.
struct Ranked {
  size_t cls;
  double p, score;
};
struct Ranking {
  size_t classes = 0;
  bool distribution = false;
  std::vector<Ranked> best;
};
Ranking rank_classes(const HostTensor& out, size_t top) {
  Ranking rk;
  rk.classes = out.shape.empty() ? size_t(out.elements()) : size_t(out.shape.back());
  const size_t n = std::min<size_t>(rk.classes, size_t(out.elements()));
  std::vector<double> v(n);
  for (size_t i = 0; i < n; i++) v[i] = out.at(i);
  double sum = 0;
  bool distribution = n > 0;
  for (double x : v) { sum += x; if (!(x >= 0 && x <= 1)) distribution = false; }
  rk.distribution = distribution && std::fabs(sum - 1.0) < 1e-3;
  std::vector<double> prob = v;
  if (!rk.distribution && n > 0) {
    double mx = *std::max_element(v.begin(), v.end()), s = 0;
    for (auto& x : prob) { x = std::exp(x - mx); s += x; }
    for (auto& x : prob) x /= s;
  }
  std::vector<size_t> idx(n);
  for (size_t i = 0; i < n; i++) idx[i] = i;
  const size_t k = std::min(top, n);
  std::partial_sort(idx.begin(), idx.begin() + ptrdiff_t(k), idx.end(), [&](size_t a, size_t b) {
    return v[a] > v[b] || (v[a] == v[b] && a < b);
  });
  for (size_t r = 0; r < k; r++) rk.best.push_back(Ranked{idx[r], prob[idx[r]], v[idx[r]]});
  return rk;
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// ---------------------------------------------------------------------------------------------
// Batch mode

// The inputs of a batch: the --input files, then --input-dir's *.png / *.npy (sorted), then --input-list's lines.
Result<std::vector<std::string>> batch_inputs(const Options& o) {
  std::vector<std::string> files = o.inputs;
  if (!o.input_dir.empty()) {
    std::error_code ec;
    std::vector<std::string> found;
    std::filesystem::directory_iterator it(o.input_dir, ec), end;
    if (ec) return make_error(ErrorKind::Io, "cannot read directory " + o.input_dir + ": " + ec.message());
    for (; it != end; it.increment(ec)) {
      if (ec) return make_error(ErrorKind::Io, "cannot read directory " + o.input_dir + ": " + ec.message());
      const std::string path = it->path().string();
      if (it->is_regular_file(ec) && (ends_with(path, ".png") || ends_with(path, ".npy"))) found.push_back(path);
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) return make_error(ErrorKind::Io, "no .png or .npy file in directory " + o.input_dir);
    files.insert(files.end(), found.begin(), found.end());
  }
  if (!o.input_list.empty()) {
    std::ifstream f(o.input_list);
    if (!f) return make_error(ErrorKind::Io, "cannot open input list " + o.input_list);
    std::string line;
    while (std::getline(f, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) files.push_back(line);
    }
    if (f.bad()) return make_error(ErrorKind::Io, "cannot read input list " + o.input_list);
  }
  if (files.empty()) return make_error(ErrorKind::Usage, "the batch has no inputs");
  return files;
}

struct BatchResult {
  bool done = false;
  int code = cli::kExitOk;  // exit code of this input's error, kExitOk on success
  std::string error;
  Ranking ranking;
  double decode_ms = 0, infer_ms = 0;
};

// One input through one instance: decode, set, run, rank. A failed run discards the instance (its state may be
// anything after a trap); the next input gets a fresh one.
void classify_one(const Options& o, const std::string& file, BatchResult& r,
                  std::unique_ptr<Model>& m, const std::optional<TensorInfo>& legacy_info) {
  auto failed = [&](const Error& e) {
    r.code = cli::exit_code_for(e);
    r.error = e.to_string();
  };
  const auto t0 = Clock::now();
  const TensorInfo* info = m->abi() == Abi::LegacyJson ? (legacy_info ? &*legacy_info : nullptr) : &m->inputs()[0];
  auto t = load_input(o, file, info);
  if (!t.ok()) return failed(t.error());
  if (Status st = m->set_input(0, *t); !st.ok()) return failed(st.error());
  r.decode_ms = ms_since(t0);
  const auto t1 = Clock::now();
  if (Status st = m->run(); !st.ok()) {
    if (m->guard() && m->guard()->report()) {
      r.code = cli::kExitTrap;
      r.error = m->guard()->report()->to_string();
    } else {
      failed(st.error());
    }
    m.reset();
    return;
  }
  auto out = m->output(scored_output(*m));
  if (!out.ok()) {
    failed(out.error());
    m.reset();
    return;
  }
  r.infer_ms = ms_since(t1);
  r.ranking = rank_classes(*out, size_t(o.top));
}

nlohmann::json result_json(const std::string& file, const BatchResult& r, const std::optional<Labels>& labels) {
  nlohmann::json j;
  j["file"] = file;
  if (r.code != cli::kExitOk) {
    j["error"] = r.error;
    j["exit_code"] = r.code;
    return j;
  }
  nlohmann::json top = nlohmann::json::array();
  for (const Ranked& c : r.ranking.best) {
    nlohmann::json e;
    e["class"] = c.cls;
    if (labels) e["label"] = labels->name(c.cls);
    e["p"] = c.p;
    e["score"] = c.score;
    top.push_back(std::move(e));
  }
  j["top"] = std::move(top);
  j["latency_ms"] = r.infer_ms;
  j["decode_ms"] = r.decode_ms;
  return j;
}

int run_batch(const Options& o, const std::optional<Labels>& labels, std::shared_ptr<const CompiledModel> compiled,
              std::unique_ptr<Model> first, const ModelOptions& mo, double load_ms) {
  if (o.bench > 0) return usage_error("--bench is for one input, not batch mode");
  if (!o.output.empty() && !ends_with(o.output, ".jsonl")) return usage_error("batch mode: --output must end in .jsonl");
  auto files_or = batch_inputs(o);
  if (!files_or.ok()) return fail(files_or.error());
  const std::vector<std::string>& files = *files_or;
  std::optional<TensorInfo> legacy_info;
  if (o.input_shape) {
    if (first->abi() == Abi::LegacyJson) legacy_info = TensorInfo{"input", DType::F32, *o.input_shape, 0};
    else if (first->inputs()[0].shape != *o.input_shape)
      return fail(make_error(ErrorKind::Usage, "--input-shape " + shape_to_string(*o.input_shape) +
                                                   " does not match the model's input shape " +
                                                   shape_to_string(first->inputs()[0].shape)));
  }
  std::ofstream jsonl;
  if (!o.output.empty()) {
    jsonl.open(o.output);
    if (!jsonl) return fail(make_error(ErrorKind::Io, "cannot write " + o.output));
  }
  long jobs = o.jobs > 0 ? o.jobs : long(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::min<long>(jobs, long(files.size()));

  std::vector<BatchResult> results(files.size());
  std::mutex mu;
  std::condition_variable cv;
  std::atomic<size_t> next{0};
  const auto t_start = Clock::now();
  const std::clock_t cpu_start = std::clock();
  auto worker = [&](std::unique_ptr<Model> m) {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      BatchResult r;
      if (!m) {
        auto fresh = Model::instantiate(compiled, mo);
        if (fresh.ok()) m = std::move(*fresh);
        else {
          r.code = cli::exit_code_for(fresh.error());
          r.error = fresh.error().to_string();
        }
      }
      if (m) classify_one(o, files[i], r, m, legacy_info);
      std::lock_guard<std::mutex> lock(mu);
      results[i] = std::move(r);
      results[i].done = true;
      cv.notify_one();
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(worker, std::move(first));
  for (long t = 1; t < jobs; t++) threads.emplace_back(worker, nullptr);

  // Results are printed (and written) in input order as they complete; a progress line on stderr when it is a
  // terminal and the run takes more than half a second.
  const bool tty = isatty(2);
  bool progress_shown = false;
  size_t printed = 0, failed = 0;
  int exit_code = cli::kExitOk;
  auto last_progress = Clock::now();
  while (printed < files.size()) {
    std::vector<size_t> ready;
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return results[printed].done; });
      for (size_t i = printed; i < files.size() && results[i].done; i++) ready.push_back(i);
    }
    if (progress_shown && !ready.empty()) std::fputs("\r\033[K", stderr);
    for (size_t i : ready) {
      const BatchResult& r = results[i];
      if (r.code != cli::kExitOk) {
        failed++;
        if (exit_code == cli::kExitOk) exit_code = r.code;
        std::fprintf(stderr, "wasmvm graph: error: %s: %s\n", files[i].c_str(), r.error.c_str());
      } else {
        std::printf("%s:", files[i].c_str());
        for (const Ranked& c : r.ranking.best)
          std::printf(" %s p=%.4f", (labels ? labels->name(c.cls) : std::to_string(c.cls)).c_str(), c.p);
        std::printf("\n");
      }
      if (jsonl.is_open()) jsonl << result_json(files[i], r, labels).dump() << "\n";
      printed++;
    }
    std::fflush(stdout);
    if (tty && printed < files.size() && ms_since(t_start) > 500 && (ms_since(last_progress) > 200 || !ready.empty())) {
      std::fprintf(stderr, "\r\033[K[%zu/%zu] %zu failed, %.1f inputs/s", printed, files.size(), failed,
                   1000.0 * double(printed) / ms_since(t_start));
      std::fflush(stderr);
      progress_shown = true;
      last_progress = Clock::now();
    }
  }
  for (auto& t : threads) t.join();
  if (progress_shown) std::fputs("\r\033[K", stderr);
  const double wall_ms = ms_since(t_start);
  const double cpu_ms = 1000.0 * double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::printf("batch: %zu inputs, %zu ok, %zu failed, %ld jobs, wall %.1f ms (%.1f inputs/s), cpu %.1f ms "
              "(%.1f inputs per cpu-s), load %.1f ms\n",
              files.size(), files.size() - failed, failed, jobs, wall_ms, 1000.0 * double(files.size()) / wall_ms,
              cpu_ms, cpu_ms > 0 ? 1000.0 * double(files.size()) / cpu_ms : 0.0, load_ms);
  if (jsonl.is_open()) {
    jsonl.flush();
    if (!jsonl) return fail(make_error(ErrorKind::Io, "cannot write " + o.output));
  }
  return exit_code;
}
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
  auto compiled = CompiledModel::compile_file(o.model, mo);
  if (!compiled.ok()) return fail(compiled.error());
  auto loaded = Model::instantiate(*compiled, mo);
  if (!loaded.ok()) return fail(loaded.error());
  Model& m = **loaded;
  const double load_ms = ms_since(t_load);

  const bool legacy = m.abi() == Abi::LegacyJson;
  const size_t n_inputs = legacy ? 1 : m.inputs().size();
  const bool batch = !o.input_dir.empty() || !o.input_list.empty() || o.jobs > 0 || ends_with(o.output, ".jsonl") ||
                     (n_inputs == 1 && o.inputs.size() > 1);
  if (batch) {
    if (n_inputs != 1)
      return usage_error("batch mode needs a model with one input (this one has " + std::to_string(n_inputs) + ")");
    return run_batch(o, labels, *compiled, std::move(*loaded), mo, load_ms);
  }
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

  const Ranking rk = rank_classes(*out, size_t(o.top));
  const size_t classes = rk.classes;
  std::printf("top %zu%s:\n", rk.best.size(), rk.distribution ? "" : " (probabilities = softmax of the scores)");
  for (size_t r = 0; r < rk.best.size(); r++) {
    const Ranked& c = rk.best[r];
    std::string name = labels ? labels->name(c.cls) : std::to_string(c.cls);
    if (rk.distribution) std::printf("  %zu. %-24s p=%.4f\n", r + 1, name.c_str(), c.p);
    else std::printf("  %zu. %-24s p=%.4f  score=%.4f\n", r + 1, name.c_str(), c.p, c.score);
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
