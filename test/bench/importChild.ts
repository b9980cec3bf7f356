// One measured run in its own process, so its memory is its own: `import` streams a dump into a
// store; `parse` loads the same file whole with JSON.parse (what not streaming would cost). Prints
// {ms, peakRss, peakRetained, baseRss, baseRetained} as JSON; `time` does the import without
// sampling. Each first imports a small warm-up file, so the baseline holds compiled code. --expose-gc.
import * as fs from 'node:fs';
import { importHistory } from '../../src/core/imports/importer';
import { SessionStore } from '../../src/core/store/store';

const gc = (globalThis as { gc?: () => void }).gc;

function sampler(): { sample: () => void; peakRss: number; peakRetained: number } {
  let calls = 0;
  const s = {
    peakRss: 0,
    peakRetained: 0,
    sample: (): void => {
      // Every 8th chunk (512 KiB of file): a full collection per chunk would take minutes.
      if (calls++ % 8 !== 0) return;
      // Retained: what is still reachable after a full collection (garbage is not the import's).
      gc?.();
      const m = process.memoryUsage();
      s.peakRss = Math.max(s.peakRss, m.rss);
      s.peakRetained = Math.max(s.peakRetained, m.heapUsed + m.external);
    },
  };
  return s;
}

async function main(): Promise<void> {
  const [mode, file, dir, warmUp] = process.argv.slice(2) as [string, string, string, string];
  const options = { idleTimeoutMs: 300_000, sessionGapMs: 3_600_000, now: Date.now() };
  if (mode !== 'parse') await importHistory({ ...options, file: warmUp, route: () => new SessionStore({ dir: `${dir}-warm-up` }) });
  gc?.();
  const base = process.memoryUsage();
  const m = sampler();
  const t0 = process.hrtime.bigint();
  if (mode === 'parse') {
    const whole = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    m.sample();
    void whole;
  } else {
    // `time`: no sampling (a full collection per chunk would be measured too).
    const onProgress = mode === 'time' ? undefined : m.sample;
    await importHistory({ ...options, file, route: () => new SessionStore({ dir }), onProgress });
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  m.sample();
  process.stdout.write(JSON.stringify({ ms, peakRss: m.peakRss, peakRetained: m.peakRetained, baseRss: base.rss, baseRetained: base.heapUsed + base.external }));
}

void main();
