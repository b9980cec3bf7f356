// Comparing one month folder of the archive with what the index knows of it. Files arrive in an
// archive without Pulse (a `git pull` of a teammate's sessions, another machine's, a copy) and
// are replaced without it (a pull of a session its owner merged elsewhere). A folder whose
// identity is still the one its stamp recorded has changed in neither way; one that changed is
// listed, and only its new files, and those whose ctime says they changed since, are read.
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { errnoCode } from '../errors';
import { fileIdentity, lstatOrUndefined, ensureRealDir } from './fsio';
import { problem, readSessionVersion, type Problem } from './sessionFile';
import { ARCHIVE, idsIn, type StoreFolder } from './storeFolder';
import { entryOf, folderIdentity, unreadableEntry, type FolderStamp, type IndexEntry } from './indexFiles';
import type { Session } from '../session/schema';

/** What a scan found in one folder. */
export interface FolderScan {
  month: string;
  /** An entry for every session file now in the folder (a file that cannot be read: see unreadableEntry). */
  entries: IndexEntry[];
  /** The stamp to record; undefined when there is no such folder (or it cannot be listed). */
  stamp: FolderStamp | undefined;
  /** Sessions the scan read, by id, so the report that asked need not read them again. */
  read: Map<string, Session>;
  problems: Problem[];
}

/** Whether `stamp` still describes the folder whose lstat is `st` (undefined: no folder). */
export function stampHolds(stamp: FolderStamp | undefined, st: FolderStats | undefined): boolean {
  return st === undefined ? stamp === undefined : stamp?.seen === folderIdentity(st);
}

type FolderStats = Parameters<typeof folderIdentity>[0];

/**
 * Compares folder `month` with `known` (the index's entries of files in it) as of `prev`, its last
 * stamp (undefined: nothing is known to be unchanged, so every file is read). `probe` is the file
 * system's time from before the scan began (fsClock.ts): a folder changed at or after it may change
 * again within the same tick without its identity showing it, so its stamp records no identity.
 */
export async function scanFolder(f: StoreFolder, month: string, known: readonly IndexEntry[], prev: FolderStamp | undefined, probe: number): Promise<FolderScan> {
  const out: FolderScan = { month, entries: [], stamp: undefined, read: new Map(), problems: [] };
  const dir = path.join(f.dir, ARCHIVE, month);
  let names: string[];
  let st: FolderStats;
  try {
    if (!(await ensureRealDir(f.fs, dir, false))) return out;
    // The identity is taken before the listing: whatever changes after it changes the identity too.
    st = await f.fs.promises.lstat(dir);
    names = await f.fs.promises.readdir(dir);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') out.problems.push(problem(dir, err));
    return out;
  }
  const byId = new Map(known.map((e) => [e[0], e]));
  const unreadable: Record<string, string> = {};
  const ids = idsIn(names);
  const width = 16;
  let sure = true;
  for (let i = 0; i < ids.length; i += width) {
    const looked = await Promise.all(ids.slice(i, i + width).map((id) => visit(f, path.join(dir, `${id}.json`), id, byId.get(id), prev, out, unreadable)));
    sure &&= looked.every(Boolean);
  }
  // A file that could not even be looked at leaves the folder unconfirmed: the next report looks again.
  out.stamp = { seen: sure && st.ctimeMs < probe ? folderIdentity(st) : null, since: st.ctimeMs, unreadable };
  return out;
}

/**
 * One file of a scan: kept as the index knows it when unchanged since `prev`, else read. False when
 * it could not be looked at (its entry, if any, is kept, and the problem reported).
 */
async function visit(f: StoreFolder, file: string, id: string, known: IndexEntry | undefined, prev: FolderStamp | undefined, out: FolderScan, unreadable: Record<string, string>): Promise<boolean> {
  const month = out.month;
  // A rebuild (no stamp) reads every file anyway; a scan looks first, to read only what changed.
  let st: Stats | undefined;
  try {
    st = prev ? await lstatOrUndefined(f.fs, file) : undefined;
  } catch (err) {
    if (known) out.entries.push(known);
    out.problems.push(problem(file, err));
    return false;
  }
  if (prev && !st) return true;
  if (known && prev && st && st.ctimeMs < prev.since && !(id in prev.unreadable)) {
    out.entries.push(known);
    return true;
  }
  const first = await attempt(f, file, id);
  // Without a look first (a rebuild), a failure is looked at and tried again, so the identity
  // recorded is of a version that failed: a fix, even in place, is then seen by its identity.
  const failed = 'err' in first && !st ? await lstatOrUndefined(f.fs, file).catch(() => null) : st;
  const r = 'err' in first && !st ? await attempt(f, file, id) : first;
  if ('session' in r) {
    if (r.session) {
      out.read.set(id, r.session);
      out.entries.push(entryOf(r.session, month));
    }
    return true;
  }
  // Gone meanwhile: nothing to index.
  if (errnoCode(r.err) === 'ENOENT' || failed === undefined) return true;
  out.problems.push(problem(file, r.err));
  if (failed === null) {
    if (known) out.entries.push(known);
    return false;
  }
  unreadable[id] = fileIdentity(failed);
  out.entries.push(unreadableEntry(id, month));
  return true;
}

async function attempt(f: StoreFolder, file: string, id: string): Promise<{ session: Session | undefined } | { err: unknown }> {
  try {
    return { session: (await readSessionVersion(f.fs, file, id))?.session };
  } catch (err) {
    return { err };
  }
}
