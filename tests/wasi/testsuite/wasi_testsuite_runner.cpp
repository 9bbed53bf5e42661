// wasmvm-wasi-testsuite: runs the official WASI preview1 testsuite (WebAssembly/wasi-testsuite,
// prebuilt tests) through the `wasmvm run` CLI, the way a user would run the programs.
//
//   wasmvm-wasi-testsuite --wasmvm PATH [--timeout SECONDS] [--filter SUBSTRING] [-v] SUITE_DIR
//
// SUITE_DIR holds the folders c/, rust/ and assemblyscript/; every NAME.wasm in them is one test,
// configured by the optional NAME.json beside it:
//   args      arguments after argv[0]
//   env       the guest's whole environment (object)
//   dirs      folders (relative to the test's folder) preopened under the same name
//   root      a folder preopened as "/" (what the prebuilt rust and c tests use)
//   exit_code expected exit status (default 0)
//   stdout    expected standard output, exactly (checked only when given); stderr likewise
// Preopened folders are copied to a fresh scratch directory first, because tests write into them.
// Prints one line per test and ends with "N passed, N failed"; exits 1 on any failure, including
// a missing suite or an unreadable/unknown configuration.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

extern char** environ;

namespace fs = std::filesystem;

namespace {

const char* const kFolders[] = {"c", "rust", "assemblyscript"};

struct Options {
  std::string wasmvm;
  std::string suite;
  double timeout_s = 120;
  std::string filter;
  bool verbose = false;
};

struct TestSpec {
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<std::string> dirs;       // preopened under their own name
  std::optional<std::string> root;     // preopened as "/"
  int exit_code = 0;
  std::optional<std::string> stdout_text, stderr_text;
};

struct RunResult {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  std::string out, err;
};

// ---- configuration -----------------------------------------------------------------------------

// Parses NAME.json into `spec`; returns an error message, empty on success.
std::string parse_spec(const fs::path& json_path, TestSpec* spec) {
  std::ifstream in(json_path);
  if (!in) return "cannot read " + json_path.string();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    return json_path.string() + ": invalid JSON: " + e.what();
  }
  if (!j.is_object()) return json_path.string() + ": not a JSON object";
  try {
    for (auto it = j.begin(); it != j.end(); ++it) {
      const std::string& key = it.key();
      const nlohmann::json& v = it.value();
      if (key == "args") {
        for (const auto& a : v) spec->args.push_back(a.get<std::string>());
      } else if (key == "env") {
        if (!v.is_object()) return json_path.string() + ": \"env\" must be an object";
        for (auto e = v.begin(); e != v.end(); ++e) spec->env.emplace_back(e.key(), e.value().get<std::string>());
      } else if (key == "dirs") {
        for (const auto& d : v) spec->dirs.push_back(d.get<std::string>());
      } else if (key == "root") {
        spec->root = v.get<std::string>();
      } else if (key == "exit_code") {
        spec->exit_code = v.get<int>();
      } else if (key == "stdout") {
        spec->stdout_text = v.get<std::string>();
      } else if (key == "stderr") {
        spec->stderr_text = v.get<std::string>();
      } else {
        // A field we do not understand might carry a check we would silently skip.
        return json_path.string() + ": unknown field \"" + key + "\"";
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return json_path.string() + ": wrong value type: " + e.what();
  }
  return "";
}

// ---- scratch directories -----------------------------------------------------------------------

// Copies keep the suite's read-only modes to the scratch tree; tests create and delete files there.
void make_owner_writable(const fs::path& p) {
  std::error_code ec;
  fs::permissions(p, fs::perms::owner_all, fs::perm_options::add, ec);
  if (fs::is_directory(fs::symlink_status(p, ec)))
    for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
      if (entry.is_symlink(ec)) continue;
      fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write |
                                        (entry.is_directory(ec) ? fs::perms::owner_exec : fs::perms::none),
                      fs::perm_options::add, ec);
    }
}

std::string copy_tree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return "preopen folder " + from.string() + " does not exist";
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) return "copying " + from.string() + " to " + to.string() + ": " + ec.message();
  make_owner_writable(to);
  return "";
}

void remove_tree(const fs::path& p) {
  make_owner_writable(p);  // a test may have left a directory without write permission
  std::error_code ec;
  fs::remove_all(p, ec);
}

// ---- running a process -------------------------------------------------------------------------

std::string read_all(int fd) {
  std::string s;
  ::lseek(fd, 0, SEEK_SET);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, size_t(n));
  return s;
}

int anonymous_file(const fs::path& dir) {
  std::string name = (dir / "output-XXXXXX").string();
  int fd = ::mkstemp(name.data());
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

// Runs argv in `cwd` with stdin from /dev/null and output captured in anonymous files (no pipe can
// fill up); kills it after `timeout_s`. The host environment is passed on (sanitizer options):
// `wasmvm run` gives the guest only the --env variables.
RunResult run_process(const std::vector<std::string>& argv, const fs::path& cwd, double timeout_s) {
  RunResult r;
  int out_fd = anonymous_file(cwd), err_fd = anonymous_file(cwd);
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out_fd < 0 || err_fd < 0 || null_fd < 0) {
    r.err = std::string("cannot create output files: ") + std::strerror(errno);
    for (int fd : {out_fd, err_fd, null_fd})
      if (fd >= 0) ::close(fd);
    return r;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, null_fd, 0);
  posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
  posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The child starts in the scratch directory so nothing it does lands in the suite or build tree.
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(null_fd);
  if (rc != 0) {
    r.err = "cannot start " + argv[0] + ": " + std::strerror(rc);
  } else {
    r.started = true;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    int status = 0;
    for (;;) {
      pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) break;
      if (w < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        r.timed_out = true;
        break;
      }
      struct timespec ts = {0, 2'000'000};
      ::nanosleep(&ts, nullptr);
    }
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    r.out = read_all(out_fd);
    r.err = read_all(err_fd);
  }
  ::close(out_fd);
  ::close(err_fd);
  return r;
}

// ---- one test ----------------------------------------------------------------------------------

std::string shown(const std::string& s, size_t max = 200) {
  std::string q = "\"";
  for (size_t i = 0; i < s.size() && i < max; i++) {
    char c = s[i];
    if (c == '\n') q += "\\n";
    else if (c == '"') q += "\\\"";
    else if (c == '\\') q += "\\\\";
    else if (static_cast<unsigned char>(c) < 0x20) q += '?';
    else q += c;
  }
  if (s.size() > max) q += "...";
  return q + "\"";
}

// Runs one test; returns an empty string if it passed, else why it failed.
std::string run_test(const Options& opt, const fs::path& wasm, const fs::path& scratch_parent) {
  TestSpec spec;
  fs::path json = fs::path(wasm).replace_extension(".json");
  if (fs::exists(json))
    if (std::string e = parse_spec(json, &spec); !e.empty()) return e;

  std::string tmpl = (scratch_parent / "wasmvm-wasi-testsuite-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return std::string("cannot create a scratch directory: ") + std::strerror(errno);
  fs::path scratch = tmpl;

  std::vector<std::string> argv = {opt.wasmvm, "run"};
  std::string problem;
  fs::path folder = wasm.parent_path();
  for (const std::string& d : spec.dirs) {
    if (problem.empty()) problem = copy_tree(folder / d, scratch / d);
    argv.push_back("--dir");
    argv.push_back((scratch / d).string() + "::" + d);
  }
  if (spec.root && problem.empty()) {
    fs::path root_copy = scratch / "root";
    problem = copy_tree(folder / *spec.root, root_copy);
    argv.push_back("--dir");
    argv.push_back(root_copy.string() + "::/");
  }
  for (const auto& [k, v] : spec.env) {
    argv.push_back("--env");
    argv.push_back(k + "=" + v);
  }
  argv.push_back(wasm.string());
  argv.insert(argv.end(), spec.args.begin(), spec.args.end());

  if (problem.empty()) {
    if (opt.verbose) {
      std::string cmd;
      for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
      std::cout << "  $ " << cmd << "\n";
    }
    RunResult r = run_process(argv, scratch, opt.timeout_s);
    std::string tail = r.err.empty() ? "" : "; stderr " + shown(r.err);
    if (!r.started) problem = r.err;
    else if (r.timed_out) problem = "timed out after " + std::to_string(int(opt.timeout_s)) + " s" + tail;
    else if (r.exit_code < 0) problem = "killed by signal " + std::to_string(r.signal) + tail;
    else if (r.exit_code != spec.exit_code)
      problem = "exit code " + std::to_string(r.exit_code) + ", expected " + std::to_string(spec.exit_code) + tail;
    else if (spec.stdout_text && r.out != *spec.stdout_text)
      problem = "stdout " + shown(r.out) + ", expected " + shown(*spec.stdout_text);
    else if (spec.stderr_text && r.err != *spec.stderr_text)
      problem = "stderr " + shown(r.err) + ", expected " + shown(*spec.stderr_text);
  }
  remove_tree(scratch);
  return problem;
}

int usage(const char* msg) {
  std::cerr << "wasmvm-wasi-testsuite: " << msg << "\n"
            << "usage: wasmvm-wasi-testsuite --wasmvm PATH [--timeout SECONDS] [--filter SUBSTRING] [-v] "
               "SUITE_DIR\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--wasmvm") {
      const char* v = value();
      if (!v) return usage("--wasmvm needs a path");
      opt.wasmvm = v;
    } else if (a == "--timeout") {
      const char* v = value();
      char* end = nullptr;
      opt.timeout_s = v ? std::strtod(v, &end) : 0;
      if (!v || *end || opt.timeout_s <= 0) return usage("--timeout needs a positive number of seconds");
    } else if (a == "--filter") {
      const char* v = value();
      if (!v) return usage("--filter needs a substring of FOLDER/NAME");
      opt.filter = v;
    } else if (a == "-v") {
      opt.verbose = true;
    } else if (!a.empty() && a[0] == '-') {
      return usage(("unknown option " + a).c_str());
    } else if (opt.suite.empty()) {
      opt.suite = a;
    } else {
      return usage("only one SUITE_DIR");
    }
  }
  if (opt.wasmvm.empty() || opt.suite.empty()) return usage("--wasmvm and SUITE_DIR are required");
  std::error_code ec;
  fs::path wasmvm_abs = fs::absolute(opt.wasmvm, ec);
  opt.wasmvm = wasmvm_abs.string();  // the child runs in the scratch directory
  fs::path suite = fs::absolute(opt.suite, ec);
  fs::path scratch_parent = fs::temp_directory_path(ec);
  if (ec) scratch_parent = "/tmp";

  int passed = 0, failed = 0;
  for (const char* folder : kFolders) {
    std::vector<fs::path> tests;
    for (const auto& e : fs::directory_iterator(suite / folder, ec))
      if (e.path().extension() == ".wasm") tests.push_back(e.path());
    if (tests.empty()) {
      std::cout << folder << "/: FAILED: no tests at " << (suite / folder).string()
                << ": the WASI testsuite is missing. Point WASMVM_WASI_TESTSUITE (cmake "
                   "-DWASMVM_WASI_TESTSUITE=/path or the environment variable, then reconfigure) at a "
                   "directory with c/, rust/ and assemblyscript/ from WebAssembly/wasi-testsuite "
                   "(branch prod/testsuite-base, folders tests/*/testsuite/wasm32-wasip1)\n";
      failed++;
      continue;
    }
    std::sort(tests.begin(), tests.end());
    for (const fs::path& wasm : tests) {
      std::string name = std::string(folder) + "/" + wasm.stem().string();
      if (!opt.filter.empty() && name.find(opt.filter) == std::string::npos) continue;
      auto t0 = std::chrono::steady_clock::now();
      std::string problem = run_test(opt, wasm, scratch_parent);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.2f s", s);
      if (problem.empty()) {
        std::cout << name << ": ok (" << secs << ")\n";
        passed++;
      } else {
        std::cout << name << ": FAILED (" << secs << "): " << problem << "\n";
        failed++;
      }
      std::cout.flush();
    }
  }
  if (passed + failed == 0) {
    std::cout << "no test matches --filter " << opt.filter << "\n";
    failed++;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
