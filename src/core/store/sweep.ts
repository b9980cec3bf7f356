// Cleanup's sweep: leftovers of crashed writers. Temp files and folders go once old; a lock folder
// goes only when its holder is dead, judged exactly as a lock taker judges it, so a lock that may be
// held is never removed. Every lock lives in the live folder (archived sessions' too), so the sweep
// never reads the archive and its cost does not grow with history.
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from '../errors';
import { TEMP_PATTERN } from './fsio';
import { evict, judgeLock, removeLockFolder, type LockSettings } from './lock';
import { problem, type Problem } from './sessionFile';
import { LOCK_DIR, checkStore, type StoreFolder } from './storeFolder';

export interface SweepResult {
  removed: string[];
  problems: Problem[];
}

/**
 * Removes temp files (and a crashed lock taker's staging folders) older than `cutoff` (ms), and lock
 * folders whose holder is dead.
 */
export async function sweepLeftovers(f: StoreFolder, cutoff: number, lock: LockSettings): Promise<SweepResult> {
  const out: SweepResult = { removed: [], problems: [] };
  let entries: nodeFs.Dirent[];
  try {
    if (!(await checkStore(f, false))) return out;
    entries = await f.fs.promises.readdir(f.dir, { withFileTypes: true });
  } catch (err) {
    return { removed: [], problems: [problem(f.dir, err)] };
  }
  for (const e of entries) {
    const p = path.join(f.dir, e.name);
    if (TEMP_PATTERN.test(e.name) && (e.isFile() || e.isDirectory())) await attempt(out, p, () => removeOldTemp(f, p, e.isDirectory(), cutoff));
    else if (e.isDirectory() && LOCK_DIR.test(e.name)) await attempt(out, p, () => removeDeadLock(f, p, lock));
  }
  return out;
}

async function attempt(out: SweepResult, p: string, task: () => Promise<boolean>): Promise<void> {
  try {
    if (await task()) out.removed.push(p);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') out.problems.push(problem(p, err));
  }
}

async function removeOldTemp(f: StoreFolder, p: string, isDir: boolean, cutoff: number): Promise<boolean> {
  const st = await f.fs.promises.lstat(p);
  if (st.mtimeMs > cutoff) return false;
  if (isDir) await removeLockFolder(f.fs, p);
  else await f.fs.promises.unlink(p);
  return true;
}

async function removeDeadLock(f: StoreFolder, p: string, lock: LockSettings): Promise<boolean> {
  const judged = await judgeLock(f.fs, p, lock.staleMs);
  return judged !== 'alive' && judged !== 'gone' && evict(f.fs, p, judged, f.log);
}
