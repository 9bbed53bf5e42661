// Native reference driver: links one corpus program, calls bench_init once, then times
// bench_run for N repetitions and prints the line every bench driver prints:
//   RESULT reps=<n> median_ms=<x> min_ms=<y> checksum=0x<16 hex digits>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void bench_init(void);
int64_t bench_run(void);

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
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
  if (!times) return 1;
  bench_init();
  uint64_t checksum = 0;
  for (int r = 0; r < reps; r++) {
    double t0 = now_ms();
    uint64_t c = (uint64_t)bench_run();
    times[r] = now_ms() - t0;
    if (r > 0 && c != checksum) {
      fprintf(stderr, "error: checksum changed between repetitions\n");
      return 1;
    }
    checksum = c;
  }
  qsort(times, (size_t)reps, sizeof(double), cmp_double);
  double median = reps % 2 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
  printf("RESULT reps=%d median_ms=%.3f min_ms=%.3f checksum=0x%016llx\n", reps, median, times[0],
         (unsigned long long)checksum);
  free(times);
  return 0;
}
