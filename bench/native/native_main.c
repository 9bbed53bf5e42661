// Native reference driver: links one corpus program, calls bench_init once, then times
// bench_run for N repetitions and prints the line every bench driver prints:
//   RESULT reps=<n> median_ms=<x> min_ms=<y> cpu_median_ms=<a> cpu_min_ms=<b> checksum=0x<16 hex>
// (wall-clock and process CPU time per repetition; CPU time is steadier on a shared machine).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void bench_init(void);
int64_t bench_run(void);

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double clock_ms(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double median_of(double* v, int n) {
  qsort(v, (size_t)n, sizeof(double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char** argv) {
  int reps = 5;
  if (argc > 1) {
    char* end = NULL;
    long v = strtol(argv[1], &end, 10);
    if (*end != '\0' || v < 1 || v > 100000) {
      fprintf(stderr, "usage: %s [repetitions (1..100000)]\n", argv[0]);
      return 2;
    }
    reps = (int)v;
  }
  double* times = malloc(sizeof(double) * (size_t)reps);
  double* cpu_times = malloc(sizeof(double) * (size_t)reps);
  if (!times || !cpu_times) return 1;
  bench_init();
  uint64_t checksum = 0;
  for (int r = 0; r < reps; r++) {
    double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    uint64_t c = (uint64_t)bench_run();
    times[r] = clock_ms(CLOCK_MONOTONIC) - t0;
    cpu_times[r] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (r > 0 && c != checksum) {
      fprintf(stderr, "error: checksum changed between repetitions\n");
      return 1;
    }
    checksum = c;
  }
  double median = median_of(times, reps), cpu_median = median_of(cpu_times, reps);
  printf("RESULT reps=%d median_ms=%.3f min_ms=%.3f cpu_median_ms=%.3f cpu_min_ms=%.3f checksum=0x%016llx\n",
         reps, median, times[0], cpu_median, cpu_times[0], (unsigned long long)checksum);
  free(times);
  free(cpu_times);
  return 0;
}
