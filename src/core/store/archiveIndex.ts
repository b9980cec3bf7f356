// The archive's month index: for every UTC month, the finished sessions whose activity touches it,
// with their first and last instants. A report of any range reads the index files of the range's
// months and opens only the sessions that overlap it, however long ago they started, so its cost
// follows the range, not the archive.
//
//   <store>/archive/index/<YYYY-MM>.json   [[id, folder month, first ms, last ms], …]
//   <store>/archive/index/built.json       written last by a rebuild: the index is complete
//
// Kept under the same locks: a finishing write adds its session to the index, holding the session's
// lock and the index's own lock (`archive/index.lock`), *before* the archived copy is written, and
// holds both until the move is done. So every archived session is in the index, and an entry
// without a file (a crash in between) is only skipped. A missing or unreadable index is rebuilt
// from the whole archive once, under the index lock.
import * as path from 'node:path';
import { errnoCode, messageOf } from '../errors';
import { ensureRealDir, fileIdentity, lstatOrUndefined, readRegularFile, writeAtomic } from './fsio';
import { acquireLock, type HeldLock, type LockSettings } from './lock';
import { segmentsOf } from '../session/session';
import { monthOf, startOfId } from '../session/ids';
import { isValidId } from '../session/schema';
import { ms } from '../time';
import { ARCHIVE, type StoreFolder } from './storeFolder';
import type { Session } from '../session/schema';

/** [id, the month folder it is archived in, first instant (ms), last instant (ms)]. */
export type IndexEntry = [string, string, number, number];

const INDEX = 'index';
const BUILT = 'built.json';
const VERSION = 1;
const MONTH_FILE = /^(\d{4}-\d{2})\.json$/;

/** The UTC months (YYYY-MM) from the one holding `from` through the one holding `to`. */
export function monthsBetween(from: number, to: number): string[] {
  const out: string[] = [];
  const d = new Date(from);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth();
  const end = new Date(to);
  const last = end.getUTCFullYear() * 12 + end.getUTCMonth();
  while (y * 12 + m <= last && out.length < 1200) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    if (++m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}

/** The session's index entry: its activity from the start (or first segment) to its last instant. */
export function entryOf(s: Session): IndexEntry {
  const segs = segmentsOf(s);
  const first = Math.min(ms(s.startedAt), segs[0]?.[0] ?? Infinity);
  const last = Math.max(ms(s.lastActivity), segs[segs.length - 1]?.[1] ?? -Infinity, s.endedAt ? ms(s.endedAt) : -Infinity);
  return [s.id, monthOf(s.startedAt), first, last];
}

export class ArchiveIndex {
  private readonly dir: string;
  /**
   * Parsed index files by name, with the identity of the version parsed: a repeated report (the
   * status bar's refresh) costs one lstat per file while nothing changed, whoever changes it.
   */
  private readonly cache = new Map<string, { identity: string; value: unknown }>();

  constructor(
    private readonly f: StoreFolder,
    private readonly lock: LockSettings,
    /** Reads every archived session, for a rebuild. */
    private readonly readAll: () => Promise<{ sessions: Session[]; problems: { path: string }[] }>,
  ) {
    this.dir = path.join(f.dir, ARCHIVE, INDEX);
  }

  /**
   * Runs `move` (the archive write of `s`) with `s` added to the index first, holding the index's
   * lock throughout, so a rebuild never runs between the two. Before the index is built, nothing
   * is added: the rebuild will find the archived file.
   */
  async recording<T>(s: Session, move: () => Promise<T>): Promise<T> {
    return this.locked(async (held) => {
      if (await this.built()) await this.add(entryOf(s), held);
      return move();
    });
  }

  /**
   * The same for many sessions at once (an import): their entries are added month file by month
   * file, one write each, and `move` then puts all of them in place, under the one lock.
   */
  async recordingAll<T>(entries: readonly IndexEntry[], move: () => Promise<T>): Promise<T> {
    return this.locked(async (held) => {
      if (await this.built()) await this.addAll(entries, held);
      return move();
    });
  }

  /**
   * Index entries of sessions that may overlap [from, to), and every id the index files of those
   * months know; undefined when there is no usable index and none could be built (a read-only
   * store): the caller then reads the whole archive.
   */
  async overlapping(from: number, to: number, retried = false): Promise<{ entries: IndexEntry[]; known: Set<string> } | undefined> {
    // Both checked before anything inside is read: the store never reads through a symlink.
    const [archive] = await Promise.all([ensureRealDir(this.f.fs, path.dirname(this.dir), false), ensureRealDir(this.f.fs, this.dir, false)]);
    // No archive yet: nothing to find, and nothing is created by a read.
    if (!archive) return { entries: [], known: new Set() };
    const months = monthsBetween(from, to - 1);
    // One round of lstats while nothing changed: the status bar's refresh stays as cheap as without history.
    const [built, ...perMonth] = await Promise.all([this.built(), ...months.map((m) => this.readMonth(m))]);
    if (!built || perMonth.some((e) => e === undefined)) {
      return !retried && (await this.rebuildOrLog()) ? this.overlapping(from, to, true) : undefined;
    }
    const seen = new Map<string, IndexEntry>();
    const known = new Set<string>();
    for (const entries of perMonth) {
      for (const e of entries!) {
        known.add(e[0]);
        if (e[2] < to && e[3] >= from) seen.set(e[0], e);
      }
    }
    return { entries: [...seen.values()], known };
  }

  /** Builds the whole index from the archive (every file read once), under the index lock. */
  async rebuild(): Promise<void> {
    await this.locked(async (held) => {
      const months = new Map<string, IndexEntry[]>();
      const all = await this.readAll();
      for (const e of [...all.sessions.map(entryOf), ...all.problems.flatMap(unreadableEntry)]) {
        for (const m of monthsBetween(e[2], e[3])) {
          const list = months.get(m);
          if (list) list.push(e);
          else months.set(m, [e]);
        }
      }
      await ensureRealDir(this.f.fs, this.dir, true);
      for (const name of await this.f.fs.promises.readdir(this.dir)) {
        if (MONTH_FILE.test(name) && !months.has(name.slice(0, 7))) await this.f.fs.promises.unlink(path.join(this.dir, name));
      }
      for (const [m, entries] of months) await this.writeMonth(m, entries, held);
      await writeAtomic(this.f.fs, path.join(this.dir, BUILT), `${JSON.stringify({ version: VERSION })}\n`, () => held.assertHeld(), this.f.dir);
    });
  }

  private async rebuildOrLog(): Promise<boolean> {
    try {
      await this.rebuild();
      this.f.log.info(`Rebuilt the archive index in ${this.dir}.`);
      return true;
    } catch (err) {
      this.f.log.warn(`Could not build the archive index in ${this.dir} (${messageOf(err)}); reports read the whole archive.`);
      return false;
    }
  }

  private async addAll(add: readonly IndexEntry[], held: HeldLock): Promise<void> {
    const byMonth = new Map<string, IndexEntry[]>();
    for (const e of add) for (const m of monthsBetween(e[2], e[3])) byMonth.set(m, [...(byMonth.get(m) ?? []), e]);
    for (const [m, fresh] of byMonth) {
      const entries = await this.readMonth(m);
      if (entries === undefined) return this.f.fs.promises.unlink(path.join(this.dir, BUILT));
      const ids = new Set(fresh.map((e) => e[0]));
      await this.writeMonth(m, [...entries.filter((x) => !ids.has(x[0])), ...fresh], held);
    }
  }

  private async add(e: IndexEntry, held: HeldLock): Promise<void> {
    for (const m of monthsBetween(e[2], e[3])) {
      const entries = await this.readMonth(m);
      // A damaged month file cannot be amended: drop the marker, so the next report rebuilds it all.
      if (entries === undefined) return this.f.fs.promises.unlink(path.join(this.dir, BUILT));
      await this.writeMonth(m, [...entries.filter((x) => x[0] !== e[0]), e], held);
    }
  }

  private async built(): Promise<boolean> {
    try {
      const body = (await this.readCached(BUILT)) as { version?: unknown } | undefined;
      return body?.version === VERSION;
    } catch (err) {
      this.f.log.warn(`The archive index marker is unreadable (${messageOf(err)}); rebuilding it.`);
      return false;
    }
  }

  /** A month's entries ([] when no session touches it), or undefined when its file is damaged. */
  private async readMonth(month: string): Promise<IndexEntry[] | undefined> {
    const body = (await this.readCached(`${month}.json`)) as { version?: unknown; sessions?: unknown } | null | undefined;
    if (body === undefined) return [];
    if (body !== null && body.version === VERSION && Array.isArray(body.sessions) && body.sessions.every(isEntry)) return body.sessions;
    this.f.log.warn(`The archive index ${month}.json is damaged; rebuilding the index.`);
    return undefined;
  }

  /** The parsed JSON of an index file (undefined when there is none; null when it does not parse). */
  private async readCached(name: string): Promise<unknown> {
    const file = path.join(this.dir, name);
    const st = await lstatOrUndefined(this.f.fs, file);
    if (!st) {
      this.cache.delete(name);
      return undefined;
    }
    const identity = fileIdentity(st);
    const hit = this.cache.get(name);
    if (hit?.identity === identity) return hit.value;
    let value: unknown;
    try {
      value = JSON.parse(await readRegularFile(this.f.fs, file));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return undefined;
      if (!(err instanceof SyntaxError)) throw err;
      value = null;
    }
    if (this.cache.size > 240) this.cache.clear();
    this.cache.set(name, { identity, value });
    return value;
  }

  private async writeMonth(month: string, entries: IndexEntry[], held: HeldLock): Promise<void> {
    const lines = entries.sort((a, b) => a[2] - b[2]).map((e) => `    ${JSON.stringify(e)}`);
    const text = `{\n  "version": ${VERSION},\n  "sessions": [\n${lines.join(',\n')}\n  ]\n}\n`;
    // Temp files in the live folder, like every other write: the sweep finds a crashed one there.
    await writeAtomic(this.f.fs, path.join(this.dir, `${month}.json`), text, () => held.assertHeld(), this.f.dir);
  }

  /** Holds `archive/index.lock` (the index folder itself need not exist). */
  private async locked<T>(task: (held: HeldLock) => Promise<T>): Promise<T> {
    await ensureRealDir(this.f.fs, path.dirname(this.dir), true);
    const held = await acquireLock(this.f.fs, this.dir, this.lock, this.f.log);
    try {
      return await task(held);
    } finally {
      await held.release();
    }
  }
}

/**
 * A file that could not be read is indexed at the instant its id names (it is reported by a report
 * of that instant): known to the index, so reports of other ranges do not open it every time.
 */
function unreadableEntry(p: { path: string }): IndexEntry[] {
  const m = /[/\\](\d{4}-\d{2})[/\\]([^/\\]+)\.json$/.exec(p.path);
  if (!m || !isValidId(m[2]!)) return [];
  const t = startOfId(m[2]!) ?? 0;
  return [[m[2]!, m[1]!, t, t]];
}

function isEntry(x: unknown): x is IndexEntry {
  return Array.isArray(x) && x.length === 4 && typeof x[0] === 'string' && typeof x[1] === 'string' && Number.isFinite(x[2]) && Number.isFinite(x[3]);
}
