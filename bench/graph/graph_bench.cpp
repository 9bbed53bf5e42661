// graph-bench: costs around a wasm_graph inference in loader/graph's Model, in process CPU time.
//
//   graph-bench io     MODEL.wasm [iters]   tensor-ABI input/output cost vs a plain memcpy of the same bytes
//   graph-bench legacy LEGACY.wasm TENSOR.wasm [iters]
//                                           legacy JSON path split: host encode/decode, guest run (JSON parse +
//                                           model + JSON encode), and the tensor-ABI run of the same model
//   graph-bench guard  MODEL.wasm [iters] [rounds]
//                                           Model::run with guard support off, the plain embedding call of
//                                           wasm_graph_run on the same instance, and Model::run with guard on
//
// Every measurement prints one line `GRAPHBENCH <kind> <name> key=value...` (run_graph.py parses them).
// Times are per call, median over iterations, in microseconds of process CPU time (the 2 cores are shared).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

#include "loader/graph/graph.h"
#include "loader/graph/legacy_json.h"

namespace {

using wasmvm::graph::HostTensor;
using wasmvm::graph::Model;
using wasmvm::graph::ModelOptions;

double cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Times `fn` `iters` times (each call timed on its own; the clock costs ~0.1 us, small against what we time
// except for the tiniest copies, where the memcpy baseline carries the same overhead). Returns the median.
// `fn` returns false on failure, which aborts the program: a failed call must never be counted as fast.
double time_calls(int iters, const std::function<bool()>& fn) {
  std::vector<double> t;
  t.reserve(size_t(iters));
  for (int i = 0; i < iters; i++) {
    double a = cpu_us();
    bool ok = fn();
    double b = cpu_us();
    if (!ok) {
      std::fprintf(stderr, "graph-bench: a timed call failed\n");
      std::exit(1);
    }
    t.push_back(b - a);
  }
  return median(t);
}

std::unique_ptr<Model> load_or_die(const char* path, const ModelOptions& opt = {}) {
  auto m = Model::load_file(path, opt);
  if (!m.ok()) {
    std::fprintf(stderr, "graph-bench: %s: %s\n", path, m.error().to_string().c_str());
    std::exit(1);
  }
  return std::move(*m);
}

// Deterministic input in [0, 1] (the digits model expects level/16; any finite value works for ResNet).
std::vector<float> make_input(size_t n) {
  std::vector<float> v(n);
  uint32_t s = 12345;
  for (auto& x : v) {
    s = s * 1664525u + 1013904223u;
    x = float((s >> 8) % 17) / 16.0f;
  }
  return v;
}

volatile uint8_t g_sink;  // keeps the compiler from dropping copies whose result is otherwise unused

int cmd_io(const char* path, int iters) {
  auto model = load_or_die(path);
  Model& m = *model;
  if (m.inputs().empty() || m.outputs().empty()) {
    std::fprintf(stderr, "graph-bench: %s has no tensor inputs/outputs\n", path);
    return 1;
  }
  const auto& in_info = m.inputs()[0];
  const auto& out_info = m.outputs()[0];
  std::vector<float> in = make_input(size_t(in_info.elements));
  HostTensor host_in = HostTensor::from_f32(in_info.shape, in);
  size_t in_bytes = host_in.bytes.size(), out_bytes = size_t(out_info.elements) * sizeof(float);

  std::vector<uint8_t> dst(std::max(in_bytes, out_bytes));
  double memcpy_in = time_calls(iters, [&] {
    std::memcpy(dst.data(), host_in.bytes.data(), in_bytes);
    g_sink = dst[in_bytes / 2];
    return true;
  });
  double set_input = time_calls(iters, [&] { return m.set_input(0, host_in).ok(); });
  double view_in = time_calls(iters, [&] {
    auto v = m.input_view<float>(0);
    if (!v.ok()) return false;
    auto s = v->span();
    if (!s.ok()) return false;
    std::memcpy(s->data(), in.data(), in_bytes);
    return true;
  });
  // The guest's input must hold exactly what we wrote.
  {
    auto v = m.input_view<const float>(0);
    if (!v.ok() || !v->span().ok() || std::memcmp(v->span()->data(), in.data(), in_bytes) != 0) {
      std::fprintf(stderr, "graph-bench: input bytes in guest memory differ from the host tensor\n");
      return 1;
    }
  }
  std::vector<uint8_t> out_src(out_bytes, 7);
  double memcpy_out = time_calls(iters, [&] {
    std::memcpy(dst.data(), out_src.data(), out_bytes);
    g_sink = dst[out_bytes / 2];
    return true;
  });
  double output_copy = time_calls(iters, [&] {
    auto t = m.output(0);
    if (!t.ok() || t->bytes.size() != out_bytes) return false;
    g_sink = t->bytes[out_bytes / 2];
    return true;
  });
  double view_out = time_calls(iters, [&] {
    auto v = m.output_view<const float>(0);
    if (!v.ok()) return false;
    auto s = v->span();
    if (!s.ok()) return false;
    float acc = 0;
    for (float x : *s) acc += x;  // touch every element once, like a consumer would
    g_sink = uint8_t(acc != acc);
    return true;
  });
  std::printf("GRAPHBENCH io input bytes=%zu memcpy_us=%.3f set_input_us=%.3f view_write_us=%.3f iters=%d\n",
              in_bytes, memcpy_in, set_input, view_in, iters);
  std::printf("GRAPHBENCH io output bytes=%zu memcpy_us=%.3f output_copy_us=%.3f view_read_us=%.3f iters=%d\n",
              out_bytes, memcpy_out, output_copy, view_out, iters);
  return 0;
}

int cmd_legacy(const char* legacy_path, const char* tensor_path, int iters) {
  auto legacy = load_or_die(legacy_path);
  auto tensor = load_or_die(tensor_path);
  if (legacy->abi() != wasmvm::graph::Abi::LegacyJson || tensor->abi() != wasmvm::graph::Abi::Tensor) {
    std::fprintf(stderr, "graph-bench: expected a legacy JSON module and a tensor-ABI module\n");
    return 1;
  }
  const auto& info = tensor->inputs()[0];
  std::vector<float> in = make_input(size_t(info.elements));
  HostTensor host_in = HostTensor::from_f32(info.shape, in);
  if (!legacy->set_input(0, host_in).ok() || !tensor->set_input(0, host_in).ok()) {
    std::fprintf(stderr, "graph-bench: set_input failed\n");
    return 1;
  }
  // Both ABIs must agree on the logits before their costs are compared.
  if (!legacy->run().ok() || !tensor->run().ok()) {
    std::fprintf(stderr, "graph-bench: first run failed: %s\n", legacy->guest_stderr().c_str());
    return 1;
  }
  auto lo = legacy->output(0);
  auto to = tensor->output(0);
  if (!lo.ok() || !to.ok() || lo->bytes != to->bytes) {
    std::fprintf(stderr, "graph-bench: legacy and tensor-ABI logits differ\n");
    return 1;
  }
  std::string in_json, out_json;
  double encode = time_calls(iters, [&] {
    auto j = wasmvm::graph::encode_legacy_tensor(host_in);
    if (!j.ok()) return false;
    in_json = std::move(*j);
    return true;
  });
  auto oj = wasmvm::graph::encode_legacy_tensor(*lo);
  if (!oj.ok()) return 1;
  out_json = *oj;
  double decode = time_calls(iters, [&] {
    auto t = wasmvm::graph::decode_legacy_tensor(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(out_json.data()), out_json.size()));
    return t.ok() && t->bytes == lo->bytes;
  });
  double legacy_total = time_calls(iters, [&] { return legacy->run().ok(); });
  double tensor_run = time_calls(iters, [&] { return tensor->run().ok(); });
  // What is left of the legacy total after the host's JSON work and the model itself: the guest's JSON parse of
  // the input and JSON encode of the output (plus placement, a few us).
  double guest_json = legacy_total - encode - decode - tensor_run;
  std::printf(
      "GRAPHBENCH legacy digits in_json_bytes=%zu out_json_bytes=%zu host_encode_us=%.3f host_decode_us=%.3f "
      "legacy_total_us=%.3f tensor_run_us=%.3f guest_json_us=%.3f iters=%d\n",
      in_json.size(), out_json.size(), encode, decode, legacy_total, tensor_run, guest_json, iters);
  return 0;
}

int cmd_guard(const char* path, int iters, int rounds) {
  ModelOptions on;
  on.guard = true;
  auto plain = load_or_die(path);
  auto guarded = load_or_die(path, on);
  const auto& info = plain->inputs()[0];
  HostTensor host_in = HostTensor::from_f32(info.shape, make_input(size_t(info.elements)));
  if (!plain->set_input(0, host_in).ok() || !guarded->set_input(0, host_in).ok()) return 1;
  wasmvm::Instance inst = plain->instance();
  auto direct = [&] {
    auto r = inst.call("wasm_graph_run", {});
    return r.ok() && r->size() == 1 && (*r)[0].as_i32() == 0;
  };
  auto model_off = [&] { return plain->run().ok(); };
  auto model_on = [&] { return guarded->run().ok() && guarded->guard() && !guarded->guard()->report(); };
  // Same outputs from all three paths.
  if (!direct()) return 1;
  auto a = plain->output(0);
  if (!model_on()) {
    std::fprintf(stderr, "graph-bench: guarded run failed or reported a violation\n");
    return 1;
  }
  auto b = guarded->output(0);
  if (!a.ok() || !b.ok() || a->bytes != b->bytes) {
    std::fprintf(stderr, "graph-bench: guard on/off outputs differ\n");
    return 1;
  }
  // Interleaved rounds so load changes hit all three alike; report the median over rounds.
  std::vector<double> off_r, direct_r, on_r;
  for (int r = 0; r < rounds; r++) {
    direct_r.push_back(time_calls(iters, direct));
    off_r.push_back(time_calls(iters, model_off));
    on_r.push_back(time_calls(iters, model_on));
  }
  std::printf("GRAPHBENCH guard run direct_us=%.3f model_guard_off_us=%.3f model_guard_on_us=%.3f iters=%d rounds=%d\n",
              median(direct_r), median(off_r), median(on_r), iters, rounds);
  auto spread = [](const std::vector<double>& v) {
    return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end());
  };
  std::printf("GRAPHBENCH guard spread direct_us=%.3f model_guard_off_us=%.3f model_guard_on_us=%.3f\n",
              spread(direct_r), spread(off_r), spread(on_r));
  return 0;
}

int arg_int(int argc, char** argv, int i, int def) {
  if (i >= argc) return def;
  int v = std::atoi(argv[i]);
  return v > 0 ? v : def;
}

}  // namespace

int main(int argc, char** argv) {
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "io" && argc >= 3) return cmd_io(argv[2], arg_int(argc, argv, 3, 200));
  if (cmd == "legacy" && argc >= 4) return cmd_legacy(argv[2], argv[3], arg_int(argc, argv, 4, 200));
  if (cmd == "guard" && argc >= 3) return cmd_guard(argv[2], arg_int(argc, argv, 3, 200), arg_int(argc, argv, 4, 5));
  std::fprintf(stderr,
               "usage: graph-bench io MODEL.wasm [iters] | legacy LEGACY.wasm TENSOR.wasm [iters] | "
               "guard MODEL.wasm [iters] [rounds]\n");
  return 64;
}
