// Runs a wasm32-wasi command under node's WASI (node:wasi, preview1) for comparison with wasmvm.
// Usage: node --experimental-wasi-unstable-preview1 run_node_wasi.mjs
//          [--dir HOST::GUEST]... [--env NAME=VALUE]... FILE.wasm [ARGS...]
// Exit status: the guest's exit code; 134 when the guest traps (wasmvm's trap code), 2 on bad usage.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const argv = process.argv.slice(2);
const preopens = {};
const env = {};
let i = 0;
for (; i < argv.length; i++) {
  if (argv[i] === '--dir' && i + 1 < argv.length) {
    const [host, guest] = argv[++i].split('::');
    preopens[guest ?? host] = host;
  } else if (argv[i] === '--env' && i + 1 < argv.length) {
    const kv = argv[++i];
    const eq = kv.indexOf('=');
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else {
    break;
  }
}
if (i >= argv.length) {
  process.stderr.write('run_node_wasi: missing FILE.wasm\n');
  process.exit(2);
}
const file = argv[i];
const wasi = new WASI({ version: 'preview1', args: [file, ...argv.slice(i + 1)], env, preopens, returnOnExit: true });
try {
  const module = await WebAssembly.compile(await readFile(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  const code = wasi.start(instance);
  process.exitCode = code;
} catch (e) {
  process.stderr.write(`run_node_wasi: ${e instanceof WebAssembly.RuntimeError ? 'trap' : 'error'}: ${e.message}\n`);
  process.exitCode = e instanceof WebAssembly.RuntimeError ? 134 : 1;
}
