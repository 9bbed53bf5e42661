#include <cinttypes>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "decoder/parser.h"
#include "loader/cli/commands.h"
#include "loader/cli/exit_codes.h"
#include "loader/cli/value_text.h"
#include "wasmvm/wasmvm.h"

namespace wasmvm::cli {
namespace {

std::string hex(uint64_t x) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%" PRIx64, x);
  return buf;
}

std::string limits_text(const Limits& l) {
  return "min " + std::to_string(l.min) + " max " + (l.has_max ? std::to_string(l.max) : std::string("none"));
}

std::string func_type_text(const ModuleInfo& m, uint32_t type_index) {
  if (type_index >= m.types.size()) return "(bad type index " + std::to_string(type_index) + ")";
  return m.types[type_index].to_string();
}

std::string global_text(const GlobalType& g) {
  return std::string(g.is_mutable ? "mut " : "") + type_name(g.type);
}

const char* kind_text(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

// Type of entry `index` of an index space; the parser does not range-check export indices.
std::string export_type_text(const ModuleInfo& m, const Export& e) {
  std::string bad = "(index " + std::to_string(e.index) + " out of range)";
  switch (e.kind) {
    case ExternKind::Func:
      if (e.index >= m.func_type_indices.size()) return bad;
      return func_type_text(m, m.func_type_indices[e.index]);
    case ExternKind::Table:
      if (e.index >= m.all_tables.size()) return bad;
      return std::string(type_name(m.all_tables[e.index].elem)) + " " + limits_text(m.all_tables[e.index].limits);
    case ExternKind::Memory:
      if (e.index >= m.all_memories.size()) return bad;
      return limits_text(m.all_memories[e.index].limits);
    case ExternKind::Global:
      if (e.index >= m.all_globals.size()) return bad;
      return global_text(m.all_globals[e.index]);
  }
  return bad;
}

void print_module(std::ostream& os, const std::string& file, size_t size, const ModuleInfo& m) {
  os << "module: " << file << " (" << size << " bytes)\n";
  os << "sections (" << m.sections.size() << "):\n";
  for (const SectionInfo& s : m.sections) {
    os << "  " << (s.id == 0 ? "custom \"" + s.name + "\"" : s.name) << " id " << int(s.id) << " offset "
       << hex(s.offset) << " size " << s.size << "\n";
  }
  os << "types: " << m.types.size() << "\n";
  os << "imports (" << m.imports.size() << "):\n";
  for (const Import& im : m.imports) {
    os << "  " << kind_text(im.kind) << " " << im.module << "." << im.name << " ";
    switch (im.kind) {
      case ExternKind::Func: os << func_type_text(m, im.func_type); break;
      case ExternKind::Table: os << type_name(im.table.elem) << " " << limits_text(im.table.limits); break;
      case ExternKind::Memory: os << limits_text(im.memory.limits); break;
      case ExternKind::Global: os << global_text(im.global); break;
    }
    os << "\n";
  }
  os << "functions: " << m.functions.size() << " defined, " << m.num_imported_funcs << " imported\n";
  os << "tables (" << m.all_tables.size() << "):\n";
  for (size_t i = 0; i < m.all_tables.size(); i++)
    os << "  table[" << i << "] " << type_name(m.all_tables[i].elem) << " " << limits_text(m.all_tables[i].limits)
       << (i < m.num_imported_tables ? " (imported)" : "") << "\n";
  os << "memories (" << m.all_memories.size() << "):\n";
  for (size_t i = 0; i < m.all_memories.size(); i++)
    os << "  memory[" << i << "] pages " << limits_text(m.all_memories[i].limits)
       << (i < m.num_imported_memories ? " (imported)" : "") << "\n";
  os << "globals: " << m.globals.size() << " defined, " << m.num_imported_globals << " imported\n";
  os << "exports (" << m.exports.size() << "):\n";
  for (const Export& e : m.exports)
    os << "  " << kind_text(e.kind) << " \"" << e.name << "\" [" << e.index << "] " << export_type_text(m, e) << "\n";
  if (m.has_start) os << "start: " << m.func_name(m.start) << "\n";
  else os << "start: none\n";
  os << "elem segments: " << m.elems.size() << "\n";
  os << "data segments: " << m.datas.size() << "\n";
  size_t customs = 0;
  for (const SectionInfo& s : m.sections) customs += s.id == 0;
  os << "custom sections (" << customs << "):\n";
  for (const SectionInfo& s : m.sections)
    if (s.id == 0) os << "  \"" << s.name << "\" offset " << hex(s.offset) << " size " << s.size << "\n";
}

}  // namespace

int cmd_inspect(const CliOptions& opt) {
  auto bytes = read_module_file(opt.file, Config{}.max_module_bytes);
  if (!bytes.ok()) {
    print_error(bytes.error().to_string());
    return exit_code_for(bytes.error());
  }
  auto info = parse_module(bytes.value());
  if (!info.ok()) {
    print_error(opt.file + ": malformed: " + info.error().to_string());
    return exit_code_for(info.error());
  }
  std::ostringstream out;
  print_module(out, opt.file, bytes->size(), info.value());
  std::cout << out.str() << std::flush;
  return kExitOk;
}

}  // namespace wasmvm::cli
