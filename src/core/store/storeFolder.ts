// What the store's parts share: the folder, its injected fs and log, and the names inside it.
import * as path from 'node:path';
import { ensureStorePath, type StoreFs } from './fsio';
import type { Logger } from '../ports';
import { isValidId, type Session } from '../session/schema';
import { monthOf } from '../session/ids';
import { checkId } from './sessionFile';

export const ARCHIVE = 'archive';
export const MONTH_DIR = /^\d{4}-\d{2}$/;
export const LIVE_FILE = /^(.+)\.json$/;
export const LOCK_DIR = /^.+\.json\.lock$/;

export interface StoreFolder {
  readonly dir: string;
  /** The workspace folder (or an explicit `--dir`): every folder below it down to `dir` is checked. */
  readonly root: string;
  readonly fs: StoreFs;
  readonly log: Logger;
}

export function livePathIn(dir: string, id: string): string {
  return path.join(dir, `${checkId(id)}.json`);
}

export function archivePathIn(dir: string, s: Pick<Session, 'id' | 'startedAt'>): string {
  return path.join(dir, ARCHIVE, monthOf(s.startedAt), `${checkId(s.id)}.json`);
}

/** Session ids among directory entry names (`<id>.json`), sorted; anything else is ignored. */
export function idsIn(names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const m = LIVE_FILE.exec(n);
    if (m && isValidId(m[1]!)) out.push(m[1]!);
  }
  return out.sort();
}

/**
 * Checks, on every open and before the first write, that the store is still inside its root: every
 * folder on the way is a real one. With `create`, makes the missing ones. Answers whether it exists.
 */
export function checkStore(f: StoreFolder, create: boolean): Promise<boolean> {
  return ensureStorePath(f.fs, f.root, f.dir, create);
}
