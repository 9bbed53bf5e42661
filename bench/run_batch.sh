#!/usr/bin/env bash
# Batch-inference throughput of `wasmvm graph --jobs N`: the 10 digits samples repeated REPEAT times, --jobs 1 vs
# --jobs 2. Prints each run's `batch:` line (wall and CPU time) and the wall-time speed-up.
# usage: bench/run_batch.sh [BUILD_DIR] [REPEAT]
set -euo pipefail
build=${1:-build}; repeat=${2:-100}
root=$(cd "$(dirname "$0")/.." && pwd)
model=$build/models/wasm/digits_graph.wasm
[ -f "$model" ] || { echo "error: $model missing (cmake --build $build --target models_digits_graph_wasm)"; exit 1; }
list=$(mktemp); trap 'rm -f "$list"' EXIT
for _ in $(seq "$repeat"); do ls "$root"/models/digits/samples/*.png; done > "$list"
declare -A wall
for j in 1 2; do
  line=$("$build/bin/wasmvm" graph "$model" --input-list "$list" --jobs "$j" --top 1 | tail -1)
  echo "jobs $j: $line"
  wall[$j]=$(sed -E 's/.*wall ([0-9.]+) ms.*/\1/' <<<"$line")
done
awk -v a="${wall[1]}" -v b="${wall[2]}" 'BEGIN { printf "speed-up (wall, jobs 2 vs 1): %.2fx\n", a / b }'
