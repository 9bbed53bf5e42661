// Runs a program (no shell) and captures its exit status, stdout and stderr, for CLI tests.
#pragma once
#include <string>
#include <vector>

struct ProcessResult {
  int exit_code = -1;    // -1: did not exit normally (signal) or could not start
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::vector<std::string>& argv);
