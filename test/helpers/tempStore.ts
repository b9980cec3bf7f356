import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionStore, type StoreOptions } from '../../src/core/store/store';
import { newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import type { Session } from '../../src/core/session/schema';

export function tempDir(prefix = 'pulse-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface ManualClock {
  now(): number;
  set(t: number): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2026-03-02T09:00:00.000Z')): ManualClock {
  let t = start;
  return { now: () => t, set: (v) => (t = v), advance: (d) => (t += d) };
}

export function makeStore(dir: string, o: Partial<StoreOptions> = {}): SessionStore {
  return new SessionStore({ dir, lock: { staleMs: 2000 }, ...o });
}

export const testOwner = { host: 'test-host', pid: 1, instance: 'test' };

export async function createSession(store: SessionStore, now: number, extra: Partial<Session> = {}): Promise<Session> {
  return store.create({ ...newSession({ id: newSessionId(now), now, owner: testOwner }), ...extra });
}

/** Every file below dir (relative), for "nothing else was written" assertions. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(path.relative(dir, p) + (e.isDirectory() ? '/' : ''));
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Temp folders for one test file: `fresh()` makes one, `removeAll()` (in afterEach) deletes them. */
export function tempDirs(prefix?: string): { fresh: () => string; removeAll: () => void } {
  const dirs: string[] = [];
  return {
    fresh: () => {
      const d = tempDir(prefix);
      dirs.push(d);
      return d;
    },
    removeAll: () => dirs.splice(0).forEach(removeDir),
  };
}

/**
 * Time passes for the store's files: every live session file and lock directory in `dir` gets an
 * mtime `ms` earlier. Cleanup judges silence in the file system's time, so a test that moves its
 * own clock forward moves the files' time with it.
 */
export function ageStore(dir: string, ms: number): void {
  for (const name of fs.readdirSync(dir)) {
    if (!/\.json(\.lock)?$/.test(name) && !/\.tmp$/.test(name)) continue;
    const p = path.join(dir, name);
    const st = fs.lstatSync(p);
    const t = new Date(st.mtimeMs - ms);
    fs.utimesSync(p, t, t);
  }
}
