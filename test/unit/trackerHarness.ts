// Shared by the tracker tests: a fake clock (wall + monotonic + timers), real stores in real temp
// folders, and a log that remembers what it was told.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionStore } from '../../src/core/store/store';
import { Tracker } from '../../src/core/tracking/tracker';
import { iso } from '../../src/core/time';
import type { Disposable, Logger } from '../../src/core/ports';
import type { Session } from '../../src/core/session/schema';
import type { ActivityInfo, MonotonicClock, Timers, TrackedFolder, TrackerOptions } from '../../src/core/tracking/trackerTypes';

interface FakeTimer {
  due: number;
  every: number | undefined;
  fn: () => void;
}

/**
 * Wall clock, monotonic clock and timers under the test's control. Timers run on monotonic time,
 * as libuv's do, so a sleep (wall time only) fires nothing and leaves the ticks where they were.
 */
export class FakeTime implements MonotonicClock, Timers {
  wall: number;
  mono = 1_000_000;
  /** Awaited after every timer callback, so writes a tick starts finish before time moves on. */
  settle: () => Promise<unknown> = () => Promise.resolve();
  private readonly timers = new Set<FakeTimer>();

  constructor(start: number) {
    this.wall = start;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  setInterval(fn: () => void, ms: number): Disposable {
    return this.add({ due: this.mono + ms, every: ms, fn });
  }

  setTimeout(fn: () => void, ms: number): Disposable {
    return this.add({ due: this.mono + ms, every: undefined, fn });
  }

  /** Both clocks move by ms; due timers fire in order. */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new Error(`FakeTime cannot go back (${ms} ms); use sleep() or set wall for clock changes`);
    const end = this.mono + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) if (t.due <= end && (!next || t.due < next.due)) next = t;
      if (!next) break;
      this.wall += next.due - this.mono;
      this.mono = next.due;
      if (next.every !== undefined) next.due += next.every;
      else this.timers.delete(next);
      next.fn();
      await this.settle();
    }
    this.wall += end - this.mono;
    this.mono = end;
  }

  async advanceTo(wall: number): Promise<void> {
    await this.advance(wall - this.wall);
  }

  /** The machine sleeps: the wall clock moves, the monotonic clock does not, no timer fires. */
  sleep(ms: number): void {
    this.wall += ms;
  }

  private add(t: FakeTimer): Disposable {
    this.timers.add(t);
    return { dispose: () => this.timers.delete(t) };
  }
}

export class MemoryLog implements Logger {
  readonly lines: { level: string; message: string }[] = [];
  trace(message: string): void {
    this.lines.push({ level: 'trace', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string | Error): void {
    this.lines.push({ level: 'error', message: String(message) });
  }
  count(pattern: RegExp): number {
    return this.lines.filter((l) => pattern.test(l.message)).length;
  }
}

const tempDirs: string[] = [];

/** A workspace folder in a real temp directory, with its store at .vscode/sessions. */
export function tempFolder(time: FakeTime, key = 'ws'): TrackedFolder & { storeDir: string } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `pulse-tracker-${key}-`)));
  tempDirs.push(dir);
  const storeDir = path.join(dir, '.vscode', 'sessions');
  return { key, path: dir, storeDir, store: new SessionStore({ dir: storeDir, clock: time }) };
}

export function removeTempFolders(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export interface Rig {
  time: FakeTime;
  log: MemoryLog;
  tracker: Tracker;
}

/** A tracker on a fake clock whose writes settle after every tick. */
export function rig(time: FakeTime, folders: TrackedFolder[], o: Partial<TrackerOptions> = {}): Rig {
  const log = new MemoryLog();
  const tracker = new Tracker({ folders, clock: time, monotonic: time, timers: time, log, ...o });
  const before = time.settle;
  time.settle = async () => {
    await before();
    await tracker.whenIdle();
  };
  return { time, log, tracker };
}

/** Events every `everyMs` from now through now + durationMs inclusive; the clock ends at the last one. */
export async function typeFor(r: { time: FakeTime; tracker: Tracker }, durationMs: number, everyMs: number, info: ActivityInfo, kind: 'edit' | 'terminal' = 'edit'): Promise<void> {
  const end = r.time.now() + durationMs;
  for (;;) {
    r.tracker.record(kind, info);
    if (r.time.now() + everyMs > end) break;
    await r.time.advance(everyMs);
  }
}

/** Every session in a store, live and archived, oldest first. */
export async function sessionsOf(store: SessionStore): Promise<Session[]> {
  const [live, archived] = await Promise.all([store.listLive(), store.listArchived()]);
  return [...archived.sessions, ...live.sessions].sort((a, b) => (a.startedAt < b.startedAt ? -1 : 1));
}

/** Expected segments, written as offsets in seconds from t0. */
export function segs(t0: number, ...pairs: [number, number][]): [string, string][] {
  return pairs.map(([a, b]) => [iso(t0 + a * 1000), iso(t0 + b * 1000)]);
}

export const S = 1000;
export const MIN = 60 * S;
export const HOUR = 60 * MIN;
