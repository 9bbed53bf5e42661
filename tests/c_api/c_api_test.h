/* Shared helpers of the C API tests: load a .wasm file, and CHECK macros that fail the test with a
 * message (exit code 1) on any wrong value. */
#ifndef WASMVM_C_API_TEST_H
#define WASMVM_C_API_TEST_H

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"

static _Atomic int c_api_checks = 0;  /* atomic: threads.c checks from several threads */

#define CHECK(cond)                                                              \
  do {                                                                           \
    c_api_checks++;                                                              \
    if (!(cond)) {                                                               \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
      exit(1);                                                                   \
    }                                                                            \
  } while (0)

#define CHECK_EQ_INT(actual, expected)                                                       \
  do {                                                                                       \
    long long a_ = (long long)(actual), e_ = (long long)(expected);                          \
    c_api_checks++;                                                                          \
    if (a_ != e_) {                                                                          \
      fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__, #actual, a_, e_); \
      exit(1);                                                                               \
    }                                                                                        \
  } while (0)

/* A trap's message equals `expected` (the message is NUL-terminated). Deletes the trap. */
static inline void check_trap_message(wasm_trap_t* trap, const char* expected, const char* where) {
  if (!trap) {
    fprintf(stderr, "%s: expected a trap \"%s\", got none\n", where, expected);
    exit(1);
  }
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  c_api_checks++;
  if (msg.size != strlen(expected) + 1 || msg.data[msg.size - 1] != '\0' || strcmp(msg.data, expected) != 0) {
    fprintf(stderr, "%s: trap message \"%.*s\", expected \"%s\"\n", where, (int)msg.size, msg.data, expected);
    exit(1);
  }
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

static inline void load_wasm(const char* path, wasm_byte_vec_t* out) {
  FILE* f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  if (size > 0 && fread(out->data, 1, (size_t)size, f) != (size_t)size) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(1);
  }
  fclose(f);
}

/* The module in argv[1], compiled in `store`. */
static inline wasm_module_t* load_module(wasm_store_t* store, int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s MODULE.wasm\n", argv[0]);
    exit(2);
  }
  wasm_byte_vec_t binary;
  load_wasm(argv[1], &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "%s: wasm_module_new failed\n", argv[1]);
    exit(1);
  }
  return module;
}

static inline void report_pass(const char* name) {
  printf("%s: %d checks passed, 0 failed\n", name, atomic_load(&c_api_checks));
}

#endif
