#!/bin/bash
# Packaging check (CI): configures the core alone (CLI, graph, tests and benchmarks off) with every
# third-party package hidden (CMAKE_DISABLE_FIND_PACKAGE_*), so configuring fails if the core looks one
# up; builds, `cmake --install`s into a temporary prefix, then builds the out-of-tree consumers in
# tests/install/ against that prefix and runs them (they check their results):
#   cpp/  C++ program, find_package(wasmvm CONFIG) -> wasmvm::wasmvm (static library)
#   c/    C program using the standard <wasm.h> through `pkg-config --cflags --libs wasmvm`
# Then the same core with BUILD_SHARED_LIBS=ON: libwasmvm.so is installed and both consumers link it.
# Prints "N passed, N failed" last; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC="$PWD"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wasmvm-install.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
JOBS="${JOBS:-2}"

GEN=()
command -v ninja >/dev/null && GEN=(-G Ninja)
LAUNCHER=()
command -v ccache >/dev/null && LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
NO_PACKAGES=()
for pkg in nlohmann_json PNG Eigen3 GTest benchmark; do
  NO_PACKAGES+=("-DCMAKE_DISABLE_FIND_PACKAGE_${pkg}=ON")
done

passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
# check NAME COMMAND...: runs COMMAND, logging to $WORK/NAME.log, and counts the outcome.
check() {
  local name="$1"; shift
  if "$@" >"$WORK/$name.log" 2>&1; then pass "$name"; else fail "$name (log follows)"; cat "$WORK/$name.log"; fi
}

# build_core NAME [cmake args...]: configure + build + install the core into $WORK/NAME-prefix.
build_core() {
  local name="$1"; shift
  cmake -S "$SRC" -B "$WORK/$name-build" "${GEN[@]}" "${LAUNCHER[@]}" "${NO_PACKAGES[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DWASMVM_BUILD_CLI=OFF -DWASMVM_BUILD_GRAPH=OFF -DWASMVM_BUILD_TESTS=OFF \
    -DWASMVM_BUILD_BENCH=OFF -DCMAKE_INSTALL_PREFIX="$WORK/$name-prefix" "$@" &&
    cmake --build "$WORK/$name-build" -j"$JOBS" &&
    cmake --install "$WORK/$name-build"
}

# consumer_cpp PREFIX OUT [cmake args...]: builds tests/install/cpp against PREFIX into OUT and runs it.
consumer_cpp() {
  local prefix="$1" out="$2"; shift 2
  cmake -S tests/install/cpp -B "$out" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" "$@" &&
    cmake --build "$out" &&
    "$out/consumer_cpp" | tee "$out/stdout.txt" &&
    grep -qx "hello from wasi" "$out/stdout.txt"
}

consumer_c() {
  local prefix="$1" out="$2"
  mkdir -p "$out" &&
    PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s -C tests/install/c OUT="$out" &&
    LD_LIBRARY_PATH="$prefix/lib" "$out/consumer_c"
}

installed_files() {
  local prefix="$1"; shift
  local missing=0 f
  for f in "$@"; do
    if [ ! -e "$prefix/$f" ]; then echo "not installed: $f"; missing=1; fi
  done
  [ "$missing" = 0 ]
}

echo "=== core without third-party packages, static (libwasmvm.a) ==="
check static-build build_core static
P="$WORK/static-prefix"
expected=(lib/libwasmvm.a include/wasmvm/wasmvm.h include/wasmvm/result.h include/wasmvm/types.h
          include/wasmvm/wasi.h include/wasmvm/wasm_graph_abi.h lib/cmake/wasmvm/wasmvmConfig.cmake
          lib/pkgconfig/wasmvm.pc include/wasm.h)
check static-installed-files installed_files "$P" "${expected[@]}"
check static-no-cli-installed test ! -e "$P/bin/wasmvm"
check static-consumer-cpp consumer_cpp "$P" "$WORK/static-cpp"
check static-consumer-c consumer_c "$P" "$WORK/static-c"

echo "=== the same core with BUILD_SHARED_LIBS=ON (libwasmvm.so next to libwasmvm.a) ==="
check shared-build build_core shared -DBUILD_SHARED_LIBS=ON
P="$WORK/shared-prefix"
check shared-installed-files installed_files "$P" lib/libwasmvm.a lib/libwasmvm.so lib/pkgconfig/wasmvm.pc
check shared-consumer-cpp consumer_cpp "$P" "$WORK/shared-cpp"
check shared-consumer-cpp-uses-so sh -c "ldd '$WORK/shared-cpp/consumer_cpp' | grep -q 'libwasmvm\.so'"
check shared-consumer-c consumer_c "$P" "$WORK/shared-c"
check shared-consumer-c-uses-so sh -c "ldd '$WORK/shared-c/consumer_c' | grep -q 'libwasmvm\.so'"

echo "=== option combinations that cannot work are refused at configure time ==="
# refused NAME PATTERN [cmake args...]: configuring must fail and print PATTERN.
refused() {
  local name="$1" pattern="$2"; shift 2
  if cmake -S "$SRC" -B "$WORK/$name" "${GEN[@]}" "${NO_PACKAGES[@]}" -DWASMVM_BUILD_TESTS=OFF \
       -DWASMVM_BUILD_BENCH=OFF "$@" >"$WORK/$name.out" 2>&1; then
    echo "configuring with $* succeeded"; return 1
  fi
  grep -q "$pattern" "$WORK/$name.out" || { cat "$WORK/$name.out"; return 1; }
}
check refuses-graph-without-wasi refused graph-no-wasi "WASMVM_BUILD_GRAPH=ON needs WASMVM_WASI=ON" \
  -DWASMVM_WASI=OFF -DWASMVM_BUILD_CLI=OFF
check refuses-guard-bounds-on-32-bit refused guard-32 "WASMVM_BOUNDS=guard needs a 64-bit target" \
  -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=arm -DCMAKE_C_COMPILER=arm-linux-gnueabihf-gcc \
  -DCMAKE_CXX_COMPILER=arm-linux-gnueabihf-g++ -DWASMVM_BOUNDS=guard -DWASMVM_BUILD_CLI=OFF -DWASMVM_BUILD_GRAPH=OFF

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
