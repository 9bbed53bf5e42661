// WASI guest (wasm32-wasi, wasi-libc): args, environment, exit codes, stdin, clocks, random.
// Usage: guest_misc.wasm MODE [ARGS...]
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int failures;
#define CHECK(cond)                                                                   \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      printf("FAIL %s:%d: %s (errno %d)\n", __FILE__, __LINE__, #cond, errno);        \
      failures++;                                                                     \
    }                                                                                 \
  } while (0)

static uint64_t ns(clockid_t id) {
  struct timespec t;
  CHECK(clock_gettime(id, &t) == 0);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static int mode_args(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  const char* v = getenv("WASMVM_TEST");
  printf("WASMVM_TEST=%s\n", v ? v : "(unset)");
  printf("MISSING=%s\n", getenv("MISSING") ? "set" : "(unset)");
  return 0;
}

static int mode_stdin(void) {
  char buf[4096];
  size_t total = 0;
  uint32_t sum = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
    for (size_t i = 0; i < n; i++) sum = sum * 31 + (unsigned char)buf[i];
    total += n;
  }
  printf("stdin bytes=%zu sum=%u\n", total, sum);
  return 0;
}

static int mode_clock(void) {
  CHECK(ns(CLOCK_REALTIME) > 1577836800ull * 1000000000ull);  // after 2020-01-01
  uint64_t a = ns(CLOCK_MONOTONIC);
  struct timespec d = {0, 20 * 1000 * 1000};
  CHECK(nanosleep(&d, NULL) == 0);  // poll_oneoff with a relative clock
  uint64_t b = ns(CLOCK_MONOTONIC);
  CHECK(b - a >= 19 * 1000 * 1000);
  struct timespec res;
  CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0));
  volatile uint64_t spin = 0;  // keeps the loop alive
  uint64_t c0 = ns(CLOCK_PROCESS_CPUTIME_ID);
  for (int i = 0; i < 2000000; i++) spin += (uint64_t)i;
  CHECK(ns(CLOCK_PROCESS_CPUTIME_ID) > c0 && spin > 0);
  CHECK(time(NULL) > 1577836800);
  printf("clock: %d failures\n", failures);
  return failures ? 1 : 0;
}

static int mode_random(void) {
  unsigned char a[32], b[32], zero[32] = {0};
  CHECK(getentropy(a, sizeof a) == 0);
  CHECK(getentropy(b, sizeof b) == 0);
  CHECK(memcmp(a, b, sizeof a) != 0);
  CHECK(memcmp(a, zero, sizeof a) != 0);
  CHECK(getentropy(a, 257) == -1 && errno == EIO);  // libc limit, not a host call
  printf("random: %d failures\n", failures);
  return failures ? 1 : 0;
}

static int mode_stdio(void) {
  // isatty() is "character device without seek/tell rights": a file or pipe is not a tty.
  printf("isatty(1)=%d\n", isatty(1));
  fprintf(stderr, "to stderr\n");
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const char* mode = argv[1];
  if (strcmp(mode, "args") == 0) return mode_args(argc, argv);
  if (strcmp(mode, "exit") == 0) {
    printf("exiting with %s\n", argc > 2 ? argv[2] : "0");
    exit(argc > 2 ? atoi(argv[2]) : 0);
  }
  if (strcmp(mode, "stdin") == 0) return mode_stdin();
  if (strcmp(mode, "clock") == 0) return mode_clock();
  if (strcmp(mode, "random") == 0) return mode_random();
  if (strcmp(mode, "stdio") == 0) return mode_stdio();
  if (strcmp(mode, "trap") == 0) __builtin_trap();
  printf("unknown mode %s\n", mode);
  return 2;
}
