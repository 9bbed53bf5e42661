#include "process_runner.h"

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {

std::string slurp_and_close(int fd) {
  std::string s;
  lseek(fd, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) s.append(buf, size_t(n));
  close(fd);
  return s;
}

int temp_fd() {
  char name[] = "/tmp/wasmvm-cli-test-XXXXXX";
  int fd = mkstemp(name);
  if (fd >= 0) unlink(name);  // anonymous: gone when closed
  return fd;
}

void wait_child(pid_t pid, ProcessResult& r) {
  int status = 0;
  struct rusage ru {};
  if (wait4(pid, &status, 0, &ru) != pid) return;
  r.max_rss_kb = ru.ru_maxrss;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv) { return run_process(argv, ProcessLimits{}); }

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessLimits& limits) {
  ProcessResult r;
  int out_fd = temp_fd(), err_fd = temp_fd();
  if (out_fd < 0 || err_fd < 0) return r;
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (char** e = environ; *e; e++) env.push_back(*e);
  for (const std::string& e : limits.env) env.push_back(const_cast<char*>(e.c_str()));
  env.push_back(nullptr);
  if (limits.address_space_bytes == 0) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    pid_t pid;
    int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc == 0) wait_child(pid, r);
  } else {
    // fork + setrlimit + exec: posix_spawn cannot set limits. Only async-signal-safe calls in the child.
    pid_t pid = fork();
    if (pid == 0) {
      struct rlimit rl;
      rl.rlim_cur = rl.rlim_max = limits.address_space_bytes;
      if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(127);
      dup2(out_fd, 1);
      dup2(err_fd, 2);
      execve(args[0], args.data(), env.data());
      _exit(127);
    }
    if (pid > 0) wait_child(pid, r);
  }
  r.out = slurp_and_close(out_fd);
  r.err = slurp_and_close(err_fd);
  return r;
}
