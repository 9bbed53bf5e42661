// V8 reference driver: node bench/node_bench.mjs <file.wasm> [repetitions]
// Instantiates the module (no imports), calls bench_init once and bench_run once untimed (lets
// V8 tier up from Liftoff to TurboFan), then times bench_run per repetition and prints the same
// RESULT line as wasmvm-bench and the native drivers.
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
let checksum = null;
for (let r = 0; r < reps; r++) {
  const t0 = process.hrtime.bigint();
  const c = BigInt.asUintN(64, BigInt(bench_run()));
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (checksum !== null && c !== checksum) {
    console.error('error: checksum changed between repetitions');
    process.exit(1);
  }
  checksum = c;
}
times.sort((a, b) => a - b);
const mid = times.length >> 1;
const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
console.log(`RESULT reps=${reps} median_ms=${median.toFixed(3)} min_ms=${times[0].toFixed(3)} ` +
            `checksum=0x${checksum.toString(16).padStart(16, '0')}`);
