// The tracker's cost on the typing path, its writes per simulated hour, and its memory under a flood
// of distinct files. Ratios are measured within one run, so the machine's speed cancels out.
//   node --expose-gc out/test/bench/trackerBench.js   (or through bench.js)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionStore } from '../../src/core/store/store';
import { Tracker } from '../../src/core/tracking/tracker';
import { FakeTime, HOUR, removeTempFolders, rig, sessionsOf, tempFolder, typeFor } from '../unit/trackerHarness';
import type { ActivityInfo, Timers } from '../../src/core/tracking/trackerTypes';
import type { Row } from './measure';

const EVENTS = 1_000_000;
/** No tick during a measurement: only the typing path is timed. */
const noTimers: Timers = {
  setInterval: () => ({ dispose: () => undefined }),
  setTimeout: () => ({ dispose: () => undefined }),
};

function gc(): (() => void) | undefined {
  return (globalThis as { gc?: () => void }).gc;
}

function realTracker(dir: string): Tracker {
  const store = new SessionStore({ dir: path.join(dir, '.vscode', 'sessions') });
  return new Tracker({ folders: [{ key: 'ws', path: dir, store }], timers: noTimers, settings: { heartbeatIntervalMs: HOUR } });
}

/** Events in bursts: `burst` events on one file, then the next of `files` files. */
function stream(dir: string, files: number, burst: number): ActivityInfo[] {
  const out: ActivityInfo[] = [];
  for (let f = 0; f < files; f++) {
    const info = { file: path.join(dir, 'src', `file${f}.ts`), language: f % 3 === 0 ? 'json' : 'typescript', folder: 'ws' };
    for (let i = 0; i < burst; i++) out.push(info);
  }
  return out;
}

function nsPerEvent(run: () => void): number {
  const t = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - t) / EVENTS;
}

/** Best of several interleaved runs: the tracker's cost per event over a bare Map.set + Date.now(). */
function costRatio(dir: string, events: ActivityInfo[]): { ratio: number; tracker: number; base: number } {
  const tracker = realTracker(dir);
  let sink = 0;
  const base = (): void => {
    const m = new Map<string | undefined, number>();
    for (let i = 0; i < EVENTS; i++) m.set(events[i % events.length]!.file, Date.now());
    sink += m.size;
  };
  const tracked = (): void => {
    for (let i = 0; i < EVENTS; i++) tracker.record('edit', events[i % events.length]);
  };
  let bestBase = Infinity;
  let bestTracker = Infinity;
  for (let round = 0; round < 7; round++) {
    bestBase = Math.min(bestBase, nsPerEvent(base));
    bestTracker = Math.min(bestTracker, nsPerEvent(tracked));
  }
  tracker.dispose();
  if (sink < 0) console.log(sink);
  return { ratio: bestTracker / bestBase, tracker: bestTracker, base: bestBase };
}

async function writesPerHour(typing: boolean): Promise<number> {
  const time = new FakeTime(Date.UTC(2026, 0, 5, 9));
  const f = tempFolder(time);
  const r = rig(time, [f]);
  const info = { file: path.join(f.path, 'src', 'main.ts'), language: 'typescript', folder: 'ws' };
  let before = 0;
  if (typing) {
    await typeFor(r, HOUR, 200, info);
  } else {
    // A session exists and everything is written; then nobody touches the window for an hour.
    await typeFor(r, 10_000, 1000, info);
    await r.tracker.flush();
    before = (await sessionsOf(f.store))[0]!.revision;
    await time.advance(HOUR);
  }
  await r.tracker.whenIdle();
  const [s] = await sessionsOf(f.store);
  r.tracker.dispose();
  // Every write adds one to `revision`, the create included.
  return s!.revision - before;
}

/**
 * The size of the session file after an hour of typing (an event every second) across 30 files in
 * two languages and two branches, moving to the next file every 30 s: 120 stretches to attribute.
 */
async function fileSizeForHour(): Promise<{ bytes: number; spans: number }> {
  const time = new FakeTime(Date.UTC(2026, 0, 5, 9));
  const f = tempFolder(time);
  const r = rig(time, [f]);
  for (let i = 0; i < 120; i++) {
    r.tracker.setBranch('ws', i < 60 ? 'main' : 'feature/parser');
    const n = i % 30;
    await typeFor(r, 29_000, 1000, { file: path.join(f.path, 'src', `module${n}`, `file${n}.ts`), language: n % 3 === 0 ? 'json' : 'typescript', folder: 'ws' });
    await time.advance(1000);
  }
  await r.tracker.flush();
  const [s] = await sessionsOf(f.store);
  r.tracker.dispose();
  return { bytes: fs.statSync(f.store.livePath(s!.id)).size, spans: s!.spans?.length ?? 0 };
}

function heapUsedAfterGc(collect: () => void): number {
  for (let i = 0; i < 4; i++) collect();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap growth across 1,000,000 events on a fresh tracker, the tracker still alive. A first,
 * unmeasured round lets the process settle: a young process frees several hundred KB of start-up
 * memory while it runs, which would otherwise show up as a negative growth.
 */
function heapGrowth(dir: string): number | undefined {
  const collect = gc();
  if (!collect) return undefined;
  const events = stream(dir, 5000, 1);
  let growth = 0;
  for (let round = 0; round < 2; round++) {
    const before = heapUsedAfterGc(collect);
    const tracker = realTracker(dir);
    for (let i = 0; i < EVENTS; i++) tracker.record('edit', events[i % events.length]);
    growth = heapUsedAfterGc(collect) - before;
    tracker.dispose();
  }
  return growth;
}

export async function runTrackerBench(): Promise<Row[]> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-bench-')));
  try {
    // Heap first, while the process is fresh.
    const heap = heapGrowth(dir);
    const typical = costRatio(dir, stream(dir, 200, 25));
    const worst = costRatio(dir, stream(dir, 5000, 1));
    const typingWrites = await writesPerHour(true);
    const idleWrites = await writesPerHour(false);
    const size = await fileSizeForHour();
    const ns = (c: { tracker: number; base: number }): string => `${c.tracker.toFixed(1)} ns vs ${c.base.toFixed(1)} ns`;
    return [
      { measure: 'Cost per event vs Map.set + Date.now() (bursts of 25 events per file)', value: `${typical.ratio.toFixed(2)}× (${ns(typical)})`, goal: '≤ 3×', ok: typical.ratio <= 3 },
      { measure: 'Cost per event, a different file every event (worst case, for information)', value: `${worst.ratio.toFixed(2)}× (${ns(worst)})`, goal: 'info', ok: true },
      { measure: 'Writes for a simulated hour of typing (an event every 200 ms)', value: String(typingWrites), goal: '≤ 60', ok: typingWrites <= 60 },
      { measure: 'Writes for a simulated idle hour', value: String(idleWrites), goal: '≤ 12', ok: idleWrites <= 12 },
      {
        measure: 'Session file after an hour of typing across 30 files (120 stretches, 2 branches)',
        value: `${(size.bytes / 1024).toFixed(1)} KB, ${size.spans} spans`,
        goal: '≤ 10 KB',
        ok: size.bytes <= 10 * 1024,
      },
      {
        measure: 'Heap growth after 1,000,000 events over 5,000 distinct files, after GC',
        value: heap === undefined ? 'not measured (run node with --expose-gc)' : `${(heap / 1024).toFixed(0)} KB`,
        goal: '≤ 1 MB',
        ok: heap !== undefined && heap <= 1024 * 1024,
      },
    ];
  } finally {
    removeTempFolders();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly (not when bundled into bench.js, which has its own entry point).
if (process.argv[1]?.endsWith('trackerBench.js')) {
  void runTrackerBench().then(
    (rows) => {
      console.table(rows);
      if (rows.some((r) => !r.ok)) process.exitCode = 1;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
