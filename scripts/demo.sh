#!/bin/bash
# The main demo: a deep-learning model compiled to wasm32-wasi classifies an image inside wasmvm.
# Installs the Debian packages, builds the `wasmvm` CLI and the digits CNN (models/digits, trained on
# scikit-learn's digits data, 98.9% held-out accuracy) as a tensor-ABI wasm_graph module, then runs
#   wasmvm graph digits_graph.wasm --input <PNG> --labels models/digits/labels.txt --top 3
# which prints the top-3 classes with probabilities and the time taken.
# Usage: bash scripts/demo.sh [PNG...]   (default: every sample in models/digits/samples/)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build --target wasmvm-cli models_digits_graph_wasm -j"$(nproc)"

MODEL=build/models/wasm/digits_graph.wasm
LABELS=models/digits/labels.txt
if [ "$#" -gt 0 ]; then IMAGES=("$@"); else IMAGES=(models/digits/samples/*.png); fi
for img in "${IMAGES[@]}"; do
  echo "=== wasmvm graph $MODEL --input $img --labels $LABELS --top 3 ==="
  build/bin/wasmvm graph "$MODEL" --input "$img" --labels "$LABELS" --top 3
done
