// Loads dist/imports.mjs (see importsChunk.ts) once, on first use, and shares the promise.
//
// Why a real dynamic `import()` of an ESM file and not `require()` or reading and evaluating the
// file ourselves: `require()` reads the file with sync fs on the extension host thread, which Pulse
// does not do after activation; Node's ESM loader reads it asynchronously. Evaluating the text
// ourselves (fs.promises.readFile + new Function) would also be asynchronous, but it needs a
// hand-made module wrapper and loses the file name in stack traces; the ESM loader gives both for
// free. esbuild keeps this `import()` as it is in the CommonJS bundle (target node20 supports it; a
// test checks the output), so the file is loaded by Node and never bundled into extension.js.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImportsChunk } from './importsChunk';

/** The chunk's file name, next to dist/extension.js (esbuild.js and .vscodeignore name it too). */
export const IMPORTS_CHUNK_FILE = 'imports.mjs';

let loading: Promise<ImportsChunk> | undefined;

export function loadImports(): Promise<ImportsChunk> {
  // __dirname is dist/ in the bundle, where esbuild.js writes the chunk.
  const url = pathToFileURL(path.join(__dirname, IMPORTS_CHUNK_FILE)).href;
  loading ??= (import(url) as Promise<{ importsChunk: ImportsChunk }>).then((m) => m.importsChunk);
  // A failed load (a damaged install) is not remembered, so the next use tries again.
  loading.catch(() => (loading = undefined));
  return loading;
}
