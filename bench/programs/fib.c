// fib: naive doubly recursive Fibonacci, fib(30) (~1.6 M calls): call/return overhead.
#include "bench_common.h"

static int fib_n;  // set at init time so the compiler cannot fold the call tree away

static int32_t fib(int32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

void bench_init(void) { fib_n = 30; }

int64_t bench_run(void) { return fib(fib_n); }
