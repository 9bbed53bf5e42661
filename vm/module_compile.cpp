// Module::compile / validate and the Module accessors: parse, validate the module and every function
// body, then translate bodies to internal code - each on its first call (lazy, the default) or all
// at load (Config::eager_translation).
#include <algorithm>
#include <memory>
#include <mutex>

#include "decoder/parser.h"
#include "decoder/validator.h"
#include "vm/code.h"
#include "vm/compiler.h"
#include "vm/interp.h"
#include "vm/runtime.h"

namespace wasmvm::rt {

// Shared by a module's functions; the mutex makes first-call translation safe when threads share a
// Module (two threads calling the same new function translate it once).
struct LazyTranslator {
  std::mutex mutex;
  CompileEnv env;
};

namespace {

Status translate_locked(LazyTranslator& t, uint32_t def_index) {
  std::lock_guard<std::mutex> lock(t.mutex);
  CompiledFunc& f = *t.env.defined[def_index];
  if (f.compiled()) return Status::Ok();
  FunctionCompiler compiler(t.env);
  return compiler.compile(def_index, f);
}

}  // namespace

TrapCode translate_on_first_call(ExecContext* ctx, const CompiledFunc* f) {
  if (f->compiled()) return TrapCode::None;
  Status st = f->translator ? translate_locked(*f->translator, f->def_index)
                            : Status(make_error(ErrorKind::Limit, "function has no code"));
  if (st.ok()) return TrapCode::None;
  ctx->host_error = std::move(st).error();
  return TrapCode::HostError;
}

const CompiledFunc* compiled_code(const Module& module, size_t def_index) {
  const Module::Impl& impl = module.impl();
  if (def_index >= impl.code.size()) return nullptr;
  const CompiledFunc* f = impl.code[def_index].get();
  if (f->compiled()) return f;
  return translate_locked(*impl.translator, uint32_t(def_index)).ok() ? f : nullptr;
}

}  // namespace wasmvm::rt

namespace wasmvm {

namespace {

// Whether translating `def` could exceed an implementation limit (frame or code size). Such an error
// must come at load, not at a first call, so these functions are translated eagerly. Conservative:
// every temporary needs an instruction of at least one byte, which pushes at most `max_arity` values
// of at most two cells; the constant pool holds at most rt::kMaxPoolCells cells.
bool may_hit_translation_limit(const ModuleInfo& m, const FunctionDef& def, uint64_t max_arity) {
  if (m.datas.size() > rt::kMaxDataSegments || m.data_count > rt::kMaxDataSegments) return true;
  const FuncType& type = m.types[def.type_index];
  uint64_t cells = 0;
  for (ValType t : type.params) cells += rt::cells_of(t);
  for (ValType t : def.locals) cells += rt::cells_of(t);
  uint64_t body = def.body_end - def.body_start;
  return cells + rt::kMaxPoolCells + 2 * max_arity * (body + 1) > rt::kMaxSlot;
}

void delete_compiled(rt::CompiledFunc* f) { delete f; }

ExternType extern_type_of_import(const ModuleInfo& m, const Import& imp) {
  ExternType t;
  t.kind = imp.kind;
  switch (imp.kind) {
    case ExternKind::Func: t.func = m.types[imp.func_type]; break;
    case ExternKind::Table: t.table = imp.table; break;
    case ExternKind::Memory: t.memory = imp.memory; break;
    case ExternKind::Global: t.global = imp.global; break;
  }
  return t;
}

ExternType extern_type_of_export(const ModuleInfo& m, const Export& e) {
  ExternType t;
  t.kind = e.kind;
  switch (e.kind) {
    case ExternKind::Func: t.func = m.func_type(e.index); break;
    case ExternKind::Table: t.table = m.all_tables[e.index]; break;
    case ExternKind::Memory: t.memory = m.all_memories[e.index]; break;
    case ExternKind::Global: t.global = m.all_globals[e.index]; break;
  }
  return t;
}

Error module_too_large(const Engine& engine, size_t size) {
  return make_error(ErrorKind::Limit, "module too large (" + std::to_string(size) + " bytes, limit " +
                                          std::to_string(engine.config().max_module_bytes) + ")");
}

}  // namespace

Module::Module(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Module::~Module() = default;

const std::vector<ImportType>& Module::imports() const { return impl_->imports; }
const std::vector<ExportType>& Module::exports() const { return impl_->exports; }
const ModuleInfo& Module::info() const { return impl_->info; }

Result<std::shared_ptr<const Module>> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  if (bytes.size() > engine.config().max_module_bytes) return module_too_large(engine, bytes.size());
  return compile(engine, std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

Result<std::shared_ptr<const Module>> Module::compile(const Engine& engine, std::vector<uint8_t>&& bytes) {
  if (bytes.size() > engine.config().max_module_bytes) return module_too_large(engine, bytes.size());
  auto impl = std::make_unique<Impl>();
  impl->bytes = std::move(bytes);
  auto parsed = parse_module(impl->bytes);
  if (!parsed.ok()) return std::move(parsed).error();
  impl->info = std::move(parsed).value();
  const ModuleInfo& m = impl->info;
  WASMVM_TRY(validate_module(m));

  impl->type_ids.reserve(m.types.size());
  for (const FuncType& t : m.types) impl->type_ids.push_back(rt::intern_func_type(t));

  // Allocate every function record first so direct calls can point at not-yet-compiled callees.
  impl->translator = std::make_shared<rt::LazyTranslator>();
  rt::CompileEnv& env = impl->translator->env;
  env.module = &m;
  env.bytes = impl->bytes.data();
  env.type_ids = &impl->type_ids;
  impl->code.reserve(m.functions.size());
  for (uint32_t i = 0; i < m.functions.size(); i++) {
    impl->code.emplace_back(new rt::CompiledFunc(), &delete_compiled);
    rt::CompiledFunc& f = *impl->code.back();
    f.translator = impl->translator.get();
    f.def_index = i;
    f.func_index = m.num_imported_funcs + i;
    f.type_id = impl->type_ids[m.functions[i].type_index];
    env.defined.push_back(&f);
  }
  rt::FunctionCompiler compiler(env);
  if (engine.config().eager_translation) {
    for (uint32_t i = 0; i < m.functions.size(); i++) WASMVM_TRY(compiler.compile(i, *impl->code[i]));
  } else {
    // Validation stays eager and complete: an invalid module is rejected here exactly as before.
    WASMVM_TRY(validate_function_bodies(m, impl->bytes));
    uint64_t max_arity = 1;
    for (const FuncType& t : m.types) max_arity = std::max<uint64_t>({max_arity, t.params.size(), t.results.size()});
    for (uint32_t i = 0; i < m.functions.size(); i++) {
      if (may_hit_translation_limit(m, m.functions[i], max_arity)) WASMVM_TRY(compiler.compile(i, *impl->code[i]));
    }
  }

  for (const Import& imp : m.imports) {
    impl->imports.push_back({imp.module, imp.name, extern_type_of_import(m, imp)});
  }
  for (const Export& e : m.exports) impl->exports.push_back({e.name, extern_type_of_export(m, e)});
  return std::shared_ptr<const Module>(new Module(std::move(impl)));
}

Status Module::validate(std::span<const uint8_t> bytes) {
  auto r = decode_and_validate(bytes);
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

}  // namespace wasmvm
