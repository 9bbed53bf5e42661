/* wasm_graph tensor ABI, version 1: the contract between a wasm32 guest model and its host.
 *
 * One header for both sides. Guest authors (C compiled with --target=wasm32-wasi) implement the exports listed
 * below; hosts (wasmvm's driver, tests) read descriptors through the packed wasm32 mirror WasmGraphDLTensor32 and
 * the WASM_GRAPH_DLTENSOR_OFF_* constants, never through native pointers.
 *
 * Why this ABI exists: in TVM's legacy wasm_graph protocol the host writes its input at the old end of memory,
 * which the guest's allocator later claims as heap and overwrites (see DESIGN.md section 5.1). Here every byte
 * the host touches was handed out by the guest: descriptors and their buffers come from the guest's allocator.
 *
 * ------------------------------------------------------------------------------------------------------------
 * Tensor descriptor: DLPack's DLTensor as clang lays it out on wasm32 (pointers are u32, int64 is 8-aligned).
 *
 *   offset size field
 *        0    4 data         u32 address of the first element's buffer (element 0 is at data + byte_offset)
 *        4    4 device.type  i32, DLPack kDLCPU = 1 (only value used)
 *        8    4 device.id    i32, 0
 *       12    4 ndim         i32, 1..WASM_GRAPH_MAX_NDIM
 *       16    1 dtype.code   u8, DLPack kDLInt = 0, kDLUInt = 1, kDLFloat = 2
 *       17    1 dtype.bits   u8, 8/16/32/64
 *       18    2 dtype.lanes  u16, 1
 *       20    4 shape        u32 address of i64[ndim]
 *       24    4 strides      u32 address of i64[ndim] in elements, or 0 = compact row-major
 *       28    4 (padding, written as 0)
 *       32    8 byte_offset  u64
 *   size 40, alignment 8. All integers little-endian.
 *
 * ------------------------------------------------------------------------------------------------------------
 * Guest exports (all functions; every i32 below is a wasm i32, addresses are u32 passed as i32):
 *
 *   memory                                   the linear memory (exported as "memory")
 *   _initialize()                    optional WASI reactor constructor; hosts call it once first if exported
 *   wasm_graph_abi_version() -> i32          WASM_GRAPH_ABI_VERSION
 *   wasm_graph_alloc(size: i32) -> i32       guest malloc, 16-byte aligned; 0 on failure or size 0
 *   wasm_graph_free(addr: i32)               frees an address from wasm_graph_alloc (0 is ignored)
 *   wasm_graph_num_inputs() -> i32
 *   wasm_graph_num_outputs() -> i32
 *   wasm_graph_input_desc(i: i32) -> i32     address of input i's DLTensor, 0 if i is out of range
 *   wasm_graph_output_desc(i: i32) -> i32    address of output i's DLTensor, 0 if i is out of range
 *   wasm_graph_input_name(i: i32) -> i32     address of a NUL-terminated UTF-8 name, 0 if out of range
 *   wasm_graph_output_name(i: i32) -> i32    same for outputs
 *   wasm_graph_run() -> i32                  WASM_GRAPH_OK or one of the WASM_GRAPH_ERR_* codes
 *
 * Protocol: the host (1) calls _initialize if present, (2) reads every input/output descriptor and validates it
 * against memory (addresses and extents in bounds without overflow, ndim, shape product, dtype, alignment),
 * (3) writes input elements into each input's buffer, (4) calls wasm_graph_run, (5) re-reads the output
 * descriptors (a guest may move buffers during run) and reads the outputs. Descriptors, shapes and buffers are
 * owned by the guest and stay valid until the next wasm_graph_run; the host must not change descriptor fields.
 * wasm_graph_alloc/free are there for hosts that need guest memory of their own (e.g. staging several inputs);
 * memory.grow by the guest may move the host's view of memory, so hosts re-derive pointers after each call.
 */
#ifndef WASM_GRAPH_ABI_H
#define WASM_GRAPH_ABI_H

#include <stddef.h>
#include <stdint.h>

#define WASM_GRAPH_ABI_VERSION 1
#define WASM_GRAPH_MAX_NDIM 8

/* DLPack constants used by the ABI. */
#define WASM_GRAPH_DEVICE_CPU 1
#define WASM_GRAPH_DTYPE_INT 0
#define WASM_GRAPH_DTYPE_UINT 1
#define WASM_GRAPH_DTYPE_FLOAT 2

/* Return codes of wasm_graph_run. */
#define WASM_GRAPH_OK 0
#define WASM_GRAPH_ERR_BAD_DESCRIPTOR 1 /* the host changed an input descriptor the guest relies on */
#define WASM_GRAPH_ERR_NO_MEMORY 2      /* the guest could not allocate its buffers */
#define WASM_GRAPH_ERR_BAD_INPUT 3      /* input values outside the model's domain (e.g. NaN) */
#define WASM_GRAPH_ERR_BAD_WEIGHTS 4    /* the embedded weights failed their integrity check */

/* Export names, for hosts. */
#define WASM_GRAPH_EXPORT_ABI_VERSION "wasm_graph_abi_version"
#define WASM_GRAPH_EXPORT_ALLOC "wasm_graph_alloc"
#define WASM_GRAPH_EXPORT_FREE "wasm_graph_free"
#define WASM_GRAPH_EXPORT_NUM_INPUTS "wasm_graph_num_inputs"
#define WASM_GRAPH_EXPORT_NUM_OUTPUTS "wasm_graph_num_outputs"
#define WASM_GRAPH_EXPORT_INPUT_DESC "wasm_graph_input_desc"
#define WASM_GRAPH_EXPORT_OUTPUT_DESC "wasm_graph_output_desc"
#define WASM_GRAPH_EXPORT_INPUT_NAME "wasm_graph_input_name"
#define WASM_GRAPH_EXPORT_OUTPUT_NAME "wasm_graph_output_name"
#define WASM_GRAPH_EXPORT_RUN "wasm_graph_run"

/* Documented wasm32 field offsets of the descriptor. */
#define WASM_GRAPH_DLTENSOR_OFF_DATA 0
#define WASM_GRAPH_DLTENSOR_OFF_DEVICE_TYPE 4
#define WASM_GRAPH_DLTENSOR_OFF_DEVICE_ID 8
#define WASM_GRAPH_DLTENSOR_OFF_NDIM 12
#define WASM_GRAPH_DLTENSOR_OFF_DTYPE_CODE 16
#define WASM_GRAPH_DLTENSOR_OFF_DTYPE_BITS 17
#define WASM_GRAPH_DLTENSOR_OFF_DTYPE_LANES 18
#define WASM_GRAPH_DLTENSOR_OFF_SHAPE 20
#define WASM_GRAPH_DLTENSOR_OFF_STRIDES 24
#define WASM_GRAPH_DLTENSOR_OFF_BYTE_OFFSET 32
#define WASM_GRAPH_DLTENSOR_SIZE 40
#define WASM_GRAPH_DLTENSOR_ALIGN 8

#ifdef __cplusplus
#define WASM_GRAPH_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define WASM_GRAPH_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* Host-side mirror of the wasm32 descriptor: packed, so it can be memcpy'd from any guest address and its
 * layout does not depend on the host's ABI. Addresses are guest (u32) addresses, not host pointers. */
#if defined(_MSC_VER)
#pragma pack(push, 1)
#define WASM_GRAPH_PACKED
#else
#define WASM_GRAPH_PACKED __attribute__((packed))
#endif
typedef struct WASM_GRAPH_PACKED WasmGraphDLTensor32 {
  uint32_t data;
  int32_t device_type;
  int32_t device_id;
  int32_t ndim;
  uint8_t dtype_code;
  uint8_t dtype_bits;
  uint16_t dtype_lanes;
  uint32_t shape;
  uint32_t strides;
  uint32_t reserved_padding;
  uint64_t byte_offset;
} WasmGraphDLTensor32;
#if defined(_MSC_VER)
#pragma pack(pop)
#endif

WASM_GRAPH_STATIC_ASSERT(sizeof(WasmGraphDLTensor32) == WASM_GRAPH_DLTENSOR_SIZE, "descriptor size");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, data) == WASM_GRAPH_DLTENSOR_OFF_DATA, "data");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, device_type) == WASM_GRAPH_DLTENSOR_OFF_DEVICE_TYPE,
                         "device.type");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, device_id) == WASM_GRAPH_DLTENSOR_OFF_DEVICE_ID,
                         "device.id");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, ndim) == WASM_GRAPH_DLTENSOR_OFF_NDIM, "ndim");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, dtype_code) == WASM_GRAPH_DLTENSOR_OFF_DTYPE_CODE,
                         "dtype.code");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, dtype_bits) == WASM_GRAPH_DLTENSOR_OFF_DTYPE_BITS,
                         "dtype.bits");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, dtype_lanes) == WASM_GRAPH_DLTENSOR_OFF_DTYPE_LANES,
                         "dtype.lanes");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, shape) == WASM_GRAPH_DLTENSOR_OFF_SHAPE, "shape");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, strides) == WASM_GRAPH_DLTENSOR_OFF_STRIDES, "strides");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor32, byte_offset) == WASM_GRAPH_DLTENSOR_OFF_BYTE_OFFSET,
                         "byte_offset");

/* Guest-side descriptor: the real DLPack layout with native pointers, only meaningful when compiled for wasm32,
 * where it must coincide with the offsets above (checked here at compile time). */
#if defined(__wasm32__)
typedef struct WasmGraphDevice {
  int32_t device_type;
  int32_t device_id;
} WasmGraphDevice;

typedef struct WasmGraphDataType {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
} WasmGraphDataType;

typedef struct WasmGraphDLTensor {
  void* data;
  WasmGraphDevice device;
  int32_t ndim;
  WasmGraphDataType dtype;
  int64_t* shape;
  int64_t* strides;
  uint64_t byte_offset;
} WasmGraphDLTensor;

WASM_GRAPH_STATIC_ASSERT(sizeof(WasmGraphDLTensor) == WASM_GRAPH_DLTENSOR_SIZE, "wasm32 DLTensor size");
WASM_GRAPH_STATIC_ASSERT(_Alignof(WasmGraphDLTensor) == WASM_GRAPH_DLTENSOR_ALIGN, "wasm32 DLTensor align");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor, device) == WASM_GRAPH_DLTENSOR_OFF_DEVICE_TYPE, "device");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor, ndim) == WASM_GRAPH_DLTENSOR_OFF_NDIM, "ndim");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor, dtype) == WASM_GRAPH_DLTENSOR_OFF_DTYPE_CODE, "dtype");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor, shape) == WASM_GRAPH_DLTENSOR_OFF_SHAPE, "shape");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor, strides) == WASM_GRAPH_DLTENSOR_OFF_STRIDES, "strides");
WASM_GRAPH_STATIC_ASSERT(offsetof(WasmGraphDLTensor, byte_offset) == WASM_GRAPH_DLTENSOR_OFF_BYTE_OFFSET,
                         "byte_offset");
#endif /* __wasm32__ */

#endif /* WASM_GRAPH_ABI_H */
