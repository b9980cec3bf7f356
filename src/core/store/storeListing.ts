// Reading the store without locks: listings of live and archived sessions, and ids from file names.
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { ensureRealDir, lstatOrUndefined, TEMP_PATTERN } from './fsio';
import { isValidId, type Session } from '../session/schema';
import { monthOfId, startOfId } from '../session/ids';
import { segmentsOf } from '../session/session';
import { totalMs, union } from '../session/segments';
import { problem, readSessionVersion, type Problem } from './sessionFile';
import { ARCHIVE, LIVE_FILE, LOCK_DIR, MONTH_DIR, archivePathIn, idsIn, checkStore, type StoreFolder } from './storeFolder';

export interface Listing {
  sessions: Session[];
  problems: Problem[];
}

export interface LiveListing extends Listing {
  /**
   * Ids found both live and archived: a finish that was interrupted between its two steps. The
   * archived copy wins, so they are not in `sessions`; cleanup completes their move.
   */
  moving: string[];
}

export interface MonthRange {
  /** Inclusive, YYYY-MM. */
  from?: string;
  /** Inclusive, YYYY-MM. */
  to?: string;
  /**
   * Skip, without reading them, files whose id says the session started before this instant (ms).
   * Ids other tools made carry no start time and are always read.
   */
  startedAfter?: number;
}

export async function readSession(f: StoreFolder, file: string, id: string): Promise<Session | undefined> {
  return (await readSessionVersion(f.fs, file, id))?.session;
}

/** The live (active or paused) sessions. Cost grows with live files only, never with the archive. */
export async function listLive(f: StoreFolder): Promise<LiveListing> {
  const out: LiveListing = { sessions: [], problems: [], moving: [] };
  let entries: nodeFs.Dirent[];
  try {
    if (!(await checkStore(f, false))) return out;
    entries = await f.fs.promises.readdir(f.dir, { withFileTypes: true });
  } catch (err) {
    out.problems.push(problem(f.dir, err));
    return out;
  }
  const files: { file: string; id: string }[] = [];
  for (const e of entries) {
    if (e.name === ARCHIVE || e.name === '.gitignore' || TEMP_PATTERN.test(e.name) || LOCK_DIR.test(e.name)) continue;
    const m = LIVE_FILE.exec(e.name);
    const file = path.join(f.dir, e.name);
    if (!m || !isValidId(m[1]!)) {
      out.problems.push({ path: file, code: 'EFOREIGN', message: 'not a session file name; ignored' });
      continue;
    }
    files.push({ file, id: m[1]! });
  }
  await readAll(f, files, out);
  // Archived wins: a live file whose archived copy exists is a move in progress, not a live session.
  const archived = await Promise.all(out.sessions.map((s) => lstatOrUndefined(f.fs, archivePathIn(f.dir, s)).catch(() => undefined)));
  out.moving = out.sessions.filter((_, i) => archived[i]).map((s) => s.id);
  out.sessions = out.sessions.filter((_, i) => !archived[i]);
  out.sessions.sort(byId);
  return out;
}

/**
 * Live and archived sessions together, each id once. The live folder is read first and the archive
 * after, so a session that moves meanwhile is seen in one or the other (or both: the archived copy
 * wins), never in neither.
 */
export async function listAll(f: StoreFolder, range: MonthRange = {}): Promise<Listing> {
  const live = await listLive(f);
  const archived = await listArchived(f, range);
  return { sessions: countedOnce(live.sessions, archived.sessions).sort(byId), problems: [...live.problems, ...archived.problems] };
}

/**
 * Live and archived sessions read one after the other, each counted once: an id found in both is
 * its archived copy (archived wins), and a session a merge already holds is left out (merged wins).
 */
export function countedOnce(live: readonly Session[], archived: readonly Session[]): Session[] {
  const done = new Set(archived.map((s) => s.id));
  return withoutMerged([...archived, ...live.filter((s) => !done.has(s.id))]);
}

/**
 * Leaves out the sessions that another one in the list holds: a merge cut short between writing the
 * merged session and deleting the later file leaves both. The merged one names the later in
 * `mergedFrom`; it is believed only when it does cover all of that session's activity (a file
 * claiming a session it does not hold hides nothing), and a claimant that is itself held by
 * another hides nothing either, so two files naming each other never hide both.
 */
export function withoutMerged(sessions: Session[]): Session[] {
  const byIdMap = new Map(sessions.map((s) => [s.id, s]));
  const hidden = new Set<string>();
  for (const y of [...sessions].sort(byId)) {
    if (!y.mergedFrom?.length || hidden.has(y.id)) continue;
    const covered = union(segmentsOf(y));
    for (const id of y.mergedFrom) {
      const x = byIdMap.get(id);
      if (!x || x === y || hidden.has(id)) continue;
      if (totalMs(union([...covered, ...segmentsOf(x)])) === totalMs(covered)) hidden.add(id);
    }
  }
  return hidden.size === 0 ? sessions : sessions.filter((s) => !hidden.has(s.id));
}

/** Archived sessions, optionally only those of start months within `range`. */
export async function listArchived(f: StoreFolder, range: MonthRange = {}): Promise<Listing> {
  const out: Listing = { sessions: [], problems: [] };
  const archive = path.join(f.dir, ARCHIVE);
  let months: string[];
  try {
    months = await archiveMonths(f);
  } catch (err) {
    out.problems.push(problem(archive, err));
    return out;
  }
  for (const month of months) {
    if ((range.from && month < range.from) || (range.to && month > range.to)) continue;
    const dir = path.join(archive, month);
    try {
      const after = range.startedAfter;
      const ids = (await archivedIds(f, month)).filter((id) => after === undefined || (startOfId(id) ?? Infinity) >= after);
      await readAll(f, ids.map((id) => ({ file: path.join(dir, `${id}.json`), id })), out);
    } catch (err) {
      out.problems.push(problem(dir, err));
    }
  }
  out.sessions = withoutMerged(out.sessions).sort(byId);
  return out;
}

/** Ids of the live files, from their names alone (nothing is read). */
export async function liveIds(f: StoreFolder): Promise<string[]> {
  if (!(await checkStore(f, false))) return [];
  return idsIn(await f.fs.promises.readdir(f.dir));
}

/** The archive's month folders (YYYY-MM), oldest first. No session is read. */
export async function archiveMonths(f: StoreFolder): Promise<string[]> {
  const archive = path.join(f.dir, ARCHIVE);
  if (!(await checkStore(f, false)) || !(await ensureRealDir(f.fs, archive, false))) return [];
  return (await f.fs.promises.readdir(archive)).filter((m) => MONTH_DIR.test(m)).sort();
}

/** Ids in one archive month, from the file names alone (nothing is read). */
export async function archivedIds(f: StoreFolder, month: string): Promise<string[]> {
  const dir = path.join(f.dir, ARCHIVE, month);
  if (!MONTH_DIR.test(month) || !(await checkStore(f, false)) || !(await ensureRealDir(f.fs, path.dirname(dir), false)) || !(await ensureRealDir(f.fs, dir, false))) return [];
  return idsIn(await f.fs.promises.readdir(dir));
}

/** The archived copy of a session and its path; undefined when it has none. */
export async function findArchived(f: StoreFolder, id: string): Promise<{ session: Session; file: string } | undefined> {
  const archive = path.join(f.dir, ARCHIVE);
  if (!(await checkStore(f, false)) || !(await ensureRealDir(f.fs, archive, false))) return undefined;
  const guess = monthOfId(id);
  const months = guess ? [guess] : (await f.fs.promises.readdir(archive)).filter((m) => MONTH_DIR.test(m));
  for (const month of months) {
    const dir = path.join(archive, month);
    if (!(await ensureRealDir(f.fs, dir, false))) continue;
    const file = path.join(dir, `${id}.json`);
    const s = await readSession(f, file, id);
    if (s) return { session: s, file };
  }
  return undefined;
}

async function readAll(f: StoreFolder, files: { file: string; id: string }[], out: Listing): Promise<void> {
  // Bounded parallelism: fast on a large archive without opening thousands of files at once.
  const width = 16;
  for (let i = 0; i < files.length; i += width) {
    const batch = files.slice(i, i + width);
    const results = await Promise.all(
      batch.map(({ file, id }) =>
        readSession(f, file, id).then(
          (s) => ({ s }),
          (err: unknown) => ({ err }),
        ),
      ),
    );
    results.forEach((r, j) => {
      if ('err' in r) out.problems.push(problem(batch[j]!.file, r.err));
      else if (r.s) out.sessions.push(r.s);
    });
  }
}

function byId(a: Session, b: Session): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
