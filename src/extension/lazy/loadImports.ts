// Loads dist/imports.js (see importsChunk.ts) once, on first use, and shares the promise.
//
// Why read the file with fs.promises and evaluate it as a CommonJS module ourselves: Pulse does no
// sync fs on the extension host thread after activation. `require()` reads the file synchronously,
// and so does a dynamic `import()` on the Node the extension host runs here: measured with strace,
// Node 24.21 opens and reads an imported .mjs on the main thread (Node 20 read it on a libuv worker).
// fs.promises.readFile reads on a worker on every Node; vm.compileFunction then compiles the text
// in this context under its own file name, so stack traces still name dist/imports.js.
import { promises as fsp } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import * as path from 'node:path';
import { compileFunction } from 'node:vm';
import type { ImportsChunk } from './importsChunk';

/** The chunk's file name, next to dist/extension.js (esbuild.js and .vscodeignore name it too). */
export const IMPORTS_CHUNK_FILE = 'imports.js';

const nodeRequire = createRequire(__filename);

/**
 * The chunk's `require`: Node's built-in modules only, which load from memory. The chunk bundles
 * every library, so anything else would be a build mistake and a sync read from disk.
 */
function builtinRequire(id: string): unknown {
  if (!builtinModules.includes(id.startsWith('node:') ? id.slice(5) : id)) {
    throw new Error(`${IMPORTS_CHUNK_FILE} requires "${id}", which it should have bundled`);
  }
  return nodeRequire(id) as unknown;
}

/** Reads and evaluates a chunk file as a CommonJS module; exported for the test of the bundles. */
export async function loadChunk(file: string): Promise<ImportsChunk> {
  const code = await fsp.readFile(file, 'utf8');
  const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const module = { exports: {} as { importsChunk?: ImportsChunk } };
  run.call(module.exports, module.exports, builtinRequire, module, file, path.dirname(file));
  if (!module.exports.importsChunk) throw new Error(`${file} is not Pulse's import and export code`);
  return module.exports.importsChunk;
}

let loading: Promise<ImportsChunk> | undefined;

export function loadImports(): Promise<ImportsChunk> {
  // __dirname is dist/ in the bundle, where esbuild.js writes the chunk.
  loading ??= loadChunk(path.join(__dirname, IMPORTS_CHUNK_FILE));
  // A failed load (a damaged install) is not remembered, so the next use tries again.
  loading.catch(() => (loading = undefined));
  return loading;
}
