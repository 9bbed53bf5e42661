#!/usr/bin/env bash
# Builds test_simd for AArch64 (portable backend, with and without the NEON fast paths) and runs it under
# qemu user emulation. Needs: apt-get install g++-aarch64-linux-gnu qemu-user-static libgtest-dev
# (googletest sources in /usr/src/googletest). Optional: $1 = a dir with the simd_*.json from wast2json
# (e.g. build/tests/simd/spec_json) to also replay the official spec assertions.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${TMPDIR:-/tmp}/wasmvm-simd-aarch64"
cxx="${CXX_AARCH64:-aarch64-linux-gnu-g++}"
gt=/usr/src/googletest/googletest
mkdir -p "$out"
flags=(-std=c++20 -O2 -Wall -Wextra -ffp-contract=off -I"$root" -I"$root/include" -I"$gt/include")
[ -f "$out/gtest-all.o" ] || "$cxx" "${flags[@]}" -I"$gt" -c "$gt/src/gtest-all.cc" -o "$out/gtest-all.o"
[ -f "$out/gtest_main.o" ] || "$cxx" "${flags[@]}" -I"$gt" -c "$gt/src/gtest_main.cc" -o "$out/gtest_main.o"
srcs=(simd_ops_test.cpp simd_lane_mem_test.cpp op_table.cpp reference_ops.cpp inputs.cpp lane_model.cpp)
extra=()
if [ $# -ge 1 ]; then
  names=$(ls "$1"/simd_*.json | xargs -n1 basename | sed 's/\.json$//' | awk '{printf "\"%s\",", $1}')
  mkdir -p "$out/inc" && ln -sfn /usr/include/nlohmann "$out/inc/nlohmann"
  srcs+=(spec_vectors_test.cpp)
  extra=(-I"$out/inc" "-DSIMDTEST_WAST_DIR=\"$root/../shared/wasm-testsuite\"" "-DSIMDTEST_JSON_DIR=\"$1\""
         "-DSIMDTEST_WAST_FILES={$names}")
fi
status=0
for no_neon in 0 1; do
  (cd "$here" && "$cxx" "${flags[@]}" "${extra[@]}" -DWASMVM_SIMD_NO_NEON=$no_neon "${srcs[@]}" \
     "$out/gtest-all.o" "$out/gtest_main.o" -pthread -static -o "$out/test_simd_$no_neon" 2>&1 | grep -v -e getaddrinfo -e MakeConnection || true)
  echo "== aarch64, WASMVM_SIMD_NO_NEON=$no_neon"
  qemu-aarch64-static "$out/test_simd_$no_neon" --gtest_brief=1 || status=1
done
exit $status
