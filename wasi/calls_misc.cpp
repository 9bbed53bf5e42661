// args/environ, clocks, random_get, sched_yield, proc_raise, poll_oneoff and the sock_* calls.
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <limits>

#include "wasi/abi.h"
#include "wasi/calls.h"

namespace wasmvm::wasi::calls {
namespace {

Errno host_error() { return errno_from_host(errno); }

// Writes a string list as argv/environ: a pointer table plus NUL-terminated strings.
Errno write_string_list(Mem mem, const std::vector<std::string>& list, uint32_t ptrs, uint32_t buf) {
  uint64_t total = 0;
  for (const auto& s : list) total += s.size() + 1;
  if (!mem.in_bounds(ptrs, uint64_t(list.size()) * 4) || !mem.in_bounds(buf, total)) return Errno::Fault;
  uint64_t at = buf;
  for (size_t i = 0; i < list.size(); i++) {
    mem.store<uint32_t>(ptrs + uint64_t(i) * 4, uint32_t(at));
    mem.write_bytes(at, list[i].c_str(), list[i].size() + 1);
    at += list[i].size() + 1;
  }
  return Errno::Success;
}

Errno write_list_sizes(Mem mem, const std::vector<std::string>& list, uint32_t count_ptr, uint32_t size_ptr) {
  uint64_t total = 0;
  for (const auto& s : list) total += s.size() + 1;
  if (!mem.in_bounds(count_ptr, 4) || !mem.in_bounds(size_ptr, 4)) return Errno::Fault;
  if (total > std::numeric_limits<uint32_t>::max()) return Errno::Overflow;
  mem.store<uint32_t>(count_ptr, uint32_t(list.size()));
  mem.store<uint32_t>(size_ptr, uint32_t(total));
  return Errno::Success;
}

bool host_clock(uint32_t id, clockid_t* out) {
  switch (id) {
    case abi::kClockRealtime: *out = CLOCK_REALTIME; return true;
    case abi::kClockMonotonic: *out = CLOCK_MONOTONIC; return true;
    case abi::kClockProcessCputime: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case abi::kClockThreadCputime: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

uint64_t to_ns(const struct timespec& t) { return uint64_t(t.tv_sec) * 1000000000ull + uint64_t(t.tv_nsec); }

struct timespec from_ns(uint64_t ns) {
  struct timespec t;
  t.tv_sec = time_t(std::min<uint64_t>(ns / 1000000000ull, uint64_t(std::numeric_limits<time_t>::max())));
  t.tv_nsec = long(ns % 1000000000ull);
  return t;
}

// EBADF, then ENOTSOCK for descriptors that are not sockets, then ENOTCAPABLE without `rights`.
Errno lookup_socket(Context& ctx, uint32_t fd, uint64_t rights, FdEntry** out) {
  if (Errno r = lookup_fd(ctx, fd, 0, out); r != Errno::Success) return r;
  if ((*out)->filetype != abi::kFiletypeSocketStream && (*out)->filetype != abi::kFiletypeSocketDgram)
    return Errno::NotSock;
  if (((*out)->rights_base & rights) != rights) return Errno::NotCapable;
  return Errno::Success;
}

// One poll_oneoff subscription, decoded.
struct Subscription {
  uint64_t userdata = 0;
  uint8_t type = 0;
  Errno error = Errno::Success;
  bool ready = false;        // fd subscription that needs no waiting (regular files, errors)
  uint64_t remaining = 0;    // clock: ns until it fires
  int pollfd_index = -1;     // fd: index into the host pollfd array
  uint64_t nbytes = 0;
  uint16_t rwflags = 0;
};

constexpr uint32_t kMaxSubscriptions = 4096;

}  // namespace

Errno args_sizes_get(Context& ctx, Mem mem, uint32_t argc_ptr, uint32_t buf_size_ptr) {
  return write_list_sizes(mem, ctx.args, argc_ptr, buf_size_ptr);
}
Errno args_get(Context& ctx, Mem mem, uint32_t argv_ptr, uint32_t buf_ptr) {
  return write_string_list(mem, ctx.args, argv_ptr, buf_ptr);
}
Errno environ_sizes_get(Context& ctx, Mem mem, uint32_t count_ptr, uint32_t buf_size_ptr) {
  return write_list_sizes(mem, ctx.env, count_ptr, buf_size_ptr);
}
Errno environ_get(Context& ctx, Mem mem, uint32_t environ_ptr, uint32_t buf_ptr) {
  return write_string_list(mem, ctx.env, environ_ptr, buf_ptr);
}

Errno clock_res_get(Context&, Mem mem, uint32_t clock_id, uint32_t res_ptr) {
  clockid_t id;
  if (!host_clock(clock_id, &id)) return Errno::Inval;
  if (!mem.in_bounds(res_ptr, 8)) return Errno::Fault;
  struct timespec t;
  if (::clock_getres(id, &t) != 0) return host_error();
  mem.store<uint64_t>(res_ptr, to_ns(t));
  return Errno::Success;
}

Errno clock_time_get(Context&, Mem mem, uint32_t clock_id, uint64_t /*precision*/, uint32_t time_ptr) {
  clockid_t id;
  if (!host_clock(clock_id, &id)) return Errno::Inval;
  if (!mem.in_bounds(time_ptr, 8)) return Errno::Fault;
  struct timespec t;
  if (::clock_gettime(id, &t) != 0) return host_error();
  mem.store<uint64_t>(time_ptr, to_ns(t));
  return Errno::Success;
}

Errno random_get(Context&, Mem mem, uint32_t buf, uint32_t len) {
  if (!mem.in_bounds(buf, len)) return Errno::Fault;
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = ::getrandom(mem.at(uint64_t(buf) + done), len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return host_error();
    }
    done += uint32_t(n);
  }
  return Errno::Success;
}

Errno sched_yield(Context&, Mem) {
  ::sched_yield();
  return Errno::Success;
}

// Signals are not delivered to the guest; raising one is not supported.
Errno proc_raise(Context&, Mem, uint32_t) { return Errno::NoSys; }

Errno poll_oneoff(Context& ctx, Mem mem, uint32_t in, uint32_t out, uint32_t nsubs, uint32_t nevents_ptr) {
  if (nsubs == 0) return Errno::Inval;
  if (!mem.in_bounds(in, uint64_t(nsubs) * abi::kSubscriptionSize) ||
      !mem.in_bounds(out, uint64_t(nsubs) * abi::kEventSize) || !mem.in_bounds(nevents_ptr, 4))
    return Errno::Fault;
  if (nsubs > kMaxSubscriptions) return Errno::Inval;

  std::vector<Subscription> subs(nsubs);
  std::vector<struct pollfd> pollfds;
  bool any_ready = false;
  bool have_clock = false;
  uint64_t min_remaining = std::numeric_limits<uint64_t>::max();
  for (uint32_t i = 0; i < nsubs; i++) {
    const uint8_t* p = mem.at(uint64_t(in) + uint64_t(i) * abi::kSubscriptionSize);
    Subscription& s = subs[i];
    s.userdata = get_u64(p);
    s.type = p[8];
    const uint8_t* u = p + 16;
    if (s.type == abi::kEventtypeClock) {
      uint32_t clock = get_u32(u);
      uint64_t timeout = get_u64(u + 8);
      uint16_t flags = get_u16(u + 24);
      clockid_t id;
      struct timespec now;
      if (!host_clock(clock, &id) || ::clock_gettime(id, &now) != 0) {
        s.error = Errno::Inval;
        s.ready = any_ready = true;
        continue;
      }
      if (flags & abi::kSubclockAbstime) s.remaining = timeout > to_ns(now) ? timeout - to_ns(now) : 0;
      else s.remaining = timeout;
      have_clock = true;
      min_remaining = std::min(min_remaining, s.remaining);
    } else if (s.type == abi::kEventtypeFdRead || s.type == abi::kEventtypeFdWrite) {
      FdEntry* e = ctx.fds.get(get_u32(u));
      if (!e) {
        s.error = Errno::Badf;
        s.ready = any_ready = true;
        continue;
      }
      // witx: POLL_FD_READWRITE allows subscribing to fd_read with FD_READ, to fd_write with FD_WRITE.
      uint64_t needed =
          abi::kRightPollFdReadwrite | (s.type == abi::kEventtypeFdRead ? abi::kRightFdRead : abi::kRightFdWrite);
      if ((e->rights_base & needed) != needed) {
        s.error = Errno::NotCapable;
        s.ready = any_ready = true;
        continue;
      }
      if (e->filetype == abi::kFiletypeRegularFile || e->filetype == abi::kFiletypeDirectory) {
        // Files are always ready; report what is left to read.
        s.ready = any_ready = true;
        struct stat st;
        off_t pos = ::lseek(e->host.get(), 0, SEEK_CUR);
        if (s.type == abi::kEventtypeFdRead && ::fstat(e->host.get(), &st) == 0 && pos >= 0 && st.st_size > pos)
          s.nbytes = uint64_t(st.st_size - pos);
        continue;
      }
      s.pollfd_index = int(pollfds.size());
      pollfds.push_back({e->host.get(), short(s.type == abi::kEventtypeFdRead ? POLLIN : POLLOUT), 0});
    } else {
      s.error = Errno::Inval;
      s.ready = any_ready = true;
    }
  }

  // Wait: not at all if something is already ready, else until the earliest clock or an fd.
  uint64_t wait_ns = any_ready ? 0 : (have_clock ? min_remaining : std::numeric_limits<uint64_t>::max());
  struct timespec start;
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  int nready = 0;
  if (!pollfds.empty()) {
    struct timespec ts = from_ns(wait_ns);
    do nready = ::ppoll(pollfds.data(), pollfds.size(), wait_ns == std::numeric_limits<uint64_t>::max() ? nullptr : &ts, nullptr);
    while (nready < 0 && errno == EINTR);
    if (nready < 0) return host_error();
  } else if (wait_ns > 0) {
    struct timespec ts = from_ns(wait_ns), rem;
    while (::clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &rem) == EINTR) ts = rem;
  }
  struct timespec end;
  ::clock_gettime(CLOCK_MONOTONIC, &end);
  uint64_t waited = to_ns(end) - to_ns(start);

  bool timed_out = !any_ready && nready == 0;
  uint32_t nevents = 0;
  for (Subscription& s : subs) {
    bool fire = s.ready;
    // A clock fires when its time has passed, or when it is the earliest one and nothing else woke us.
    if (s.type == abi::kEventtypeClock && s.error == Errno::Success)
      fire = s.remaining <= waited || (timed_out && s.remaining <= min_remaining);
    if (s.pollfd_index >= 0) {
      short rev = pollfds[size_t(s.pollfd_index)].revents;
      if (rev == 0) continue;
      fire = true;
      if (rev & POLLNVAL) s.error = Errno::Badf;
      else if (rev & POLLERR) s.error = Errno::Io;
      if (rev & POLLHUP) s.rwflags |= abi::kEventFdReadwriteHangup;
      int avail = 0;
      if (s.type == abi::kEventtypeFdRead && ::ioctl(pollfds[size_t(s.pollfd_index)].fd, FIONREAD, &avail) == 0)
        s.nbytes = uint64_t(avail > 0 ? avail : 0);
    }
    if (!fire) continue;
    uint8_t ev[abi::kEventSize] = {};
    put_u64(ev + 0, s.userdata);
    put_u16(ev + 8, uint16_t(s.error));
    put_u8(ev + 10, s.type);
    put_u64(ev + 16, s.nbytes);
    put_u16(ev + 24, s.rwflags);
    mem.write_bytes(uint64_t(out) + uint64_t(nevents) * abi::kEventSize, ev, sizeof ev);
    nevents++;
  }
  mem.store<uint32_t>(nevents_ptr, nevents);
  return Errno::Success;
}

Errno sock_accept(Context& ctx, Mem mem, uint32_t fd, uint32_t flags, uint32_t fd_ptr) {
  FdEntry* e;
  if (Errno r = lookup_socket(ctx, fd, abi::kRightSockAccept, &e); r != Errno::Success) return r;
  if (flags & ~uint32_t(abi::kFdflagNonblock)) return Errno::Inval;
  if (!mem.in_bounds(fd_ptr, 4)) return Errno::Fault;
  int host = ::accept4(e->host.get(), nullptr, nullptr,
                       SOCK_CLOEXEC | ((flags & abi::kFdflagNonblock) ? SOCK_NONBLOCK : 0));
  if (host < 0) return host_error();
  auto entry = std::make_unique<FdEntry>();
  entry->host = HostFd(host);
  entry->filetype = abi::kFiletypeSocketStream;
  entry->rights_base = abi::kRightsSocket;
  entry->fdflags = uint16_t(flags);
  uint32_t guest_fd;
  if (Errno r = ctx.fds.insert(std::move(entry), &guest_fd); r != Errno::Success) return r;
  mem.store<uint32_t>(fd_ptr, guest_fd);
  return Errno::Success;
}

Errno sock_recv(Context& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t ri_flags,
                uint32_t nread_ptr, uint32_t roflags_ptr) {
  FdEntry* e;
  if (Errno r = lookup_socket(ctx, fd, abi::kRightFdRead, &e); r != Errno::Success) return r;
  if (ri_flags & ~uint32_t(abi::kRiflagRecvPeek | abi::kRiflagRecvWaitall)) return Errno::Inval;
  if (!mem.in_bounds(nread_ptr, 4) || !mem.in_bounds(roflags_ptr, 2)) return Errno::Fault;
  IovecList iov;
  if (Errno r = gather_iovecs(mem, iovs, iovs_len, &iov); r != Errno::Success) return r;
  struct msghdr msg = {};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  int flags = ((ri_flags & abi::kRiflagRecvPeek) ? MSG_PEEK : 0) |
              ((ri_flags & abi::kRiflagRecvWaitall) ? MSG_WAITALL : 0);
  ssize_t n;
  do n = ::recvmsg(e->host.get(), &msg, flags);
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error();
  mem.store<uint32_t>(nread_ptr, uint32_t(n));
  mem.store<uint16_t>(roflags_ptr, (msg.msg_flags & MSG_TRUNC) ? abi::kRoflagRecvDataTruncated : 0);
  return Errno::Success;
}

Errno sock_send(Context& ctx, Mem mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t si_flags,
                uint32_t nwritten_ptr) {
  FdEntry* e;
  if (Errno r = lookup_socket(ctx, fd, abi::kRightFdWrite, &e); r != Errno::Success) return r;
  if (si_flags != 0) return Errno::Inval;
  if (!mem.in_bounds(nwritten_ptr, 4)) return Errno::Fault;
  IovecList iov;
  if (Errno r = gather_iovecs(mem, iovs, iovs_len, &iov); r != Errno::Success) return r;
  struct msghdr msg = {};
  msg.msg_iov = iov.data();
  msg.msg_iovlen = iov.size();
  ssize_t n;
  do n = ::sendmsg(e->host.get(), &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0) return host_error();
  mem.store<uint32_t>(nwritten_ptr, uint32_t(n));
  return Errno::Success;
}

Errno sock_shutdown(Context& ctx, Mem, uint32_t fd, uint32_t how) {
  FdEntry* e;
  if (Errno r = lookup_socket(ctx, fd, abi::kRightSockShutdown, &e); r != Errno::Success) return r;
  int host_how;
  switch (how) {
    case abi::kSdflagRd: host_how = SHUT_RD; break;
    case abi::kSdflagWr: host_how = SHUT_WR; break;
    case abi::kSdflagRd | abi::kSdflagWr: host_how = SHUT_RDWR; break;
    default: return Errno::Inval;
  }
  return ::shutdown(e->host.get(), host_how) == 0 ? Errno::Success : host_error();
}

}  // namespace wasmvm::wasi::calls
