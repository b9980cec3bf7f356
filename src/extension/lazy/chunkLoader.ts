// Reads and evaluates dist/imports.js (see importsChunk.ts); lazyCommands.ts loads it on first use.
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
 * The chunk's `require`: Node's built-in modules, which load from memory, and the modules the
 * extension hands over (its `vscode`). The chunk bundles every library, so anything else would be a
 * build mistake and a sync read from disk.
 */
function chunkRequire(given: Readonly<Record<string, unknown>>): (id: string) => unknown {
  return (id) => {
    if (Object.hasOwn(given, id)) return given[id];
    if (!builtinModules.includes(id.startsWith('node:') ? id.slice(5) : id)) {
      throw new Error(`${IMPORTS_CHUNK_FILE} requires "${id}", which it should have bundled`);
    }
    return nodeRequire(id) as unknown;
  };
}

/** Reads and evaluates a chunk file as a CommonJS module; exported for the test of the bundles. */
export async function loadChunk(file: string, given: Readonly<Record<string, unknown>>): Promise<ImportsChunk> {
  const code = await fsp.readFile(file, 'utf8');
  const run = compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  const module = { exports: {} as { importsChunk?: ImportsChunk } };
  run.call(module.exports, module.exports, chunkRequire(given), module, file, path.dirname(file));
  if (!module.exports.importsChunk) throw new Error(`${file} is not Pulse's import and export code`);
  return module.exports.importsChunk;
}
