#!/usr/bin/python3
"""Side-by-side benchmark runner: wasmvm vs native (gcc) vs node (V8) on the bench corpus.

Runs every corpus program on every available engine (each prints one RESULT line with the median
and minimum ms per bench_run repetition, start-up excluded), prints a markdown table with ratios,
checksum matches and the speed targets, and writes it with the machine description to
bench/RESULTS.md. Normally started through bench/run.sh, which builds the artifacts first.
Standard library only.
"""
import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCALAR = ["sgemm", "conv", "cnn", "fib", "sort"]
SIMD = ["sgemm_simd", "conv_simd", "cnn_simd"]
# Scalar targets: wasmvm ms / native scalar ms must not exceed these.
SCALAR_LIMIT = {"sgemm": 15.0, "conv": 15.0, "cnn": 15.0, "sort": 15.0, "fib": 20.0}
SIMD_MIN_SPEEDUP = 2.5  # wasmvm scalar ms / wasmvm simd ms
SIMD_NATIVE_LIMIT = 10.0  # wasmvm simd ms / native simd ms
RESULT = re.compile(r"^RESULT (.*)$", re.M)


def run_engine(cmd, timeout):
    """Runs one driver; returns (dict of RESULT fields, None) or (None, error text)."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timeout after {timeout}s"
    except OSError as e:
        return None, str(e)
    match = RESULT.search(proc.stdout)
    if proc.returncode != 0 or not match:
        lines = (proc.stderr.strip() or proc.stdout.strip() or "no output").splitlines()
        return None, f"exit {proc.returncode}: {lines[0][:200] if lines else ''}"
    fields = dict(kv.split("=", 1) for kv in match.group(1).split() if "=" in kv)
    try:
        for key in ("median_ms", "min_ms", "cpu_median_ms", "cpu_min_ms"):
            fields[key] = float(fields[key])
    except (KeyError, ValueError):
        return None, f"unparsable RESULT line: {match.group(0)}"
    return fields, None


STAT = "median_ms"  # which RESULT field the table uses (--stat)


def fmt_ms(r):
    if r is None:
        return "-"
    ms = r[STAT]
    return f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}"


def ratio(a, b):
    if a is None or b is None or b[STAT] <= 0:
        return None
    return a[STAT] / b[STAT]


def combine_rounds(rs):
    """Median over rounds of every timing field; the first round's checksum."""
    out = dict(rs[0])
    for key in ("median_ms", "min_ms", "cpu_median_ms", "cpu_min_ms"):
        vals = sorted(r[key] for r in rs)
        mid = len(vals) // 2
        out[key] = vals[mid] if len(vals) % 2 else (vals[mid - 1] + vals[mid]) / 2
    return out


def fmt_ratio(x):
    return "-" if x is None else f"{x:.2f}x"


def match_text(a, ref):
    if a is None or ref is None:
        return "-"
    return "yes" if a["checksum"] == ref["checksum"] else f"**NO** ({a['checksum']})"


def read_cache(build_dir):
    cache = {}
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            for line in f:
                m = re.match(r"^([A-Za-z0-9_]+):[A-Z]+=(.*)$", line.strip())
                if m:
                    cache[m.group(1)] = m.group(2)
    except OSError:
        pass
    return cache


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not available"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


GRAPH_BEGIN = "<!-- graph-bench begin -->"
GRAPH_END = "<!-- graph-bench end -->"


def preserved_graph_section(path):
    """Everything from the graph-bench begin marker to the end of the file (run_graph.py's section and the
    hand-recorded sections after it), kept when this table is regenerated."""
    try:
        with open(path) as f:
            old = f.read()
    except OSError:
        return ""
    b, e = old.find(GRAPH_BEGIN), old.find(GRAPH_END)
    if b < 0 or e < b:
        return ""
    return "\n" + old[b:].rstrip("\n") + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build-dir", default=os.path.join(os.path.dirname(HERE), "build-bench"))
    ap.add_argument("--reps", type=int, default=5, help="bench_run repetitions per engine (median taken)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run the whole set this many times and take the median over rounds")
    ap.add_argument("--programs", default=",".join(SCALAR + SIMD), help="comma-separated subset")
    ap.add_argument("--no-node", action="store_true", help="skip node even if it is installed")
    ap.add_argument("--no-switch", action="store_true",
                    help="skip the switch-dispatch wasmvm build (wasmvm-bench-switch) even if built")
    ap.add_argument("--stat", choices=["median", "min"], default="median",
                    help="per-repetition statistic shown (min is more robust under heavy load)")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="process CPU time (default: steadier on the shared 2-core machine) or wall time")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per engine run")
    ap.add_argument("--output", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    args = ap.parse_args()
    if args.reps < 1 or args.rounds < 1:
        ap.error("--reps and --rounds must be >= 1")
    global STAT
    STAT = ("cpu_" if args.clock == "cpu" else "") + args.stat + "_ms"
    programs = [p for p in args.programs.split(",") if p]
    unknown = [p for p in programs if p not in SCALAR + SIMD]
    if unknown:
        ap.error(f"unknown program(s): {', '.join(unknown)}")

    bench_dir = os.path.join(args.build_dir, "bench")
    wasm_dir = os.path.join(bench_dir, "wasm")
    native_dir = os.path.join(bench_dir, "native")
    wasmvm = os.path.join(bench_dir, "wasmvm-bench")
    node = None if args.no_node else shutil.which("node")
    if not os.path.isdir(wasm_dir):
        sys.exit(f"error: {wasm_dir} missing: build target bench-refs first (bench/run.sh does)")
    if not os.path.exists(wasmvm):
        print(f"note: {wasmvm} not built: no wasmvm column", file=sys.stderr)
        wasmvm = None
    wasmvm_switch = os.path.join(bench_dir, "wasmvm-bench-switch")
    if args.no_switch or not os.path.exists(wasmvm_switch):
        wasmvm_switch = None

    load_before = loadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    runs = {}  # (program, engine) -> list of RESULT dicts, one per round
    errors = []
    failed = set()  # (program, engine) pairs with an error or inconsistent checksums in any round
    reps = str(args.reps)
    for round_no in range(1, args.rounds + 1):
        for prog in programs:
            wasm = os.path.join(wasm_dir, prog + ".wasm")
            cmds = {"native": [os.path.join(native_dir, prog), reps]}
            if prog in SCALAR:
                cmds["autovec"] = [os.path.join(native_dir, prog + "_autovec"), reps]
            if wasmvm:
                cmds["wasmvm"] = [wasmvm, wasm, reps]
            if wasmvm_switch:
                cmds["switch"] = [wasmvm_switch, wasm, reps]
            if node:
                cmds["node"] = [node, os.path.join(HERE, "node_bench.mjs"), wasm, reps]
            for engine, cmd in cmds.items():
                print(f"[{round_no}/{args.rounds}] {prog:<11} on {engine:<8}", end="", file=sys.stderr, flush=True)
                r, err = run_engine(cmd, args.timeout)
                print(f" {fmt_ms(r):>9} ms" if r else f" error: {err}", file=sys.stderr)
                if err:
                    errors.append(f"{prog} on {engine} (round {round_no}): {err}")
                    failed.add((prog, engine))
                else:
                    runs.setdefault((prog, engine), []).append(r)
    results = {prog: {} for prog in programs}  # program -> {engine: combined result}
    for (prog, engine), rs in runs.items():
        if len({r["checksum"] for r in rs}) > 1:
            errors.append(f"{prog} on {engine}: checksum differs between rounds")
            failed.add((prog, engine))
        results[prog][engine] = combine_rounds(rs)
    load_after = loadavg()

    header = ["program", "wasmvm ms", "native ms", "node ms", "wasmvm/native", "node/native",
              "checksum wasmvm=native", "checksum node=native", "gcc -O2 autovec ms", "wasmvm switch-dispatch ms", "wasmvm startup ms",
              "target", "pass"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    verdicts = []
    for prog in programs:
        row = results[prog]
        w, n, v = row.get("wasmvm"), row.get("native"), row.get("node")
        wr = ratio(w, n)
        checks_ok = (w is not None and n is not None and w["checksum"] == n["checksum"]
                     and (prog, "wasmvm") not in failed)
        if prog in SCALAR:
            limit = SCALAR_LIMIT[prog]
            target = f"wasmvm <= {limit:g}x native"
            ok = wr is not None and wr <= limit and checks_ok
        else:
            scalar = results.get(prog[:-len("_simd")], {}).get("wasmvm")
            speedup = ratio(scalar, w)
            target = (f"speed-up vs wasmvm scalar {fmt_ratio(speedup)} (>= {SIMD_MIN_SPEEDUP:g}x), "
                      f"<= {SIMD_NATIVE_LIMIT:g}x native SIMD")
            ok = (speedup is not None and speedup >= SIMD_MIN_SPEEDUP and wr is not None
                  and wr <= SIMD_NATIVE_LIMIT and checks_ok)
        # n/a only when there is no wasmvm-bench at all; a wasmvm error on this row is a FAIL.
        verdict = "n/a" if wasmvm is None else ("PASS" if ok else "FAIL")
        verdicts.append(verdict)
        startup = w.get("startup_ms", "-") if w else "-"
        cells = [prog, fmt_ms(w), fmt_ms(n), fmt_ms(v), fmt_ratio(wr), fmt_ratio(ratio(v, n)),
                 match_text(w, n), match_text(v, n), fmt_ms(row.get("autovec")), fmt_ms(row.get("switch")), startup, target, verdict]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    print(table)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)

    if args.no_write:
        return 0 if "FAIL" not in verdicts else 1
    cache = read_cache(args.build_dir)
    command = os.environ.get("BENCH_COMMAND") or " ".join([sys.executable] + sys.argv)
    vm_config = ", ".join(f"{k}={cache.get(k, '?')}" for k in
                          ["CMAKE_BUILD_TYPE", "WASMVM_DISPATCH", "WASMVM_BOUNDS", "WASMVM_SIMD",
                           "WASMVM_SIMD_BACKEND", "WASMVM_SANITIZE"])
    c_compiler = cache.get("CMAKE_C_COMPILER", "cc")
    doc = f"""# Benchmark results

Generated by `bench/run.py` (via `bench/run.sh`); do not edit by hand, re-run instead.

- Date (UTC): {started.strftime('%Y-%m-%d %H:%M')}
- Machine: {cpu_model()}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}
- Load average (1/5/15 min) before: {load_before}; after: {load_after} (the 2 cores are shared
  with other engineers' builds, so absolute numbers can be noisy; ratios are more stable)
- Command: `{command}`
- Repetitions: {args.rounds} round(s) over the whole set (median over rounds), each with one
  bench_init and {args.reps} timed bench_run calls per engine and program. Shown: the {args.stat}
  {'process CPU time' if args.clock == 'cpu' else 'wall-clock time'} per bench_run, in ms. CPU time
  (`--clock cpu`, the default) is used because the machine is shared: it is far less sensitive to
  other engineers' builds than wall time (node's CPU time also counts V8's background threads).
  Start-up (compile + instantiate) is excluded and shown separately for wasmvm.
- wasmvm build: {vm_config}
- wasm: `{first_line(['clang', '--version'])}`, `--target=wasm32 -O2 -nostdlib -fno-builtin-memset -fno-builtin-memcpy` (+ `-msimd128
  -DBENCH_SIMD` for *_simd; the -fno-builtin flags keep zeroing/copy loops as written instead of
  calls to a byte-wise memset/memcpy, since there is no libc)
- native: `{first_line([c_compiler, '--version'])}`
  - "native ms" for scalar rows: `-O2 -ffp-contract=off -fno-tree-vectorize` (truly scalar: gcc 12
    auto-vectorises at -O2, which would turn the scalar reference into a SIMD one).
  - "gcc -O2 autovec ms": the same C with plain `-O2 -ffp-contract=off` (gcc's default -O2
    auto-vectorisation), for information only.
  - "native ms" for *_simd rows: the same vec4 kernels through SSE intrinsics (`bench/programs/vec4.h`),
    `-O2 -ffp-contract=off -msse4.2`.
- "wasmvm switch-dispatch ms": wasmvm-bench linked with `wasmvm_vm_switch` (the portable switch
  interpreter instead of computed goto), for information.
- node: `{first_line([node, '--version']) if node else 'not available'}` (V8, tiered JIT; one untimed warm-up bench_run, then the timed repetitions)

Checksums: every float kernel has a fixed operation order, so wasm, native, scalar and SIMD builds
must all produce bit-identical checksums (FNV-1a over the output bits).

Targets: scalar rows wasmvm <= 15x native (fib <= 20x); SIMD rows wasmvm SIMD >= 2.5x faster than
wasmvm scalar and <= 10x native SIMD. PASS also requires the checksum to match native.

{table}
"""
    if errors:
        doc += "\nErrors:\n\n" + "\n".join(f"- {e}" for e in errors) + "\n"
    doc += preserved_graph_section(args.output)
    with open(args.output, "w") as f:
        f.write(doc)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0 if "FAIL" not in verdicts else 1


if __name__ == "__main__":
    sys.exit(main())
