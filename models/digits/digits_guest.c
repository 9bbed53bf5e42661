/* digits_graph.wasm: the digits CNN behind the wasm_graph tensor ABI (include/wasmvm/wasm_graph_abi.h).
 * Built as a WASI reactor for wasm32 only.
 *
 *   input 0  "image"          f32 [1, 1, 8, 8]   levels / 16 (see digits_model.h, Preprocessing)
 *   output 0 "logits"         f32 [1, 10]
 *   output 1 "probabilities"  f32 [1, 10]        softmax of the logits
 *
 * Everything (descriptors, shapes, buffers) is allocated with the guest's own malloc on first use, so the host
 * only ever writes into memory the guest handed out. */
#include <stdlib.h>
#include <string.h>

#include "digits_data.h"
#include "digits_model.h"
#include "wasmvm/wasm_graph_abi.h"

#ifndef __wasm32__
#error "digits_guest.c is the wasm32 guest; build it with --target=wasm32-wasi"
#endif

#define EXPORT(name) __attribute__((export_name(name)))

enum { NUM_INPUTS = 1, NUM_OUTPUTS = 2 };

typedef struct TensorSlot {
  WasmGraphDLTensor* desc;
  const char* name;
  int32_t ndim;
  int64_t dims[4];
} TensorSlot;

static TensorSlot g_inputs[NUM_INPUTS] = {{0, "image", 4, {1, 1, DIGITS_SIDE, DIGITS_SIDE}}};
static TensorSlot g_outputs[NUM_OUTPUTS] = {{0, "logits", 2, {1, DIGITS_CLASSES, 0, 0}},
                                            {0, "probabilities", 2, {1, DIGITS_CLASSES, 0, 0}}};
static DigitsWeights* g_weights;
static int g_state; /* 0 = not initialised, 1 = ready, otherwise a WASM_GRAPH_ERR_* code */

static int64_t element_count(const TensorSlot* s) {
  int64_t n = 1;
  for (int32_t i = 0; i < s->ndim; ++i) n *= s->dims[i];
  return n;
}

static int make_tensor(TensorSlot* s) {
  WasmGraphDLTensor* t = (WasmGraphDLTensor*)calloc(1, sizeof(WasmGraphDLTensor));
  int64_t* shape = (int64_t*)malloc(sizeof(int64_t) * (size_t)s->ndim);
  float* data = (float*)calloc((size_t)element_count(s), sizeof(float));
  if (!t || !shape || !data) {
    free(t);
    free(shape);
    free(data);
    return 0;
  }
  memcpy(shape, s->dims, sizeof(int64_t) * (size_t)s->ndim);
  t->data = data;
  t->device.device_type = WASM_GRAPH_DEVICE_CPU;
  t->device.device_id = 0;
  t->ndim = s->ndim;
  t->dtype.code = WASM_GRAPH_DTYPE_FLOAT;
  t->dtype.bits = 32;
  t->dtype.lanes = 1;
  t->shape = shape;
  t->strides = 0;
  t->byte_offset = 0;
  s->desc = t;
  return 1;
}

static int ensure_ready(void) {
  if (g_state != 0) return g_state;
  g_weights = (DigitsWeights*)malloc(sizeof(DigitsWeights));
  if (!g_weights) return g_state = WASM_GRAPH_ERR_NO_MEMORY;
  if (digits_weights_parse(digits_weights_blob, digits_weights_blob_size, g_weights, 0, 0) != DIGITS_DATA_OK)
    return g_state = WASM_GRAPH_ERR_BAD_WEIGHTS;
  for (int i = 0; i < NUM_INPUTS; ++i)
    if (!make_tensor(&g_inputs[i])) return g_state = WASM_GRAPH_ERR_NO_MEMORY;
  for (int i = 0; i < NUM_OUTPUTS; ++i)
    if (!make_tensor(&g_outputs[i])) return g_state = WASM_GRAPH_ERR_NO_MEMORY;
  return g_state = 1;
}

/* The host must not have changed what the guest relies on. */
static int descriptor_intact(const TensorSlot* s) {
  const WasmGraphDLTensor* t = s->desc;
  if (t->ndim != s->ndim || t->dtype.code != WASM_GRAPH_DTYPE_FLOAT || t->dtype.bits != 32 ||
      t->dtype.lanes != 1 || t->strides != 0 || t->byte_offset != 0 || t->data == 0 || t->shape == 0)
    return 0;
  for (int32_t i = 0; i < s->ndim; ++i)
    if (t->shape[i] != s->dims[i]) return 0;
  return 1;
}

EXPORT("wasm_graph_abi_version") int32_t wasm_graph_abi_version(void) { return WASM_GRAPH_ABI_VERSION; }

EXPORT("wasm_graph_alloc") void* wasm_graph_alloc(uint32_t size) {
  if (size == 0) return 0;
  return aligned_alloc(16, (size + 15u) & ~15u);
}

EXPORT("wasm_graph_free") void wasm_graph_free(void* ptr) { free(ptr); }

EXPORT("wasm_graph_num_inputs") int32_t wasm_graph_num_inputs(void) { return NUM_INPUTS; }

EXPORT("wasm_graph_num_outputs") int32_t wasm_graph_num_outputs(void) { return NUM_OUTPUTS; }

EXPORT("wasm_graph_input_desc") WasmGraphDLTensor* wasm_graph_input_desc(int32_t i) {
  if (i < 0 || i >= NUM_INPUTS || ensure_ready() != 1) return 0;
  return g_inputs[i].desc;
}

EXPORT("wasm_graph_output_desc") WasmGraphDLTensor* wasm_graph_output_desc(int32_t i) {
  if (i < 0 || i >= NUM_OUTPUTS || ensure_ready() != 1) return 0;
  return g_outputs[i].desc;
}

EXPORT("wasm_graph_input_name") const char* wasm_graph_input_name(int32_t i) {
  return (i < 0 || i >= NUM_INPUTS) ? 0 : g_inputs[i].name;
}

EXPORT("wasm_graph_output_name") const char* wasm_graph_output_name(int32_t i) {
  return (i < 0 || i >= NUM_OUTPUTS) ? 0 : g_outputs[i].name;
}

EXPORT("wasm_graph_run") int32_t wasm_graph_run(void) {
  int state = ensure_ready();
  if (state != 1) return state;
  for (int i = 0; i < NUM_INPUTS; ++i)
    if (!descriptor_intact(&g_inputs[i])) return WASM_GRAPH_ERR_BAD_DESCRIPTOR;
  for (int i = 0; i < NUM_OUTPUTS; ++i)
    if (!descriptor_intact(&g_outputs[i])) return WASM_GRAPH_ERR_BAD_DESCRIPTOR;
  const float* input = (const float*)g_inputs[0].desc->data;
  for (int i = 0; i < DIGITS_PIXELS; ++i)
    if (input[i] != input[i]) return WASM_GRAPH_ERR_BAD_INPUT;
  float* logits = (float*)g_outputs[0].desc->data;
  float* probs = (float*)g_outputs[1].desc->data;
  digits_forward(g_weights, input, logits);
  digits_softmax(logits, probs);
  return WASM_GRAPH_OK;
}
