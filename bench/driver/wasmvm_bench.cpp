// wasmvm-bench: runs one benchmark corpus module on wasmvm through the public embedding API.
//
//   wasmvm-bench <file.wasm> [repetitions]
//
// Compiles and instantiates the module (timed separately as startup_ms), calls bench_init once,
// then times each bench_run call and prints the line every bench driver prints:
//   RESULT reps=<n> median_ms=<x> min_ms=<y> cpu_median_ms=<a> cpu_min_ms=<b>
//          checksum=0x<16 hex digits> startup_ms=<z>
// (wall-clock and process CPU time per repetition; CPU time is steadier on a shared machine).
// Exit status: 0 ok, 1 load/instantiate/trap error, 2 usage error.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmvm/wasmvm.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median_of(std::vector<double>& v) {
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

bool read_file(const char* path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int fail(const char* what, const wasmvm::Error& e) {
  std::fprintf(stderr, "error: %s: %s\n", what, e.to_string().c_str());
  if (!e.frames.empty()) std::fprintf(stderr, "backtrace:\n%s\n", e.backtrace().c_str());
  return 1;
}

// bench_run returns the checksum as i64 (or i32 for tiny programs).
bool checksum_of(const std::vector<wasmvm::Value>& results, uint64_t& out) {
  if (results.size() != 1) return false;
  const wasmvm::Value& v = results[0];
  if (v.type == wasmvm::ValType::I64) out = uint64_t(v.as_i64());
  else if (v.type == wasmvm::ValType::I32) out = uint64_t(int64_t(v.as_i32()));
  else return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s <file.wasm> [repetitions (1..100000)]\n", argv[0]);
    return 2;
  }
  long reps = 5;
  if (argc == 3) {
    char* end = nullptr;
    reps = std::strtol(argv[2], &end, 10);
    if (*end != '\0' || reps < 1 || reps > 100000) {
      std::fprintf(stderr, "error: repetitions must be an integer in 1..100000, got '%s'\n", argv[2]);
      return 2;
    }
  }
  std::vector<uint8_t> bytes;
  if (!read_file(argv[1], bytes)) {
    std::fprintf(stderr, "error: cannot read '%s'\n", argv[1]);
    return 1;
  }

  const auto t_start = Clock::now();
  wasmvm::Engine engine;
  auto module = wasmvm::Module::compile(engine, bytes);
  if (!module.ok()) return fail("compile", module.error());
  wasmvm::Store store(engine);
  wasmvm::Linker linker(store);
  auto instance = linker.instantiate(module.value());
  if (!instance.ok()) return fail("instantiate", instance.error());
  wasmvm::Func init = instance->func("bench_init");
  wasmvm::Func run = instance->func("bench_run");
  if (!init.valid() || !run.valid()) {
    std::fprintf(stderr, "error: %s: missing export bench_init or bench_run\n", argv[1]);
    return 1;
  }
  const double startup_ms = ms_since(t_start);

  auto init_result = init.call(store, {});
  if (!init_result.ok()) return fail("bench_init", init_result.error());

  std::vector<double> times, cpu_times;
  times.reserve(size_t(reps));
  cpu_times.reserve(size_t(reps));
  uint64_t checksum = 0;
  for (long r = 0; r < reps; r++) {
    const auto t0 = Clock::now();
    const double c0 = cpu_ms();
    auto result = run.call(store, {});
    const double ms = ms_since(t0), cpu = cpu_ms() - c0;
    if (!result.ok()) return fail("bench_run", result.error());
    uint64_t c = 0;
    if (!checksum_of(result.value(), c)) {
      std::fprintf(stderr, "error: bench_run must return one i64 (or i32) checksum\n");
      return 1;
    }
    if (r > 0 && c != checksum) {
      std::fprintf(stderr, "error: checksum changed between repetitions (0x%016" PRIx64 " then 0x%016" PRIx64 ")\n",
                   checksum, c);
      return 1;
    }
    checksum = c;
    times.push_back(ms);
    cpu_times.push_back(cpu);
  }
  const double median = median_of(times), cpu_median = median_of(cpu_times);
  std::printf("RESULT reps=%ld median_ms=%.3f min_ms=%.3f cpu_median_ms=%.3f cpu_min_ms=%.3f checksum=0x%016" PRIx64
              " startup_ms=%.3f\n",
              reps, median, times.front(), cpu_median, cpu_times.front(), checksum, startup_ms);
  return 0;
}
