// Archived sessions that may overlap a time range, found through the month index (archiveIndex.ts)
// instead of by reading the archive. Files the index does not know of yet (put into a month folder
// of the range by another tool) are read too, found by their names alone.
import * as path from 'node:path';
import { errnoCode } from '../errors';
import { monthsBetween, type IndexEntry } from './indexFiles';
import { fileIdentity, lstatOrUndefined } from './fsio';
import { problem, readSessionVersion } from './sessionFile';
import type { Listing, SessionStore } from './store';
import { checkStore } from './storeFolder';

/** Archived sessions whose activity may touch [from, to) (ms); open ends read the whole archive. */
export async function listArchivedOverlapping(store: SessionStore, from: number, to: number): Promise<Listing> {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return store.listArchived();
  const out: Listing = { sessions: [], problems: [] };
  try {
    // Like every open: the whole path is checked first, so nothing is read through a symlinked parent.
    if (!(await checkStore(store, false))) return out;
  } catch (err) {
    out.problems.push(problem(store.dir, err));
    return out;
  }
  const months = monthsBetween(from, to - 1);
  let found: { entries: IndexEntry[]; known: Set<string> } | undefined;
  let named: [string, string[]][] = [];
  try {
    // The folders' names are listed alongside the index, not after it.
    [found, named] = await Promise.all([store.archiveIndex.overlapping(from, to), Promise.all(months.map(async (m) => [m, await monthIds(store, m)] as [string, string[]]))]);
  } catch (err) {
    out.problems.push(problem(path.join(store.dir, 'archive'), err));
  }
  if (!found) {
    const all = await store.listArchived();
    return { sessions: all.sessions, problems: [...out.problems, ...all.problems] };
  }
  const files = new Map(found.entries.map(([id, month]) => [id, month]));
  for (const [month, ids] of named) for (const id of ids) if (!found.known.has(id)) files.set(id, month);
  await readEach(store, [...files], out);
  out.sessions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** Ids in a month folder by name, re-read only when the folder changed (one lstat otherwise). */
const folderCache = new WeakMap<SessionStore, Map<string, { identity: string; ids: string[] }>>();

async function monthIds(store: SessionStore, month: string): Promise<string[]> {
  const st = await lstatOrUndefined(store.fs, path.join(store.dir, 'archive', month));
  if (!st?.isDirectory()) return st ? store.archivedIds(month) : [];
  const cache = folderCache.get(store) ?? new Map<string, { identity: string; ids: string[] }>();
  folderCache.set(store, cache);
  const identity = fileIdentity(st);
  const hit = cache.get(month);
  if (hit?.identity === identity) return hit.ids;
  const ids = await store.archivedIds(month);
  cache.set(month, { identity, ids });
  return ids;
}

async function readEach(store: SessionStore, files: [string, string][], out: Listing): Promise<void> {
  // Bounded parallelism, as for every listing: fast without opening thousands of files at once.
  const width = 16;
  for (let i = 0; i < files.length; i += width) {
    await Promise.all(
      files.slice(i, i + width).map(async ([id, month]) => {
        const file = path.join(store.dir, 'archive', month, `${id}.json`);
        try {
          const v = await readSessionVersion(store.fs, file, id);
          // An entry without a file: a finish that crashed before its archive write, or a deletion.
          if (v) out.sessions.push(v.session);
        } catch (err) {
          if (errnoCode(err) !== 'ENOENT') out.problems.push(problem(file, err));
        }
      }),
    );
  }
}
