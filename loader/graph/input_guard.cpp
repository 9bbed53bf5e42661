// Guard-mode bookkeeping (see input_guard.h).
#include "loader/graph/input_guard.h"

#include <algorithm>
#include <cstdio>

namespace wasmvm::graph {

namespace {
std::string hex_bytes(const std::vector<uint8_t>& b) {
  std::string s;
  char buf[4];
  for (uint8_t x : b) { snprintf(buf, sizeof buf, "%02x", x); s += s.empty() ? "" : " "; s += buf; }
  return s;
}
}  // namespace

std::string GuardReport::to_string() const {
  char buf[160];
  snprintf(buf, sizeof buf, "guard: store into unread %s at address 0x%llx (offset %llu) by %s (code offset 0x%x)",
           region.c_str(), static_cast<unsigned long long>(addr), static_cast<unsigned long long>(tensor_offset),
           function.c_str(), code_offset);
  return std::string(buf) + ": old bytes [" + hex_bytes(old_bytes) + "] new bytes [" + hex_bytes(new_bytes) + "]";
}

void InputGuard::watch(std::string name, uint64_t addr, uint64_t len) {
  regions_.push_back(Region{std::move(name), addr, len, std::vector<bool>(size_t(len), false)});
}

std::pair<uint64_t, uint64_t> InputGuard::window() const {
  if (regions_.empty()) return {0, 0};
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const auto& r : regions_) { lo = std::min(lo, r.addr); hi = std::max(hi, r.addr + r.len); }
  return {lo, hi};
}

Status InputGuard::on_access(const GuardAccess& a) {
  for (auto& r : regions_) {
    const uint64_t lo = std::max(a.addr, r.addr), hi = std::min(a.addr + a.size, r.addr + r.len);
    if (lo >= hi) continue;
    if (!a.is_store) {
      std::fill(r.read.begin() + ptrdiff_t(lo - r.addr), r.read.begin() + ptrdiff_t(hi - r.addr), true);
      continue;
    }
    for (uint64_t p = lo; p < hi; p++) {
      const size_t i = size_t(p - a.addr);
      const bool changes = !a.new_bytes || !a.old_bytes || a.new_bytes[i] != a.old_bytes[i];
      if (r.read[size_t(p - r.addr)] || !changes) continue;
      if (!report_) {
        GuardReport rep;
        rep.region = r.name;
        rep.function = a.function;
        rep.code_offset = a.code_offset;
        rep.addr = p;
        rep.tensor_offset = p - r.addr;
        // Whole store when short; otherwise kMaxReportBytes from the clobbered byte (copies can be megabytes).
        const size_t from = a.size <= GuardReport::kMaxReportBytes ? 0 : i;
        const size_t n = std::min<size_t>(a.size - from, GuardReport::kMaxReportBytes);
        if (a.old_bytes) rep.old_bytes.assign(a.old_bytes + from, a.old_bytes + from + n);
        if (a.new_bytes) rep.new_bytes.assign(a.new_bytes + from, a.new_bytes + from + n);
        report_ = std::move(rep);
      }
      return make_error(ErrorKind::Trap, report_->to_string());
    }
  }
  return Status::Ok();
}

}  // namespace wasmvm::graph
