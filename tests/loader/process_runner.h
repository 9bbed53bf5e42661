// Runs a program (no shell) and captures its exit status, stdout and stderr, for CLI tests.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct ProcessResult {
  int exit_code = -1;    // -1: did not exit normally (signal) or could not start
  int signal = 0;        // the terminating signal, when it did not exit normally
  long max_rss_kb = 0;   // peak resident set size of the child (wait4's ru_maxrss)
  std::string out;
  std::string err;
};

struct ProcessLimits {
  uint64_t address_space_bytes = 0;  // RLIMIT_AS of the child; 0 = inherited. Useless under ASan (shadow)
  std::vector<std::string> env;      // extra KEY=VALUE entries, e.g. ASAN_OPTIONS=hard_rss_limit_mb=N
};

ProcessResult run_process(const std::vector<std::string>& argv);
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessLimits& limits);
