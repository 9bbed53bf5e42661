// V8 reference driver: node bench/node_bench.mjs <file.wasm> [repetitions]
// Instantiates the module (no imports), calls bench_init once and bench_run once untimed (lets
// V8 tier up from Liftoff to TurboFan), then times bench_run per repetition and prints the same
// RESULT line as wasmvm-bench and the native drivers (wall and CPU ms; node's CPU time is
// process-wide, so it includes V8's background compiler/GC threads).
import { readFileSync } from 'node:fs';

const [file, repsArg = '5'] = process.argv.slice(2);
const reps = Number(repsArg);
if (!file || !Number.isInteger(reps) || reps < 1 || reps > 100000) {
  console.error('usage: node node_bench.mjs <file.wasm> [repetitions (1..100000)]');
  process.exit(2);
}

let instance;
try {
  ({ instance } = await WebAssembly.instantiate(readFileSync(file), {}));
} catch (e) {
  console.error(`error: ${file}: ${e.message}`);
  process.exit(1);
}
const { bench_init, bench_run } = instance.exports;
if (typeof bench_init !== 'function' || typeof bench_run !== 'function') {
  console.error(`error: ${file}: missing export bench_init or bench_run`);
  process.exit(1);
}

bench_init();
bench_run();  // warm-up, untimed
const times = [];
const cpuTimes = [];
let checksum = null;
for (let r = 0; r < reps; r++) {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const c = BigInt.asUintN(64, BigInt(bench_run()));
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  const cpu = process.cpuUsage(cpu0);
  cpuTimes.push((cpu.user + cpu.system) / 1e3);
  if (checksum !== null && c !== checksum) {
    console.error('error: checksum changed between repetitions');
    process.exit(1);
  }
  checksum = c;
}
function medianOf(v) {
  v.sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
const median = medianOf(times);
const cpuMedian = medianOf(cpuTimes);
console.log(`RESULT reps=${reps} median_ms=${median.toFixed(3)} min_ms=${times[0].toFixed(3)} ` +
            `cpu_median_ms=${cpuMedian.toFixed(3)} cpu_min_ms=${cpuTimes[0].toFixed(3)} ` +
            `checksum=0x${checksum.toString(16).padStart(16, '0')}`);
