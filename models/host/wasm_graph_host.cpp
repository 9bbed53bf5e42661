#include "wasm_graph_host.h"

#include <memory>

#include "wasm_graph_abi.h"

namespace wasm_graph {

using wasmvm::ErrorKind;
using wasmvm::make_error;
using wasmvm::Result;
using wasmvm::Status;
using wasmvm::Value;

Result<int32_t> Session::call_i32(const char* name, std::vector<Value> args) {
  auto r = instance_.call(name, args);
  if (!r.ok()) return std::move(r).error();
  if (r->size() != 1 || (*r)[0].type != wasmvm::ValType::I32)
    return make_error(ErrorKind::Link, std::string("wasm_graph: export ") + name + " must return one i32");
  return (*r)[0].as_i32();
}

Result<TensorDesc> Session::read_desc(const char* desc_fn, const char* name_fn, int32_t i) {
  auto addr = call_i32(desc_fn, {Value::from_i32(i)});
  if (!addr.ok()) return std::move(addr).error();
  const std::string where = std::string(desc_fn) + "(" + std::to_string(i) + ")";
  auto bad = [&](const std::string& what) { return make_error(ErrorKind::Invalid, "wasm_graph: " + where + ": " + what); };
  TensorDesc t;
  t.desc_addr = uint32_t(addr.value());
  WasmGraphDLTensor32 d;
  if (t.desc_addr == 0 || t.desc_addr % WASM_GRAPH_DLTENSOR_ALIGN || !memory_.read(t.desc_addr, &d, sizeof d).ok())
    return bad("descriptor address " + std::to_string(t.desc_addr) + " is null, misaligned or out of memory");
  if (d.device_type != WASM_GRAPH_DEVICE_CPU) return bad("device.type is not CPU");
  if (d.dtype_code != WASM_GRAPH_DTYPE_FLOAT || d.dtype_bits != 32 || d.dtype_lanes != 1)
    return bad("dtype is not f32 (only f32 tensors are supported by this host)");
  if (d.ndim < 1 || d.ndim > WASM_GRAPH_MAX_NDIM) return bad("ndim " + std::to_string(d.ndim) + " out of 1..8");
  if (d.strides != 0) return bad("strides must be 0 (compact)");
  if (d.byte_offset != 0) return bad("byte_offset must be 0");
  t.shape.resize(size_t(d.ndim));
  if (!memory_.read(d.shape, t.shape.data(), t.shape.size() * sizeof(int64_t)).ok())
    return bad("shape array out of memory");
  for (int64_t s : t.shape) {
    if (s < 0 || s > (int64_t(1) << 32)) return bad("dimension " + std::to_string(s) + " out of range");
    if (s != 0 && t.count > (uint64_t(1) << 32) / uint64_t(s)) return bad("element count overflows");
    t.count *= uint64_t(s);
  }
  if (d.data % 4 || !memory_.in_bounds(d.data, t.count * 4)) return bad("data buffer misaligned or out of memory");
  t.data = d.data;
  auto name_addr = call_i32(name_fn, {Value::from_i32(i)});
  if (name_addr.ok() && name_addr.value() != 0) {
    for (uint64_t a = uint32_t(name_addr.value()); t.name.size() < 128; ++a) {
      char c = 0;
      if (!memory_.read(a, &c, 1).ok() || c == 0) break;
      t.name.push_back(c);
    }
  }
  return t;
}

Result<std::unique_ptr<Session>> Session::open(wasmvm::Store& store, std::span<const uint8_t> wasm) {
  auto module = wasmvm::Module::compile(store.engine(), wasm);
  if (!module.ok()) return std::move(module).error();
  wasmvm::Linker linker(store);
  auto inst = linker.instantiate(module.value());
  if (!inst.ok()) return std::move(inst).error();
  wasmvm::Memory mem = inst->memory("memory");
  if (!mem.valid()) return make_error(ErrorKind::Link, "wasm_graph: the guest does not export \"memory\"");
  auto s = std::unique_ptr<Session>(new Session(inst.value(), mem));
  if (s->instance_.func("_initialize").valid()) {
    auto r = s->instance_.call("_initialize", {});
    if (!r.ok()) return std::move(r).error();
  }
  auto version = s->call_i32(WASM_GRAPH_EXPORT_ABI_VERSION, {});
  if (!version.ok()) return std::move(version).error();
  if (version.value() != WASM_GRAPH_ABI_VERSION)
    return make_error(ErrorKind::Link, "wasm_graph: unsupported ABI version " + std::to_string(version.value()));
  auto n_in = s->call_i32(WASM_GRAPH_EXPORT_NUM_INPUTS, {});
  auto n_out = s->call_i32(WASM_GRAPH_EXPORT_NUM_OUTPUTS, {});
  if (!n_in.ok()) return std::move(n_in).error();
  if (!n_out.ok()) return std::move(n_out).error();
  if (n_in.value() < 0 || n_in.value() > 64 || n_out.value() < 0 || n_out.value() > 64)
    return make_error(ErrorKind::Invalid, "wasm_graph: implausible input/output counts");
  for (int32_t i = 0; i < n_in.value(); ++i) {
    auto t = s->read_desc(WASM_GRAPH_EXPORT_INPUT_DESC, WASM_GRAPH_EXPORT_INPUT_NAME, i);
    if (!t.ok()) return std::move(t).error();
    s->inputs_.push_back(std::move(t.value()));
  }
  for (int32_t i = 0; i < n_out.value(); ++i) {
    auto t = s->read_desc(WASM_GRAPH_EXPORT_OUTPUT_DESC, WASM_GRAPH_EXPORT_OUTPUT_NAME, i);
    if (!t.ok()) return std::move(t).error();
    s->outputs_.push_back(std::move(t.value()));
  }
  return s;
}

Status Session::set_input(size_t i, std::span<const float> values) {
  if (i >= inputs_.size()) return make_error(ErrorKind::Usage, "wasm_graph: no input " + std::to_string(i));
  if (values.size() != inputs_[i].count)
    return make_error(ErrorKind::Usage, "wasm_graph: input " + inputs_[i].name + " takes " +
                                            std::to_string(inputs_[i].count) + " floats");
  return memory_.write(inputs_[i].data, values.data(), values.size_bytes());
}

Status Session::run() {
  auto rc = call_i32(WASM_GRAPH_EXPORT_RUN, {});
  if (!rc.ok()) return std::move(rc).error();
  if (rc.value() != WASM_GRAPH_OK)
    return make_error(ErrorKind::Trap, "wasm_graph: wasm_graph_run returned error " + std::to_string(rc.value()));
  // The guest may move outputs during run: re-read and re-validate their descriptors.
  for (size_t i = 0; i < outputs_.size(); ++i) {
    auto t = read_desc(WASM_GRAPH_EXPORT_OUTPUT_DESC, WASM_GRAPH_EXPORT_OUTPUT_NAME, int32_t(i));
    if (!t.ok()) return std::move(t).error();
    outputs_[i] = std::move(t.value());
  }
  return Status::Ok();
}

Result<std::vector<float>> Session::output(size_t i) {
  if (i >= outputs_.size()) return make_error(ErrorKind::Usage, "wasm_graph: no output " + std::to_string(i));
  std::vector<float> v(outputs_[i].count);
  auto st = memory_.read(outputs_[i].data, v.data(), v.size() * sizeof(float));
  if (!st.ok()) return std::move(st).error();
  return v;
}

}  // namespace wasm_graph
