/* resnet50_graph*.wasm: the seeded ResNet-50 behind the wasm_graph tensor ABI (include/wasmvm/wasm_graph_abi.h).
 *
 *   input 0  "image"   f32 [1, 3, S, S]   S = RN50_GUEST_SIZE (224 by default), any real values
 *   output 0 "logits"  f32 [1, 1000]
 *
 * Weights are generated from seed 50 (as resnet50_run does) on first use; that takes a while in an interpreter,
 * so hosts should call one discovery export (or _initialize) before timing runs. */
#include <stdlib.h>
#include <string.h>

#include "resnet50.h"
#include "wasmvm/wasm_graph_abi.h"

#ifndef __wasm32__
#error "resnet50_guest.c is the wasm32 guest; build it with --target=wasm32-wasi"
#endif
#ifndef RN50_GUEST_SIZE
#define RN50_GUEST_SIZE 224
#endif

#define EXPORT(name) __attribute__((export_name(name)))

static Rn50Net g_net;
static WasmGraphDLTensor* g_in;
static WasmGraphDLTensor* g_out;
static int64_t g_in_shape[4] = {1, 3, RN50_GUEST_SIZE, RN50_GUEST_SIZE};
static int64_t g_out_shape[2] = {1, RN50_CLASSES};
static int g_state; /* 0 = not initialised, 1 = ready, otherwise a WASM_GRAPH_ERR_* code */

static WasmGraphDLTensor* make_tensor(int32_t ndim, int64_t* shape, size_t count) {
  WasmGraphDLTensor* t = (WasmGraphDLTensor*)calloc(1, sizeof(WasmGraphDLTensor));
  float* data = (float*)calloc(count, sizeof(float));
  if (!t || !data) {
    free(t);
    free(data);
    return 0;
  }
  t->data = data;
  t->device.device_type = WASM_GRAPH_DEVICE_CPU;
  t->ndim = ndim;
  t->dtype.code = WASM_GRAPH_DTYPE_FLOAT;
  t->dtype.bits = 32;
  t->dtype.lanes = 1;
  t->shape = shape;
  return t;
}

static int ensure_ready(void) {
  if (g_state != 0) return g_state;
  if (rn50_init(&g_net, 50) != RN50_OK) return g_state = WASM_GRAPH_ERR_NO_MEMORY;
  g_in = make_tensor(4, g_in_shape, (size_t)3 * RN50_GUEST_SIZE * RN50_GUEST_SIZE);
  g_out = make_tensor(2, g_out_shape, RN50_CLASSES);
  if (!g_in || !g_out) return g_state = WASM_GRAPH_ERR_NO_MEMORY;
  return g_state = 1;
}

static int intact(const WasmGraphDLTensor* t, int32_t ndim, const int64_t* shape, const int64_t* dims) {
  if (t->ndim != ndim || t->shape != shape || t->data == 0 || t->strides != 0 || t->byte_offset != 0 ||
      t->dtype.code != WASM_GRAPH_DTYPE_FLOAT || t->dtype.bits != 32 || t->dtype.lanes != 1)
    return 0;
  for (int32_t i = 0; i < ndim; ++i)
    if (shape[i] != dims[i]) return 0;
  return 1;
}

EXPORT("wasm_graph_abi_version") int32_t wasm_graph_abi_version(void) { return WASM_GRAPH_ABI_VERSION; }
EXPORT("wasm_graph_alloc") void* wasm_graph_alloc(uint32_t size) {
  return size == 0 ? 0 : aligned_alloc(16, (size + 15u) & ~15u);
}
EXPORT("wasm_graph_free") void wasm_graph_free(void* ptr) { free(ptr); }
EXPORT("wasm_graph_num_inputs") int32_t wasm_graph_num_inputs(void) { return 1; }
EXPORT("wasm_graph_num_outputs") int32_t wasm_graph_num_outputs(void) { return 1; }
EXPORT("wasm_graph_input_desc") WasmGraphDLTensor* wasm_graph_input_desc(int32_t i) {
  return (i == 0 && ensure_ready() == 1) ? g_in : 0;
}
EXPORT("wasm_graph_output_desc") WasmGraphDLTensor* wasm_graph_output_desc(int32_t i) {
  return (i == 0 && ensure_ready() == 1) ? g_out : 0;
}
EXPORT("wasm_graph_input_name") const char* wasm_graph_input_name(int32_t i) { return i == 0 ? "image" : 0; }
EXPORT("wasm_graph_output_name") const char* wasm_graph_output_name(int32_t i) { return i == 0 ? "logits" : 0; }

EXPORT("wasm_graph_run") int32_t wasm_graph_run(void) {
  int state = ensure_ready();
  if (state != 1) return state;
  static const int64_t in_dims[4] = {1, 3, RN50_GUEST_SIZE, RN50_GUEST_SIZE};
  static const int64_t out_dims[2] = {1, RN50_CLASSES};
  if (!intact(g_in, 4, g_in_shape, in_dims) || !intact(g_out, 2, g_out_shape, out_dims))
    return WASM_GRAPH_ERR_BAD_DESCRIPTOR;
  const float* x = (const float*)g_in->data;
  for (size_t i = 0; i < (size_t)3 * RN50_GUEST_SIZE * RN50_GUEST_SIZE; ++i)
    if (x[i] != x[i]) return WASM_GRAPH_ERR_BAD_INPUT;
  Rn50Kernels k = rn50_simd_available() ? RN50_KERNELS_SIMD : RN50_KERNELS_SCALAR;
  int rc = rn50_forward(&g_net, x, RN50_GUEST_SIZE, (float*)g_out->data, k);
  return rc == RN50_OK ? WASM_GRAPH_OK : WASM_GRAPH_ERR_NO_MEMORY;
}
