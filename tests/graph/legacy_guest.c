/* Minimal guest speaking TVM's legacy wasm_graph protocol, to reproduce the field corruption without Rust.
 *
 *   export run(addr, size) -> out_size: parses {"dtype":"FP32","shape":[...],"strides":null,"data":[bytes]} at
 *   addr the way serde_json + Vec<u8> do (bytes pushed one by one into a buffer grown by realloc doubling),
 *   then writes {"dtype":"FP32","shape":[4],"strides":null,"data":[...]} with [sum, min, max, count] of the
 *   input floats back at addr. Parse errors print a serde-style message to stderr and trap (Rust panic=abort).
 *
 * Like TVM's graph executor, the first run reserves its working arena (untouched until inference) before it
 * parses the input. With TVM's host protocol the input sits at the old end of memory, which dlmalloc claimed as
 * heap on that first malloc: the arena covers the input's start and the data Vec lands inside input bytes that
 * are not parsed yet. Exports malloc/free so a safe host can place the input in guest-owned memory; built with
 * -DLEGACY_GUEST_TVM_EXPORTS it exports only `memory` and `run` like TVM's real module (the safe host then primes
 * the allocator with run(end, 0), which traps here after the arena malloc, and writes into pages grown after it).
 *
 * Why the arena: Debian's wasi-libc (2022-05) dlmalloc may not claim [__heap_base, memory.size) on its first
 * malloc (newer wasi-libc does, which is what corrupts TVM's input in the field). The 96 KiB arena taken before
 * parsing emulates that newer behaviour deterministically: whichever dlmalloc is linked, the guest's heap reaches
 * over the host's input before the input is read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define ARENA_BYTES (96 * 1024)

#ifndef LEGACY_GUEST_TVM_EXPORTS
EXPORT("malloc") void* guest_malloc(size_t n) { return malloc(n); }
EXPORT("free") void guest_free(void* p) { free(p); }
#endif

static unsigned char* g_arena;

typedef struct { const unsigned char* s; size_t n, pos; } Parser;

static void fail(const Parser* p, const char* what) {
  fprintf(stderr, "called `Result::unwrap()` on an `Err` value: Error(\"%s\", line: 1, column: %zu)\n", what,
          p->pos + 1);
  __builtin_trap();
}
static void expect(Parser* p, char c, const char* what) {
  if (p->pos >= p->n || p->s[p->pos] != c) fail(p, what);
  p->pos++;
}
static void expect_word(Parser* p, const char* w) {
  size_t k = strlen(w);
  if (p->n - p->pos < k || memcmp(p->s + p->pos, w, k) != 0) fail(p, "expected value");
  p->pos += k;
}
static uint64_t number(Parser* p) {
  if (p->pos >= p->n || p->s[p->pos] < '0' || p->s[p->pos] > '9') fail(p, "expected value");
  uint64_t v = 0;
  while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') v = v * 10 + (p->s[p->pos++] - '0');
  return v;
}

typedef struct { unsigned char* data; size_t len, cap; } Vec;
static void push(Vec* v, unsigned char b) {
  if (v->len == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    v->data = realloc(v->data, v->cap);
    if (!v->data) __builtin_trap();
  }
  v->data[v->len++] = b;
}

EXPORT("run") int32_t run(int32_t addr, int32_t size) {
  if (!g_arena) g_arena = malloc(ARENA_BYTES);  /* reserved now, written during inference */
  Parser p = {(const unsigned char*)(uintptr_t)addr, (size_t)size, 0};
  expect_word(&p, "{\"dtype\":\"FP32\",\"shape\":");
  expect(&p, '[', "expected `[`");
  uint64_t elems = 1;
  for (;;) {
    elems *= number(&p);
    if (p.pos < p.n && p.s[p.pos] == ',') { p.pos++; continue; }
    expect(&p, ']', "expected `,` or `]`");
    break;
  }
  expect_word(&p, ",\"strides\":null,\"data\":");
  expect(&p, '[', "expected `[`");
  Vec v = {0, 0, 0};
  for (;;) {
    uint64_t b = number(&p);
    if (b > 255) fail(&p, "invalid value: integer, expected u8");
    push(&v, (unsigned char)b);
    if (p.pos < p.n && p.s[p.pos] == ',') { p.pos++; continue; }
    expect(&p, ']', "expected `,` or `]`");
    break;
  }
  expect(&p, '}', "expected `,` or `}`");
  if (v.len != elems * 4) fail(&p, "data length does not match shape");

  float sum = 0, mn = 0, mx = 0;
  for (size_t i = 0; i < elems; i++) {
    float x;
    memcpy(&x, v.data + 4 * i, 4);
    sum += x;
    if (i == 0 || x < mn) mn = x;
    if (i == 0 || x > mx) mx = x;
  }
  free(v.data);
  memset(g_arena, 0, 64); /* "inference" touches the arena */
  float out[4] = {sum, mn, mx, (float)elems};
  char* o = (char*)(uintptr_t)addr;
  int n = sprintf(o, "{\"dtype\":\"FP32\",\"shape\":[4],\"strides\":null,\"data\":[");
  const unsigned char* ob = (const unsigned char*)out;
  for (int i = 0; i < 16; i++) n += sprintf(o + n, i ? ",%u" : "%u", ob[i]);
  n += sprintf(o + n, "]}");
  return n;
}
