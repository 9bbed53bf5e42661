#!/bin/sh
# One command for the whole side-by-side benchmark:
#   bench/run.sh [--reps N] [--programs sgemm,fib,...] [--no-node] [--no-write]
# Configures and builds the corpus, native references and wasmvm-bench in $BENCH_BUILD_DIR
# (default <repo>/build-bench; forced to Release, no sanitizers, no unit tests: use a dedicated
# directory), then runs bench/run.py, which prints the
# table and writes bench/RESULTS.md. If wasmvm-bench does not build, the table lacks wasmvm.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BENCH_BUILD_DIR:-$ROOT/build-bench}
export BENCH_COMMAND="bench/run.sh $*"

mkdir -p "$BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DWASMVM_SANITIZE=OFF -DWASMVM_BUILD_BENCH=ON -DWASMVM_BUILD_TESTS=OFF \
  >"$BUILD/bench-configure.log" 2>&1 || { cat "$BUILD/bench-configure.log"; exit 1; }
nice -n 10 cmake --build "$BUILD" --target bench-refs -j2
if ! nice -n 10 cmake --build "$BUILD" --target wasmvm-bench -j2; then
  echo "warning: wasmvm-bench did not build; the table will have no wasmvm column" >&2
  rm -f "$BUILD/bench/wasmvm-bench"
fi
nice -n 10 cmake --build "$BUILD" --target wasmvm-bench-switch -j2 >/dev/null 2>&1 \
  || rm -f "$BUILD/bench/wasmvm-bench-switch"  # optional column
exec /usr/bin/python3 "$ROOT/bench/run.py" --build-dir "$BUILD" "$@"
