#!/bin/bash
# Everything the project tests: installs packages, builds Release in build/ and runs every ctest
# (unit tests and the official spec suite), then the same with AddressSanitizer +
# UndefinedBehaviorSanitizer in build-asan/. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh
JOBS="$(nproc)"

echo "=== Release build (build/) ==="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$JOBS"
ctest --test-dir build --output-on-failure -j"$JOBS"

echo "=== AddressSanitizer + UBSan build (build-asan/) ==="
# -O1: enough for the sanitizers, and much cheaper to compile than -O3 for this second build.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELEASE="-O1 -DNDEBUG" -DWASMVM_SANITIZE=ON -DWASMVM_BUILD_BENCH=OFF
cmake --build build-asan -j"$JOBS"
ctest --test-dir build-asan --output-on-failure -j"$JOBS"

echo "=== packaging: core without third-party packages, cmake --install, out-of-tree consumers ==="
bash scripts/test-install.sh

echo "=== all tests passed (Release and sanitizer builds) ==="
