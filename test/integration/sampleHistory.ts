// A month of believable history, written straight to a store's archive (fast direct writes, as
// another tool would): two windows that sometimes overlap, idle gaps, a few languages, files and
// branches, and, with `hostile`, a session whose label and file name are HTML.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newSession } from '../../src/core/session/session';
import { appendSpans, type DeltaSpan } from '../../src/core/session/spans';
import { newSessionId } from '../../src/core/session/ids';
import { serialize } from '../../src/core/store/store';
import { iso } from '../../src/core/time';
import type { Session } from '../../src/core/session/schema';
import { prng } from '../helpers/prng';

/** Written (relative to the workspace folder) when a suite's host tests are done with the store. */
export const HOST_DONE_FILE = path.join('.vscode', 'pulse-host-tests-done');

export const HOSTILE_LABEL = '<img src=x onerror=alert(1)><b id="pulse-injected">bold</b>';
export const HOSTILE_FILE = 'src/<img src=x onerror=alert(1)>.ts';

const MIN = 60_000;
/**
 * The person of the history: the one the test window records as too (with no git identity in the
 * test's home, the extension falls back to the OS user name), so it is one person's time.
 */
const SAMPLE_USER = os.userInfo().username;
const FILES: [string, string][] = [
  ['src/parser.ts', 'typescript'],
  ['src/lexer.ts', 'typescript'],
  ['src/dashboard.ts', 'typescript'],
  ['test/parser.test.ts', 'typescript'],
  ['README.md', 'markdown'],
  ['package.json', 'json'],
  ['styles/app.css', 'css'],
];
const BRANCHES = ['main', 'feature/dashboard', 'fix/lexer-unicode'];
const LABELS = ['Parser refactor', 'Dashboard charts', 'Code review', null, 'Release notes', null];

/** Lays the files' stretches along the segments, in order, as Pulse's tracker records them. */
function spansAlong(segments: [number, number][], files: Record<string, number>, languages: Record<string, number>): DeltaSpan[] {
  const language = (file: string): string | undefined => FILES.find(([f]) => f === file)?.[1] ?? Object.keys(languages)[0];
  const queue = Object.entries(files).map(([f, sec]) => [f, Math.round(sec * 1000)] as [string, number]);
  const out: DeltaSpan[] = [];
  for (const [a, b] of segments) {
    let t = a;
    while (t < b && queue.length > 0) {
      const head = queue[0]!;
      const take = Math.min(head[1], b - t);
      out.push([t, t + take, language(head[0]), head[0]]);
      t += take;
      head[1] -= take;
      if (head[1] <= 0) queue.shift();
    }
  }
  return out;
}

export function finishedSession(raw: [number, number][], o: { label?: string | null; branch?: string; files?: Record<string, number>; languages?: Record<string, number> } = {}): Session {
  // Session times are whole milliseconds.
  const segments = raw.map(([a, b]) => [Math.round(a), Math.round(b)] as [number, number]);
  const start = segments[0]![0];
  const end = segments[segments.length - 1]![1];
  const total = segments.reduce((a, [x, y]) => a + (y - x), 0) / 1000;
  const s = newSession({ id: newSessionId(start), now: start, owner: { host: 'sample', pid: 1, instance: 'sample', user: SAMPLE_USER }, label: o.label ?? null, branch: o.branch ?? null });
  return {
    ...s,
    status: 'completed',
    lastHeartbeat: iso(end),
    lastActivity: iso(end),
    endedAt: iso(end),
    closedAt: iso(end + 5 * MIN),
    endReason: 'idle',
    revision: 1 + segments.length,
    heartbeats: Math.round(total / 60),
    segments: segments.map(([a, b]) => [iso(a), iso(b)]),
    activeSeconds: total,
    languages: o.languages ?? {},
    files: o.files ?? {},
    ...appendSpans(s, spansAlong(segments, o.files ?? {}, o.languages ?? {}), o.branch ?? null),
  };
}

export function writeArchived(storeDir: string, sessions: readonly Session[]): void {
  const made = new Set<string>();
  for (const s of sessions) {
    const dir = path.join(storeDir, 'archive', s.startedAt.slice(0, 7));
    if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
    made.add(dir);
    fs.writeFileSync(path.join(dir, `${s.id}.json`), serialize(s));
  }
}

/** Splits a session's time over a few files (and their languages). */
function spread(rnd: () => number, seconds: number): { files: Record<string, number>; languages: Record<string, number> } {
  const files: Record<string, number> = {};
  const languages: Record<string, number> = {};
  let left = seconds;
  while (left > 0) {
    const [file, lang] = FILES[Math.floor(rnd() * FILES.length)]!;
    const part = Math.min(left, Math.round(300 + rnd() * 1800));
    files[file] = (files[file] ?? 0) + part;
    languages[lang] = (languages[lang] ?? 0) + part;
    left -= part;
  }
  return { files, languages };
}

/** Sessions of the last `days` days before today, and a few today that end before `now`. */
export function sampleHistory(now: number, days = 30, hostile = true): Session[] {
  const rnd = prng(42);
  const out: Session[] = [];
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  for (let d = days; d >= 1; d--) {
    const day = new Date(midnight);
    day.setDate(day.getDate() - d);
    if ([0, 6].includes(day.getDay()) && rnd() < 0.7) continue;
    let t = day.getTime() + (8 + rnd() * 2) * 60 * MIN;
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
      const segs: [number, number][] = [];
      for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
        const len = (20 + rnd() * 70) * MIN;
        segs.push([t, t + len]);
        t += len + (5 + rnd() * 40) * MIN;
      }
      const seconds = segs.reduce((a, [x, y]) => a + (y - x), 0) / 1000;
      out.push(finishedSession(segs, { label: LABELS[Math.floor(rnd() * LABELS.length)] ?? null, branch: BRANCHES[Math.floor(rnd() * BRANCHES.length)]!, ...spread(rnd, seconds) }));
      t += (20 + rnd() * 90) * MIN;
    }
  }
  // Today: two windows that overlap for a while, with idle gaps, all before `now`.
  const ago = (m: number): number => now - m * MIN;
  const todays: [[number, number][], string | null, string][] = [
    [[[ago(250), ago(200)], [ago(185), ago(130)]], 'Parser refactor', 'main'],
    [[[ago(215), ago(170)], [ago(120), ago(95)]], null, 'feature/dashboard'],
  ];
  if (hostile) todays.push([[[ago(80), ago(45)]], HOSTILE_LABEL, '<script>alert(2)</script>']);
  for (const [segs, label, branch] of todays) {
    const seconds = segs.reduce((a, [x, y]) => a + (y - x), 0) / 1000;
    const extra = label === HOSTILE_LABEL ? { files: { [HOSTILE_FILE]: seconds }, languages: { typescript: seconds } } : spread(rnd, seconds);
    out.push(finishedSession(segs, { label, branch, ...extra }));
  }
  return out;
}
