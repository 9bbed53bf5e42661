// wasmvm-spec: runs .wast scripts (or wast2json .json scripts) and prints per-file and total
// pass/fail/skip counts.
//   wasmvm-spec [-v] FILE.wast|FILE.json...
// The last output line is always "N passed, N failed, N skipped"; the exit status is 0 only when
// nothing failed.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "spec-tests/spec_runner.h"

namespace {

void print_usage(std::ostream& os) {
  os << "usage: wasmvm-spec [-v] FILE.wast|FILE.json...\n"
        "Runs WebAssembly spec scripts: .wast files directly, .json files as written by wabt's wast2json.\n"
        "  -v   show every failure with its .wast line, skip reasons and message mismatches\n";
}

}  // namespace

int main(int argc, char** argv) {
  wasmvm::spec::RunnerOptions options;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (a == "-v" || a == "--verbose") options.verbose = true;
    else if (a == "-h" || a == "--help") { print_usage(std::cout); return 0; }
    else if (!a.empty() && a[0] == '-') {
      std::cerr << "wasmvm-spec: error: unknown option " << a << "\n";
      print_usage(std::cerr);
      return 64;
    } else files.push_back(a);
  }
  if (files.empty()) {
    print_usage(std::cerr);
    return 64;
  }

  wasmvm::spec::FileStats total;
  for (const std::string& f : files) {
    bool wast = std::filesystem::path(f).extension() == ".wast";
    wasmvm::spec::FileStats s = wast ? wasmvm::spec::run_wast_file(f, options, std::cout)
                                     : wasmvm::spec::run_spec_file(f, options, std::cout);
    std::cout << std::filesystem::path(f).stem().string() << ": " << s.passed << " passed, " << s.failed
              << " failed, " << s.skipped << " skipped" << std::endl;
    total.passed += s.passed;
    total.failed += s.failed;
    total.skipped += s.skipped;
  }
  std::cout << total.passed << " passed, " << total.failed << " failed, " << total.skipped << " skipped"
            << std::endl;
  return total.failed == 0 ? 0 : 1;
}
