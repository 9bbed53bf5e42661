// wasmvm::graph: run wasm_graph ML modules from C++ without JSON or raw addresses.
//
//   auto model = wasmvm::graph::Model::load_file("digits_graph.wasm");     // tensor ABI detected
//   if (!model.ok()) { /* model.error().to_string() */ }
//   auto in = (*model)->input_view<float>(0);                               // zero-copy view of guest memory
//   auto x = in->span();  std::fill(x->begin(), x->end(), 0.5f);            // or set_input(0, host_tensor)
//   if (auto st = (*model)->run(); !st.ok()) { /* trap text + guest stderr */ }
//   auto out = (*model)->output_view<const float>(0);                       // Eigen: out->vector()
//
// Two ABIs: the tensor ABI (include/wasmvm/wasm_graph_abi.h; descriptors validated by tensor.h) and TVM's legacy
// JSON protocol (legacy_driver.h; inputs/outputs are only known once set/run). Views are invalidated by
// memory.grow; re-fetch them after every run().
#pragma once
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loader/graph/input_guard.h"
#include "loader/graph/legacy_driver.h"
#include "loader/graph/tensor.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::graph {

enum class Abi { Auto, Tensor, LegacyJson };
const char* abi_name(Abi a);

struct ModelOptions {
  Abi abi = Abi::Auto;
  LegacyOptions legacy;
  Config engine;
  int stdout_fd = 1;            // guest stdout (-1: closed)
  bool capture_stderr = true;   // keep guest stderr for error messages (else pass through to fd 2)
  // Guard mode: run an instrumented copy (guard_rewrite.h) that reports the first guest store into input bytes
  // the guest has not read yet as a trap. Off: the original module runs untouched.
  bool guard = false;
  // Inputs must have exactly the model's shape (element count alone is not enough: [1,8,8,1] is not
  // [1,1,8,8]). allow_reshape accepts any shape with the same element count, the data taken row-major.
  bool allow_reshape = false;
  // Legacy JSON ABI: the module does not describe its input, so set_input checks against this shape when given
  // (the tensor ABI checks against the model's descriptors).
  std::optional<std::vector<int64_t>> legacy_input_shape;
};

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t elements = 0;
};

// A compiled model: the Engine and Module(s) that any number of Model instances share, on any threads (a Module
// is immutable; each Model has its own Store and is used by one thread at a time). Guard mode compiles the
// instrumented copy too.
struct CompiledModel {
  Engine engine;
  std::shared_ptr<const Module> module;    // the module instances run (the instrumented copy in guard mode)
  std::shared_ptr<const Module> original;  // guard mode: the module as given (for function names), else null
  bool guard = false;

  static Result<std::shared_ptr<const CompiledModel>> compile_file(const std::string& path, const ModelOptions& opt = {});
  static Result<std::shared_ptr<const CompiledModel>> compile(std::span<const uint8_t> wasm, const ModelOptions& opt = {});
};

class Model {
 public:
  static Result<std::unique_ptr<Model>> load_file(const std::string& path, const ModelOptions& opt = {});
  static Result<std::unique_ptr<Model>> load(std::span<const uint8_t> wasm, const ModelOptions& opt = {});
  // A new instance (own Store, WASI context and stderr capture) of an already compiled model. opt.guard and
  // opt.engine are taken from `compiled`.
  static Result<std::unique_ptr<Model>> instantiate(std::shared_ptr<const CompiledModel> compiled,
                                                    const ModelOptions& opt = {});
  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  Abi abi() const { return abi_; }
  // Tensor ABI: from the descriptors. Legacy: empty inputs; outputs after the first run().
  const std::vector<TensorInfo>& inputs() const { return inputs_; }
  const std::vector<TensorInfo>& outputs() const { return outputs_; }

  // Copies `t` into input i (dtype and full shape must match the model's, see ModelOptions::allow_reshape;
  // legacy: checked against ModelOptions::legacy_input_shape when given, kept for run()). Mismatch: Usage.
  Status set_input(size_t i, const HostTensor& t);
  Status run();
  // Output i copied to the host.
  Result<HostTensor> output(size_t i) const;

  // Tensor ABI only: zero-copy typed views into guest memory (dtype checked; re-fetch after run()).
  template <class T> Result<TensorView<T>> input_view(size_t i) { return view<T>(true, i); }
  template <class T> Result<TensorView<T>> output_view(size_t i) { return view<T>(false, i); }

  // Guest stderr captured so far (empty when not captured).
  std::string guest_stderr() const;
  Store& store() { return *store_; }
  Instance instance() const { return *instance_; }
  Memory memory() const { return memory_; }
  const LegacyDriver* legacy() const { return legacy_ ? &*legacy_ : nullptr; }
  // Guard mode only: the first violation of the last run(), if any.
  const InputGuard* guard() const { return guard_.get(); }

 private:
  Model() = default;
  Status init(std::shared_ptr<const CompiledModel> compiled, const ModelOptions& opt);
  Status init_tensor_abi();
  Status watch_inputs();
  Result<TensorDesc> desc(bool input, size_t i) const;
  Status with_stderr(Error e) const;
  template <class T> Result<TensorView<T>> view(bool input, size_t i) {
    if (abi_ != Abi::Tensor) return make_error(ErrorKind::Usage, "zero-copy views need the tensor ABI");
    auto d = desc(input, i);
    if (!d.ok()) return d.error();
    if (!dtype_matches<T>(d->dtype))
      return make_error(ErrorKind::Usage, std::string(input ? "input " : "output ") + std::to_string(i) + " is " +
                                              dtype_name(d->dtype) + ", not the requested element type");
    return TensorView<T>(memory_, *d);
  }

  Abi abi_ = Abi::Auto;
  bool allow_reshape_ = false;
  std::optional<std::vector<int64_t>> legacy_input_shape_;
  std::shared_ptr<const CompiledModel> compiled_;  // outlives store_ (the Store refers to its Engine)
  std::shared_ptr<InputGuard> guard_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<void> wasi_ctx_;
  std::optional<Instance> instance_;
  Memory memory_;
  std::FILE* stderr_file_ = nullptr;
  std::vector<TensorInfo> inputs_, outputs_;
  std::vector<uint32_t> input_desc_addr_, output_desc_addr_;
  std::optional<LegacyDriver> legacy_;
  std::vector<HostTensor> legacy_inputs_, legacy_outputs_;
  Func run_;
};

}  // namespace wasmvm::graph
