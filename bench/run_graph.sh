#!/bin/sh
# ResNet-50 + wasm_graph benchmark (about 10 minutes under load):
#   bench/run_graph.sh [--no-write] [--skip 'wasmvm scalar,node scalar,graph-bench'] [--size 224]
# Builds resnet50_run (native), the ResNet-50/digits wasm modules, the wasmvm CLI and graph-bench in
# $GRAPH_BENCH_BUILD_DIR (default <repo>/build-graphbench; Release, no sanitizers, SIMD on), then runs
# bench/run_graph.py, which writes the "ResNet-50 and wasm_graph" section of bench/RESULTS.md between the
# graph-bench markers and leaves the rest of the file alone.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${GRAPH_BENCH_BUILD_DIR:-$ROOT/build-graphbench}
export BENCH_COMMAND="bench/run_graph.sh $*"

mkdir -p "$BUILD"
# Tests stay ON: models/ (the ResNet-50 and digits builds) is pulled in through tests/models.
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DWASMVM_SANITIZE=OFF -DWASMVM_SIMD=ON \
  -DWASMVM_BUILD_TESTS=ON -DWASMVM_BUILD_BENCH=ON >"$BUILD/graph-bench-configure.log" 2>&1 \
  || { cat "$BUILD/graph-bench-configure.log"; exit 1; }
nice -n 10 cmake --build "$BUILD" -j2 --target wasmvm-cli graph-bench resnet50_run \
  models_resnet50_scalar_wasm models_resnet50_simd_wasm models_resnet50_graph_wasm models_resnet50_graph32_wasm \
  models_digits_graph_wasm models_digits_legacy_wasm
exec /usr/bin/python3 "$ROOT/bench/run_graph.py" --build-dir "$BUILD" "$@"
