// node run_wasi.mjs FILE.wasm [ARGS...]: runs a wasm32-wasi command under V8 (the reference engine used to check
// that a guest build behaves like the native build before/independently of wasmvm). Preopens the cwd as ".".
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node run_wasi.mjs FILE.wasm [ARGS...]');
  process.exit(64);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env: {}, preopens: { '.': process.cwd() },
                        returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
