// Import figures: a year of WakaTime heartbeats (500,000, about 150 MB) imported by streaming,
// against loading the same file whole with JSON.parse, each in its own process. The goal is memory
// that follows the largest session, not the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { removeDir, tempDir } from '../helpers/tempStore';
import type { Row } from './measure';

const HEARTBEATS = 500_000;
const DAYS = 365;
const PER_DAY = Math.ceil(HEARTBEATS / DAYS);
const STEP_S = 20;

interface Generated {
  bytes: number;
  /** Source bytes of the largest session (its heartbeats as they stand in the file). */
  largestSessionBytes: number;
  sessions: number;
}

/**
 * Writes the dump as a stream: each day two sessions (morning and afternoon, split by a 90-minute
 * lunch, longer than the session gap), a heartbeat every 20 s, files and languages rotating.
 */
export async function generate(file: string, heartbeats = HEARTBEATS): Promise<Generated> {
  const out = fs.createWriteStream(file);
  const write = (s: string): Promise<void> => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', () => r())));
  const start = Date.UTC(2025, 0, 1, 8) / 1000;
  let bytes = 0;
  let largest = 0;
  let sessions = 0;
  const put = async (s: string): Promise<void> => {
    bytes += Buffer.byteLength(s);
    await write(s);
  };
  await put('{"user":{"username":"bench"},"range":{"start":0,"end":0},"days":[');
  let n = 0;
  for (let d = 0; d < DAYS && n < heartbeats; d++) {
    await put(`${d ? ',' : ''}{"date":"${new Date((start + d * 86400) * 1000).toISOString().slice(0, 10)}","heartbeats":[`);
    let session = 0;
    for (let i = 0; i < PER_DAY && n < heartbeats; i++, n++) {
      const lunch = i >= PER_DAY / 2 ? 90 * 60 : 0;
      if (i === 0 || (lunch && i === Math.ceil(PER_DAY / 2))) {
        largest = Math.max(largest, session);
        session = 0;
        sessions++;
      }
      const t = start + d * 86400 + i * STEP_S + lunch;
      const hb = JSON.stringify({
        time: t + 0.123,
        entity: `/home/bench/code/pulse/src/module${i % 40}/file${i % 7}.ts`,
        type: 'file',
        category: i % 50 === 0 ? 'browsing' : 'coding',
        project: 'pulse',
        branch: `feature/PUL-${d % 30}-work`,
        language: i % 9 === 0 ? 'Markdown' : 'TypeScript',
        is_write: i % 3 === 0,
        lines: 200 + (i % 100),
        lineno: i % 200,
        cursorpos: i % 80,
        machine_name_id: 'm-bench',
        user_agent_id: 'ua-bench',
      });
      session += Buffer.byteLength(hb) + 1;
      await put(`${i ? ',' : ''}${hb}`);
    }
    largest = Math.max(largest, session);
    await put(']}');
  }
  await put(']}\n');
  await new Promise<void>((r) => out.end(r));
  return { bytes, largestSessionBytes: largest, sessions };
}

interface Timed {
  ms: number;
  peakRss: number;
}

interface Retained {
  peakRetained: number;
  baseRetained: number;
}

/**
 * The retained-memory run has V8's optimizing compilers off (the interpreter alone, whose bytecode
 * the warm-up compiles): the code they compile is the engine's, not the import's data, and how much
 * of it there is depends on when V8 gets round to compiling, not on the file (0.2 to 0.7 MB more
 * with them on, across warm-ups from two days to the whole file). The data held is the same either way.
 */
const RETAINED_FLAGS = ['--no-opt', '--no-sparkplug'];

function child<T>(mode: 'time' | 'retained' | 'parse', file: string, dir: string, warmUp: string): T {
  const flags = ['--expose-gc', ...(mode === 'retained' ? RETAINED_FLAGS : [])];
  const r = spawnSync(process.execPath, [...flags, path.join(__dirname, 'importChild.js'), mode, file, dir, warmUp], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;

export async function runImportBench(): Promise<Row[]> {
  const dir = tempDir('pulse-bench-import-');
  try {
    const file = path.join(dir, 'wakatime.json');
    const g = await generate(file);
    // Two days of the same shape, imported first in each process: the bytecode compiled and the
    // modules loaded on first use are then in the baseline, and the figure is what the data costs.
    const warmUp = path.join(dir, 'warm-up.json');
    await generate(warmUp, 2 * PER_DAY);
    const timed = child<Timed>('time', file, path.join(dir, 'timed'), warmUp);
    const imported = child<Retained>('retained', file, path.join(dir, 'store'), warmUp);
    const parsed = child<Timed>('parse', file, path.join(dir, 'unused'), warmUp);
    const retained = imported.peakRetained - imported.baseRetained;
    const written = fs.readdirSync(path.join(dir, 'store', 'archive')).reduce((n, m) => n + (m === 'index' ? 0 : fs.readdirSync(path.join(dir, 'store', 'archive', m)).length), 0);
    return [
      { measure: `import ${HEARTBEATS.toLocaleString('en')} heartbeats (${mb(g.bytes)}, ${written} sessions)`, value: `${(timed.ms / 1000).toFixed(1)} s`, goal: '< 60 s', ok: timed.ms < 60_000 && written === g.sessions },
      { measure: 'import time / JSON.parse of the whole file', value: `${(timed.ms / parsed.ms).toFixed(1)}x`, goal: 'reported', ok: true },
      {
        measure: `import peak retained memory / largest session's data (${mb(g.largestSessionBytes)})`,
        value: `${(retained / g.largestSessionBytes).toFixed(2)}x`,
        goal: '< 3x',
        ok: retained < 3 * g.largestSessionBytes,
      },
      { measure: 'import peak RSS / file size', value: `${(timed.peakRss / g.bytes).toFixed(2)}x`, goal: '< 1x (not the file)', ok: timed.peakRss < g.bytes },
      { measure: 'import peak RSS / JSON.parse peak RSS', value: `${(timed.peakRss / parsed.peakRss).toFixed(2)}x`, goal: '< 0.5x', ok: timed.peakRss < parsed.peakRss / 2 },
    ];
  } finally {
    removeDir(dir);
  }
}
