#!/bin/bash
# Installs every Debian 12 package wasmvm needs to build, test, benchmark and run its demos.
# Idempotent: does nothing (not even apt-get update) when everything is already installed.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build g++ clang lld    # C++20 toolchain and build
  wasi-libc libclang-rt-14-dev-wasm32                # clang --target=wasm32-wasi for bench/ and models/
  wabt binaryen                                      # wat2wasm/wast2json (tests), wasm-opt
  nlohmann-json3-dev libeigen3-dev libpng-dev        # spec runner JSON, host tensor math, demo images
  libgtest-dev libgmock-dev libbenchmark-dev         # unit tests and benchmarks
  nodejs python3                                     # peer comparison (node) and helper scripts
  rustc libstd-rust-dev-wasm32 librust-serde-json-dev # Debian's Rust: wasm32-wasi test guests, legacy TVM model
  pkg-config ccache valgrind                         # install consumers, faster rebuilds, memory checks
  qemu-user g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-riscv64-linux-gnu  # cross builds under qemu
  libc6-dev-arm64-cross libc6-dev-armhf-cross libc6-dev-riscv64-cross
  qemu-system-arm gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib  # Cortex-M demo
  libfuzzer-14-dev libclang-rt-14-dev                # libFuzzer targets, clang sanitizer runtimes
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
echo "setup-debian: installing ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
