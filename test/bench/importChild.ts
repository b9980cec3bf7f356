// One measured run in its own process, so its memory is its own. After a warm-up import of a small
// file (so the baseline holds compiled code and lazily loaded modules), it prints JSON:
//   `time`:     imports the dump as a user's process would; {ms, peakRss}.
//   `retained`: imports it sampling the retained memory (after full collections, so slow; the
//               parent runs it in the interpreter alone, see importBench.ts); {peakRetained, baseRetained}.
//   `parse`:    loads the same file whole with JSON.parse (what not streaming would cost); {ms, peakRss}.
// peakRss is the process's high-water mark (getrusage), not a sample. Needs --expose-gc.
import * as nodeFs from 'node:fs';
import { importHistory } from '../../src/core/imports/importer';
import { SessionStore } from '../../src/core/store/store';
import type { StoreFs } from '../../src/core/store/fsio';

const gc = (globalThis as { gc?: () => void }).gc;

/** Sample every this many bytes of file read, and at every this many store file operations. */
const SAMPLE_BYTES = 256 * 1024;
const SAMPLE_FS_CALLS = 5;

/**
 * Retained: what is still reachable after a full collection (garbage is not the import's). Twice:
 * V8 frees the buffers of dead ArrayBuffers on a helper thread after a collection, and the next
 * collection waits for that, so only then does `external` stop counting garbage.
 */
function retainedNow(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * The store's fs, sampling before every SAMPLE_FS_CALLS-th promise call: the points where the import
 * waits on its writes (a staged session, the commit's fsyncs, the publish), which reading the file
 * alone never sees. The stride is prime, so it does not fall in step with a session's few calls.
 */
function sampledFs(sample: () => void): StoreFs {
  let calls = 0;
  const promises = new Proxy(nodeFs.promises, {
    get(target, key, receiver): unknown {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]): unknown => {
        if (calls++ % SAMPLE_FS_CALLS === 0) sample();
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ...nodeFs, promises };
}

async function retained(options: { file: string; dir: string; idleTimeoutMs: number; sessionGapMs: number; now: number }): Promise<object> {
  const baseRetained = retainedNow();
  let peakRetained = 0;
  const sample = (): void => void (peakRetained = Math.max(peakRetained, retainedNow()));
  let next = 0;
  const onProgress = (read: number): void => {
    if (read < next) return;
    next = read + SAMPLE_BYTES;
    sample();
  };
  const fs = sampledFs(sample);
  await importHistory({ ...options, route: () => new SessionStore({ dir: options.dir, fs }), onProgress });
  sample();
  return { peakRetained, baseRetained };
}

async function main(): Promise<void> {
  const [mode, file, dir, warmUp] = process.argv.slice(2) as [string, string, string, string];
  const options = { idleTimeoutMs: 300_000, sessionGapMs: 3_600_000, now: Date.now() };
  if (mode !== 'parse') await importHistory({ ...options, file: warmUp, route: () => new SessionStore({ dir: `${dir}-warm-up` }) });
  if (mode === 'retained') {
    process.stdout.write(JSON.stringify(await retained({ ...options, file, dir })));
    return;
  }
  const t0 = process.hrtime.bigint();
  if (mode === 'parse') void (JSON.parse(nodeFs.readFileSync(file, 'utf8')) as unknown);
  else await importHistory({ ...options, file, route: () => new SessionStore({ dir }) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ ms, peakRss: process.resourceUsage().maxRSS * 1024 }));
}

void main();
