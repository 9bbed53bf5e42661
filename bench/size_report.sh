#!/bin/bash
# Size of the minimal embedding host (bench/size/min_host.cpp: read, compile, instantiate, call; core
# only, no WASI) and what it is made of. For each configuration below: configure the core alone, build
# wasmvm-min-host with a linker map, strip it, and print its size; with --objects, also the bytes each
# object file contributes after section GC (from the map), which shows what a feature costs and that the
# disassembler, code listing and value text are not linked in.
#   bench/size_report.sh [--objects] [CONFIG...]      (default: every configuration)
# Configurations: x86-64-release, x86-64-minsize, x86-64-minsize-nosimd, x86-64-minsize-interp-o2,
#                 armv7-minsize, armv7-minsize-nosimd
# Build dirs: build-size/<config> (kept, so re-runs are incremental). Uses ccache when available.
set -euo pipefail
cd "$(dirname "$0")/.."
OBJECTS=0
if [ "${1:-}" = "--objects" ]; then OBJECTS=1; shift; fi
CONFIGS=("$@")
[ ${#CONFIGS[@]} -gt 0 ] || CONFIGS=(x86-64-release x86-64-minsize x86-64-minsize-nosimd x86-64-minsize-interp-o2
                                   armv7-minsize armv7-minsize-nosimd)
JOBS="${JOBS:-2}"
GEN=(); command -v ninja >/dev/null && GEN=(-G Ninja)
LAUNCHER=(); command -v ccache >/dev/null && LAUNCHER=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
CORE=(-DCMAKE_BUILD_TYPE=Release -DWASMVM_BUILD_CLI=OFF -DWASMVM_BUILD_GRAPH=OFF -DWASMVM_BUILD_TESTS=OFF
      -DWASMVM_BUILD_BENCH=OFF -DWASMVM_WASI=OFF -DWASMVM_C_API=OFF -DCMAKE_EXE_LINKER_FLAGS=-Wl,-Map=min-host.map)
ARMV7=()
if [ -f cmake/toolchains/arm-linux-gnueabihf.cmake ]; then
  ARMV7=(-DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchains/arm-linux-gnueabihf.cmake")
else
  ARMV7=(-DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=armv7l -DCMAKE_C_COMPILER=arm-linux-gnueabihf-gcc
         -DCMAKE_CXX_COMPILER=arm-linux-gnueabihf-g++)
fi

config_args() {
  case "$1" in
    x86-64-release)           echo "" ;;
    x86-64-minsize)           echo "-DWASMVM_MINSIZE=ON" ;;
    x86-64-minsize-nosimd)    echo "-DWASMVM_MINSIZE=ON -DWASMVM_SIMD=OFF" ;;
    x86-64-minsize-interp-o2) echo "-DWASMVM_MINSIZE=ON -DWASMVM_MINSIZE_INTERP_OPT=-O2" ;;
    armv7-minsize)            echo "-DWASMVM_MINSIZE=ON" ;;
    armv7-minsize-nosimd)     echo "-DWASMVM_MINSIZE=ON -DWASMVM_SIMD=OFF" ;;
    *) echo "unknown configuration $1" >&2; return 1 ;;
  esac
}

# Bytes per input object in the output (allocated sections only), from a GNU ld map.
objects_from_map() {
  python3 - "$1" <<'PY'
import collections, re, sys
sizes = collections.Counter()
in_map = False
pending = None
for line in open(sys.argv[1]):
    if line.startswith("Linker script and memory map"):
        in_map = True
        continue
    if not in_map:
        continue
    m = re.match(r"^ (\.(?:text|rodata|data|bss|init_array|fini_array|eh_frame|gcc_except_table|ARM\.ex\w*|tbss|tdata)\S*)\s*$", line)
    if m:
        pending = m.group(1)
        continue
    m = re.match(r"^ (\.\S+)?\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o\)?|\S+\.a\(\S+\))\s*$", line)
    if m and (m.group(1) or pending):
        name = m.group(1) or pending
        if not name.startswith((".debug", ".comment", ".note")):
            obj = m.group(3)
            obj = re.sub(r".*/", "", obj)
            sizes[obj] += int(m.group(2), 16)
    pending = None
for obj, n in sorted(sizes.items(), key=lambda kv: -kv[1]):
    if n >= 256:
        print(f"    {n:8d}  {obj}")
PY
}

mkdir -p build-size
printf "%-26s %10s %10s\n" configuration stripped text
for c in "${CONFIGS[@]}"; do
  args=($(config_args "$c"))
  cross=()
  case "$c" in armv7-*) cross=("${ARMV7[@]}") ;; esac
  dir="build-size/$c"
  cmake -S . -B "$dir" "${GEN[@]}" "${LAUNCHER[@]}" "${CORE[@]}" "${cross[@]}" "${args[@]}" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; exit 1; }
  cmake --build "$dir" -j"$JOBS" --target wasmvm-min-host >"$dir.build.log" 2>&1 || { cat "$dir.build.log"; exit 1; }
  tools=""
  case "$c" in armv7-*) tools=arm-linux-gnueabihf- ;; esac
  "${tools}strip" -o "$dir/wasmvm-min-host.stripped" "$dir/bin/wasmvm-min-host"
  text=$("${tools}size" "$dir/wasmvm-min-host.stripped" | awk 'NR==2 {print $1}')
  printf "%-26s %10d %10d\n" "$c" "$(stat -c %s "$dir/wasmvm-min-host.stripped")" "$text"
  if [ "$OBJECTS" = 1 ]; then
    map=$(find "$dir" -name min-host.map | head -1)
    objects_from_map "$map"
  fi
done
