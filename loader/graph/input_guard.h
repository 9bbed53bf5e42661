// Host side of guard mode: which host-written input bytes has the guest read, and which store first overwrote
// one it had not read yet. Fed by the VM's memory-watch hook (interface proposed in /work/notes/guard-hook.md);
// independent of the VM so it can be tested by replaying accesses.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasmvm/result.h"

namespace wasmvm::graph {

struct GuardAccess {
  std::string function;        // guest function name (name section / export) or "func[N]"
  uint32_t code_offset = 0;    // byte offset of the instruction in the module binary
  uint64_t addr = 0;
  uint32_t size = 0;
  bool is_store = false;
  const uint8_t* new_bytes = nullptr;  // stores: bytes about to be written
  const uint8_t* old_bytes = nullptr;  // stores: bytes currently in memory at addr
};

struct GuardReport {
  std::string region;          // e.g. "input JSON" or "input 0 \"image\""
  std::string function;
  uint32_t code_offset = 0;
  uint64_t addr = 0;           // address of the first clobbered unread byte
  uint64_t tensor_offset = 0;  // its offset inside the region
  // The whole store if it is at most kMaxReportBytes long, else kMaxReportBytes from the first clobbered byte
  // (a memory.copy/fill can cover megabytes; the report stays one readable line).
  std::vector<uint8_t> old_bytes, new_bytes;
  static constexpr size_t kMaxReportBytes = 16;
  std::string to_string() const;
};

class InputGuard {
 public:
  void watch(std::string name, uint64_t addr, uint64_t len);
  void clear() { regions_.clear(); report_.reset(); }
  // [lo, hi) covering every region (what the VM's watch window should be set to).
  std::pair<uint64_t, uint64_t> window() const;
  // Loads mark bytes read; the first store changing an unread byte is recorded and returned as a trap error.
  Status on_access(const GuardAccess& a);
  const std::optional<GuardReport>& report() const { return report_; }

 private:
  struct Region {
    std::string name;
    uint64_t addr, len;
    std::vector<bool> read;
  };
  std::vector<Region> regions_;
  std::optional<GuardReport> report_;
};

}  // namespace wasmvm::graph
