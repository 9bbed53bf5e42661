// Module::compile / validate and the Module accessors: parse, validate the module, then validate and
// compile every function body in one pass each.
#include <memory>

#include "decoder/parser.h"
#include "decoder/validator.h"
#include "vm/code.h"
#include "vm/compiler.h"
#include "vm/runtime.h"

namespace wasmvm {

namespace {

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
  rt::CompileEnv env;
  env.module = &m;
  env.bytes = impl->bytes.data();
  env.type_ids = &impl->type_ids;
  impl->code.reserve(m.functions.size());
  for (size_t i = 0; i < m.functions.size(); i++) {
    impl->code.emplace_back(new rt::CompiledFunc(), &delete_compiled);
    env.defined.push_back(impl->code.back().get());
  }
  rt::FunctionCompiler compiler(env);
  for (uint32_t i = 0; i < m.functions.size(); i++) {
    WASMVM_TRY(compiler.compile(i, *impl->code[i]));
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
