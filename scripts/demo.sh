#!/bin/bash
# The main demo: builds the wasmvm CLI and runs an example module through it.
# (For now: recursive Fibonacci from loader/examples/fib.wat; the wasm_graph work replaces it with an
# ML model demo.)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build --target wasmvm -j"$(nproc)"

mkdir -p build/examples
wat2wasm loader/examples/fib.wat -o build/examples/fib.wasm

echo "=== wasmvm inspect build/examples/fib.wasm ==="
build/bin/wasmvm inspect build/examples/fib.wasm
N="${1:-30}"
echo "=== wasmvm run --invoke fib build/examples/fib.wasm $N ==="
time build/bin/wasmvm run --invoke fib build/examples/fib.wasm "$N"
