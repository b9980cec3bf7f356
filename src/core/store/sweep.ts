// Cleanup's sweep: leftovers of crashed writers (temp files, lock directories), removed once old.
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from '../errors';
import { ensureRealDir, TEMP_PATTERN } from './fsio';
import { problem, type Problem } from './sessionFile';
import { LOCK_DIR, type StoreFolder } from './storeFolder';

export interface SweepResult {
  removed: string[];
  problems: Problem[];
}

/**
 * Removes temp files and lock directories older than `cutoff` (ms). Both only ever live in the live
 * folder (archive writes stage their temp file there too), so the cost does not grow with history.
 */
export async function sweepLeftovers(f: StoreFolder, cutoff: number): Promise<SweepResult> {
  const removed: string[] = [];
  const problems: Problem[] = [];
  let entries: nodeFs.Dirent[];
  try {
    if (!(await ensureRealDir(f.fs, f.dir, false))) return { removed, problems };
    entries = await f.fs.promises.readdir(f.dir, { withFileTypes: true });
  } catch (err) {
    return { removed, problems: [problem(f.dir, err)] };
  }
  for (const e of entries) {
    const isTemp = e.isFile() && TEMP_PATTERN.test(e.name);
    const isLock = e.isDirectory() && LOCK_DIR.test(e.name);
    if (!isTemp && !isLock) continue;
    const p = path.join(f.dir, e.name);
    try {
      const st = await f.fs.promises.lstat(p);
      if (st.mtimeMs > cutoff) continue;
      // A lock directory is only ever empty; rmdir (not rm -r) refuses anything else.
      if (isLock) await f.fs.promises.rmdir(p);
      else await f.fs.promises.unlink(p);
      removed.push(p);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') problems.push(problem(p, err));
    }
  }
  return { removed, problems };
}
