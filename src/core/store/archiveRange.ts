// Archived sessions that may overlap a time range, found through the month index (archiveIndex.ts)
// instead of by reading the archive. Files the index did not know yet (pulled into any month folder
// up to the range's end) are found by comparing each folder with the index, and learned.
import * as path from 'node:path';
import { errnoCode } from '../errors';
import type { Overlap } from './archiveIndex';
import { problem, readSessionVersion } from './sessionFile';
import type { Listing, SessionStore } from './store';
import { checkStore } from './storeFolder';

/** Archived sessions whose activity may touch [from, to) (ms); open ends read the whole archive. */
export async function listArchivedOverlapping(store: SessionStore, from: number, to: number): Promise<Listing> {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return store.listArchived();
  const out: Listing = { sessions: [], problems: [] };
  // Like every open: the whole path is checked first, so nothing is read through a symlinked parent.
  // The index's first looks (lstats, which open nothing) go alongside; it opens files only after.
  const checked = checkStore(store, false);
  const overlap = store.archiveIndex.overlapping(from, to, checked);
  // Settled here too, so a failure of one while the other is awaited is never unhandled.
  overlap.catch(() => undefined);
  try {
    if (!(await checked)) return out;
  } catch (err) {
    out.problems.push(problem(store.dir, err));
    return out;
  }
  let found: Overlap | undefined;
  try {
    found = await overlap;
  } catch (err) {
    out.problems.push(problem(path.join(store.dir, 'archive'), err));
  }
  if (!found) {
    const all = await store.listArchived();
    return { sessions: all.sessions, problems: [...out.problems, ...all.problems] };
  }
  out.problems.push(...found.problems);
  await readEach(store, found, out);
  out.sessions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

async function readEach(store: SessionStore, found: Overlap, out: Listing): Promise<void> {
  const files = found.files.filter(([id]) => {
    const s = found.read.get(id);
    if (s) out.sessions.push(s);
    return !s;
  });
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
