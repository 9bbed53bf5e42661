#include "wasi/fd_table.h"

#include <fcntl.h>
#include <unistd.h>

namespace wasmvm::wasi {

HostFd HostFd::borrowed(int fd) {
  HostFd h(fd);
  h.owned_ = false;
  h.saved_flags_ = ::fcntl(fd, F_GETFL);
  return h;
}

HostFd& HostFd::operator=(HostFd&& o) noexcept {
  if (this != &o) {
    reset();
    fd_ = o.fd_;
    owned_ = o.owned_;
    saved_flags_ = o.saved_flags_;
    o.fd_ = -1;
  }
  return *this;
}

void HostFd::reset() {
  if (fd_ >= 0) {
    if (owned_) {
      ::close(fd_);
    } else if (saved_flags_ >= 0 && ::fcntl(fd_, F_GETFL) != saved_flags_) {
      ::fcntl(fd_, F_SETFL, saved_flags_);
    }
  }
  fd_ = -1;
}

FdEntry* FdTable::get(uint32_t fd) {
  return fd < slots_.size() ? slots_[fd].get() : nullptr;
}

const FdEntry* FdTable::get(uint32_t fd) const {
  return fd < slots_.size() ? slots_[fd].get() : nullptr;
}

Errno FdTable::insert(std::unique_ptr<FdEntry> entry, uint32_t* fd_out) {
  for (uint32_t i = 0; i < slots_.size(); i++) {
    if (!slots_[i]) {
      slots_[i] = std::move(entry);
      *fd_out = i;
      return Errno::Success;
    }
  }
  if (slots_.size() >= kMaxFds) return Errno::Mfile;
  slots_.push_back(std::move(entry));
  *fd_out = uint32_t(slots_.size() - 1);
  return Errno::Success;
}

void FdTable::insert_at(uint32_t fd, std::unique_ptr<FdEntry> entry) {
  if (fd >= slots_.size()) slots_.resize(fd + 1);
  slots_[fd] = std::move(entry);
}

Errno FdTable::close(uint32_t fd) {
  if (!get(fd)) return Errno::Badf;
  slots_[fd].reset();
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::Success;
}

Errno FdTable::renumber(uint32_t from, uint32_t to) {
  if (!get(from) || !get(to)) return Errno::Badf;
  if (from == to) return Errno::Success;
  slots_[to] = std::move(slots_[from]);  // destroys the old `to` entry (closing its host fd)
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return Errno::Success;
}

}  // namespace wasmvm::wasi
