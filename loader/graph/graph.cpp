// Model: loading, ABI detection, the tensor-ABI driver and the legacy driver behind one interface.
#include "loader/graph/graph.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "loader/graph/guard_hooks.h"
#include "loader/graph/guard_rewrite.h"
#include "wasmvm/wasm_graph_abi.h"
#include "text/wat.h"
#include "loader/graph/legacy_json.h"
#include "wasi/wasi.h"

namespace wasmvm::graph {

namespace {
constexpr int32_t kMaxTensors = 64;  // per direction; protects the host from absurd counts
constexpr size_t kMaxNameLen = 256;

Result<int32_t> call_i32(Store& store, const Instance& inst, const char* name, std::span<const Value> args) {
  Func f = inst.func(name);
  if (!f.valid()) return make_error(ErrorKind::Usage, std::string("module does not export function \"") + name + "\"");
  const FuncType& t = f.type();
  if (t.params.size() != args.size() || t.results.size() != 1 || t.results[0] != ValType::I32)
    return make_error(ErrorKind::Usage, std::string("export \"") + name + "\" has type " + t.to_string() +
                                            ", not the wasm_graph ABI's");
  for (size_t i = 0; i < args.size(); i++)
    if (t.params[i] != ValType::I32)
      return make_error(ErrorKind::Usage, std::string("export \"") + name + "\" has type " + t.to_string());
  auto r = f.call(store, args);
  if (!r.ok()) return std::move(r).error();
  return (*r)[0].as_i32();
}
Result<int32_t> call_i32(Store& store, const Instance& inst, const char* name) {
  return call_i32(store, inst, name, {});
}
Result<int32_t> call_i32(Store& store, const Instance& inst, const char* name, int32_t arg) {
  Value v = Value::from_i32(arg);
  return call_i32(store, inst, name, std::span<const Value>(&v, 1));
}
}  // namespace

const char* abi_name(Abi a) {
  switch (a) {
    case Abi::Auto: return "auto";
    case Abi::Tensor: return "tensor";
    case Abi::LegacyJson: return "legacy-json";
  }
  return "?";
}

Model::~Model() {
  store_.reset();  // instances may still reference the WASI context and the stderr fd
  wasi_ctx_.reset();
  if (stderr_file_) std::fclose(stderr_file_);
}

Result<std::shared_ptr<const CompiledModel>> CompiledModel::compile_file(const std::string& path,
                                                                         const ModelOptions& opt) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return make_error(ErrorKind::Io, "cannot open model " + path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) return make_error(ErrorKind::Io, "cannot read model " + path);
  if (text::looks_like_text(bytes.data(), bytes.size())) {  // a .wat model, recognised by content
    std::vector<uint8_t> binary;
    text::TextError err;
    if (!text::wat_to_binary(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), binary, err))
      return make_error(ErrorKind::Malformed, path + ":" + err.to_string());
    return compile(binary, opt);
  }
  return compile(bytes, opt);
}

Result<std::shared_ptr<const CompiledModel>> CompiledModel::compile(std::span<const uint8_t> wasm,
                                                                    const ModelOptions& opt) {
  auto c = std::make_shared<CompiledModel>();
  c->engine = Engine(opt.engine);
  c->guard = opt.guard;
  auto mod = Module::compile(c->engine, wasm);
  if (!mod.ok()) return std::move(mod).error();
  c->module = *mod;
  if (opt.guard) {
    auto instrumented = instrument_memory_accesses(wasm, c->module->info());
    if (!instrumented.ok()) return std::move(instrumented).error();
    auto imod = Module::compile(c->engine, *instrumented);
    if (!imod.ok())
      return make_error(ErrorKind::Invalid, "guard mode: instrumented module rejected: " + imod.error().to_string());
    c->original = c->module;
    c->module = *imod;
  }
  return std::shared_ptr<const CompiledModel>(std::move(c));
}

Result<std::unique_ptr<Model>> Model::load_file(const std::string& path, const ModelOptions& opt) {
  auto c = CompiledModel::compile_file(path, opt);
  if (!c.ok()) return std::move(c).error();
  return instantiate(*c, opt);
}

Result<std::unique_ptr<Model>> Model::load(std::span<const uint8_t> wasm, const ModelOptions& opt) {
  auto c = CompiledModel::compile(wasm, opt);
  if (!c.ok()) return std::move(c).error();
  return instantiate(*c, opt);
}

Result<std::unique_ptr<Model>> Model::instantiate(std::shared_ptr<const CompiledModel> compiled,
                                                  const ModelOptions& opt) {
  std::unique_ptr<Model> m(new Model());
  if (Status st = m->init(std::move(compiled), opt); !st.ok()) return std::move(st).error();
  return m;
}

std::string Model::guest_stderr() const {
  if (!stderr_file_) return {};
  std::fflush(stderr_file_);
  std::string out;
  long end = std::ftell(stderr_file_);
  if (end <= 0) return out;
  std::rewind(stderr_file_);
  out.resize(size_t(end));
  size_t n = std::fread(out.data(), 1, out.size(), stderr_file_);
  out.resize(n);
  std::fseek(stderr_file_, 0, SEEK_END);
  return out;
}

Status Model::with_stderr(Error e) const {
  std::string err = guest_stderr();
  if (!err.empty()) {
    while (!err.empty() && err.back() == '\n') err.pop_back();
    e.message += "\nguest stderr:\n" + err;
  }
  return e;
}

Status Model::init(std::shared_ptr<const CompiledModel> compiled, const ModelOptions& opt) {
  compiled_ = std::move(compiled);
  allow_reshape_ = opt.allow_reshape;
  legacy_input_shape_ = opt.legacy_input_shape;
  store_ = std::make_unique<Store>(compiled_->engine);
  Linker linker(*store_);
  if (compiled_->guard) {
    guard_ = std::make_shared<InputGuard>();
    define_guard_hooks(linker, guard_, compiled_->original);
  }

  wasi::Config wc;
  wc.args = {"wasm_graph"};
  wc.stdin_fd = -1;
  wc.stdout_fd = opt.stdout_fd;
  if (opt.capture_stderr) {
    stderr_file_ = std::tmpfile();
    if (!stderr_file_) return make_error(ErrorKind::Io, "cannot create a temporary file for the guest's stderr");
    wc.stderr_fd = fileno(stderr_file_);
  }
  auto ctx = wasi::create_context(wc);
  if (!ctx.ok()) return std::move(ctx).error();
  wasi::add_to_linker(linker, *ctx);
  wasi_ctx_ = *ctx;

  auto inst = linker.instantiate(compiled_->module);
  if (!inst.ok()) return with_stderr(std::move(inst).error());
  instance_ = *inst;
  memory_ = instance_->memory("memory");
  if (!memory_.valid()) return make_error(ErrorKind::Usage, "module does not export \"memory\"");

  const bool has_tensor = instance_->func(WASM_GRAPH_EXPORT_RUN).valid();
  const bool has_legacy = instance_->func("run").valid();
  abi_ = opt.abi;
  if (abi_ == Abi::Auto) {
    if (has_tensor) abi_ = Abi::Tensor;
    else if (has_legacy) abi_ = Abi::LegacyJson;
    else
      return make_error(ErrorKind::Usage, "module exports neither \"wasm_graph_run\" (tensor ABI) nor \"run\" "
                                          "(legacy TVM JSON ABI): not a wasm_graph model");
  }
  if (Func init = instance_->func("_initialize"); init.valid()) {
    auto r = init.call(*store_, {});
    if (!r.ok()) return with_stderr(std::move(r).error());
  }
  if (abi_ == Abi::LegacyJson) {
    // Priming (legacy_driver.h) runs the guest on an empty input, which TVM-style guests answer with a parse
    // error on stderr. That output is kept only when priming is refused; otherwise it is cut from the capture.
    const long before_priming = stderr_file_ ? std::ftell(stderr_file_) : -1;
    auto d = LegacyDriver::attach(*store_, *instance_, opt.legacy);
    if (!d.ok()) return with_stderr(std::move(d).error());
    legacy_ = std::move(*d);
    if (before_priming >= 0) {
      std::fflush(stderr_file_);
      if (ftruncate(fileno(stderr_file_), before_priming) != 0 || std::fseek(stderr_file_, before_priming, SEEK_SET) != 0)
        return make_error(ErrorKind::Io, "cannot reset the captured guest stderr after priming");
    }
    return Status::Ok();
  }
  return init_tensor_abi();
}

Result<TensorDesc> Model::desc(bool input, size_t i) const {
  const auto& addrs = input ? input_desc_addr_ : output_desc_addr_;
  const auto& infos = input ? inputs_ : outputs_;
  if (i >= addrs.size())
    return make_error(ErrorKind::Usage, std::string(input ? "input " : "output ") + std::to_string(i) +
                                            " does not exist (model has " + std::to_string(addrs.size()) + ")");
  std::string what = std::string(input ? "input " : "output ") + std::to_string(i) + " \"" + infos[i].name + "\"";
  return read_tensor_desc(memory_, addrs[i], what);
}

Status Model::init_tensor_abi() {
  Store& s = *store_;
  const Instance& inst = *instance_;
  auto ver = call_i32(s, inst, WASM_GRAPH_EXPORT_ABI_VERSION);
  if (!ver.ok()) return with_stderr(ver.error());
  if (*ver != WASM_GRAPH_ABI_VERSION)
    return make_error(ErrorKind::Usage, "module speaks wasm_graph ABI version " + std::to_string(*ver) +
                                            ", this host supports " + std::to_string(WASM_GRAPH_ABI_VERSION));
  run_ = inst.func(WASM_GRAPH_EXPORT_RUN);
  for (int dir = 0; dir < 2; dir++) {
    const bool input = dir == 0;
    auto n = call_i32(s, inst, input ? WASM_GRAPH_EXPORT_NUM_INPUTS : WASM_GRAPH_EXPORT_NUM_OUTPUTS);
    if (!n.ok()) return with_stderr(n.error());
    if (*n < 1 || *n > kMaxTensors)
      return make_error(ErrorKind::Invalid, std::string("module reports ") + std::to_string(*n) +
                                                (input ? " inputs" : " outputs") + " (must be 1.." +
                                                std::to_string(kMaxTensors) + ")");
    auto& infos = input ? inputs_ : outputs_;
    auto& addrs = input ? input_desc_addr_ : output_desc_addr_;
    for (int32_t i = 0; i < *n; i++) {
      const std::string what = std::string(input ? "input " : "output ") + std::to_string(i);
      auto name_addr = call_i32(s, inst, input ? WASM_GRAPH_EXPORT_INPUT_NAME : WASM_GRAPH_EXPORT_OUTPUT_NAME, i);
      if (!name_addr.ok()) return with_stderr(name_addr.error());
      auto name = read_guest_string(memory_, uint32_t(*name_addr), kMaxNameLen, what);
      if (!name.ok()) return name.error();
      auto desc_addr = call_i32(s, inst, input ? WASM_GRAPH_EXPORT_INPUT_DESC : WASM_GRAPH_EXPORT_OUTPUT_DESC, i);
      if (!desc_addr.ok()) return with_stderr(desc_addr.error());
      infos.push_back(TensorInfo{*name, DType::F32, {}, 0});
      addrs.push_back(uint32_t(*desc_addr));
      auto d = desc(input, size_t(i));
      if (!d.ok()) return d.error();
      infos.back().dtype = d->dtype;
      infos.back().shape = d->shape;
      infos.back().elements = d->elements;
    }
  }
  return Status::Ok();
}

namespace {
// Full-shape check (Usage error on mismatch). With `allow_reshape` an equal element count is enough.
Status check_shape(const std::string& what, std::span<const int64_t> want, const HostTensor& t, bool allow_reshape) {
  if (std::equal(want.begin(), want.end(), t.shape.begin(), t.shape.end())) return Status::Ok();
  auto n = checked_element_count(want, "model input shape");
  if (!n.ok()) return n.error();
  if (allow_reshape && *n == t.elements()) return Status::Ok();
  return make_error(ErrorKind::Usage, what + " has shape " + shape_to_string(want) + " (" + std::to_string(*n) +
                                          " elements), got shape " + shape_to_string(t.shape) + " (" +
                                          std::to_string(t.elements()) + ")" +
                                          (allow_reshape || *n != t.elements() ? "" : "; same element count: --reshape accepts it"));
}
}  // namespace

Status Model::set_input(size_t i, const HostTensor& t) {
  auto n = checked_element_count(t.shape, "input shape");
  if (!n.ok()) return n.error();
  if (*n * dtype_size(t.dtype) != t.bytes.size())
    return make_error(ErrorKind::Usage, "input tensor shape " + shape_to_string(t.shape) + " does not match its " +
                                            std::to_string(t.bytes.size()) + " bytes");
  if (abi_ == Abi::LegacyJson) {
    if (i != 0) return make_error(ErrorKind::Usage, "the legacy JSON ABI has exactly one input (index 0)");
    legacy_inputs_.assign(1, t);
    if (legacy_input_shape_) {
      WASMVM_TRY(check_shape("legacy input", *legacy_input_shape_, t, allow_reshape_));
      legacy_inputs_[0].shape = *legacy_input_shape_;  // the guest sees the shape it expects
    }
    return Status::Ok();
  }
  auto d = desc(true, i);
  if (!d.ok()) return d.error();
  const std::string what = "input " + std::to_string(i) + " \"" + inputs_[i].name + "\"";
  if (t.dtype != d->dtype)
    return make_error(ErrorKind::Usage, what + " is " + dtype_name(d->dtype) + ", got " + dtype_name(t.dtype));
  WASMVM_TRY(check_shape(what, d->shape, t, allow_reshape_));
  if (t.bytes.size() != d->bytes)  // equal shapes and dtype give equal sizes; kept as the copy's bound
    return make_error(ErrorKind::Usage, what + ": " + std::to_string(t.bytes.size()) + " bytes for " +
                                            std::to_string(d->bytes));
  return memory_.write(d->data_addr, t.bytes.data(), t.bytes.size());
}

Status Model::run() {
  if (abi_ == Abi::LegacyJson) {
    if (legacy_inputs_.empty()) return make_error(ErrorKind::Usage, "no input set");
    Result<HostTensor> out = make_error(ErrorKind::Usage, "");
    if (guard_) {
      auto json = encode_legacy_tensor(legacy_inputs_[0]);
      if (!json.ok()) return json.error();
      guard_->clear();  // the previous input block may be freed/reused by the allocator calls in place()
      auto p = legacy_->place(*json);
      if (!p.ok()) return with_stderr(p.error());
      guard_->watch("input JSON", p->addr, p->size);
      out = legacy_->invoke_and_read();
    } else {
      out = legacy_->run(legacy_inputs_[0]);
    }
    if (!out.ok()) return with_stderr(std::move(out).error());
    outputs_.assign(1, TensorInfo{"output", out->dtype, out->shape, out->elements()});
    legacy_outputs_.assign(1, std::move(*out));
    return Status::Ok();
  }
  if (guard_) WASMVM_TRY(watch_inputs());
  auto r = run_.call(*store_, {});
  if (!r.ok()) return with_stderr(std::move(r).error());
  int32_t code = (*r)[0].as_i32();
  if (code != WASM_GRAPH_OK) {
    const char* why = code == WASM_GRAPH_ERR_BAD_DESCRIPTOR ? "a descriptor was changed"
                      : code == WASM_GRAPH_ERR_NO_MEMORY    ? "the guest ran out of memory"
                      : code == WASM_GRAPH_ERR_BAD_INPUT    ? "input values outside the model's domain (NaN?)"
                      : code == WASM_GRAPH_ERR_BAD_WEIGHTS  ? "embedded weights failed their integrity check"
                                                            : "unknown error code";
    return with_stderr(make_error(ErrorKind::Trap, "wasm_graph_run failed with code " + std::to_string(code) +
                                                       " (" + why + ")"));
  }
  // Outputs may have moved during run: re-validate every descriptor.
  for (size_t i = 0; i < outputs_.size(); i++) {
    auto d = desc(false, i);
    if (!d.ok()) return d.error();
    outputs_[i].dtype = d->dtype;
    outputs_[i].shape = d->shape;
    outputs_[i].elements = d->elements;
  }
  return Status::Ok();
}

Status Model::watch_inputs() {
  guard_->clear();
  for (size_t i = 0; i < inputs_.size(); i++) {
    auto d = desc(true, i);
    if (!d.ok()) return d.error();
    guard_->watch("input " + std::to_string(i) + " \"" + inputs_[i].name + "\"", d->data_addr, d->bytes);
  }
  return Status::Ok();
}

Result<HostTensor> Model::output(size_t i) const {
  if (abi_ == Abi::LegacyJson) {
    if (i >= legacy_outputs_.size()) return make_error(ErrorKind::Usage, "output " + std::to_string(i) + " not available (run first)");
    return legacy_outputs_[i];
  }
  auto d = desc(false, i);
  if (!d.ok()) return d.error();
  HostTensor t;
  t.dtype = d->dtype;
  t.shape = d->shape;
  t.bytes.resize(size_t(d->bytes));
  if (Status st = memory_.read(d->data_addr, t.bytes.data(), t.bytes.size()); !st.ok()) return std::move(st).error();
  return t;
}

}  // namespace wasmvm::graph
