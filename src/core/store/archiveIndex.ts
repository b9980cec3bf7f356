// The archive's month index: for every UTC month, the finished sessions whose activity touches it,
// with their first and last instants. A report of any range reads the index files of the range's
// months and opens only the sessions that overlap it, however long ago they started, so its cost
// follows the range, not the archive. The files are described in indexFiles.ts.
//
// Kept under the same locks: a finishing write adds its session to the index, holding the session's
// lock and the index's own lock (`archive/index.lock`), *before* the archived copy is written, and
// holds both until the move is done. So every archived session is in the index, and an entry
// without a file (a crash in between) is only skipped. A missing or unreadable index is rebuilt
// from the whole archive once, under the index lock.
import * as path from 'node:path';
import { messageOf } from '../errors';
import { ensureRealDir } from './fsio';
import { acquireLock, type HeldLock, type LockSettings } from './lock';
import { startOfId } from '../session/ids';
import { isValidId } from '../session/schema';
import { ARCHIVE, type StoreFolder } from './storeFolder';
import { entryOf, IndexFiles, monthsBetween, type IndexEntry } from './indexFiles';
import type { Session } from '../session/schema';

const INDEX = 'index';

export class ArchiveIndex {
  private readonly dir: string;
  private readonly files: IndexFiles;

  constructor(
    private readonly f: StoreFolder,
    private readonly lock: LockSettings,
    /** Reads every archived session, for a rebuild. */
    private readonly readAll: () => Promise<{ sessions: Session[]; problems: { path: string }[] }>,
  ) {
    this.dir = path.join(f.dir, ARCHIVE, INDEX);
    this.files = new IndexFiles(f.fs, this.dir, f.dir, f.log);
  }

  /**
   * Runs `move` (the archive write of `s`) with `s` added to the index first, holding the index's
   * lock throughout, so a rebuild never runs between the two. Before the index is built, nothing
   * is added: the rebuild will find the archived file.
   */
  async recording<T>(s: Session, move: () => Promise<T>): Promise<T> {
    return this.locked(async (held) => {
      if (await this.files.built()) await this.add(entryOf(s), held);
      return move();
    });
  }

  /**
   * The same for many sessions at once (an import): their entries are added month file by month
   * file, one write each, and `move` then puts all of them in place, under the one lock.
   */
  async recordingAll<T>(entries: readonly IndexEntry[], move: () => Promise<T>): Promise<T> {
    return this.locked(async (held) => {
      if (await this.files.built()) await this.addAll(entries, held);
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
    const [built, ...perMonth] = await Promise.all([this.files.built(), ...months.map((m) => this.files.month(m))]);
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
      await this.files.removeMonthsExcept(new Set(months.keys()));
      for (const [m, entries] of months) await this.files.writeMonth(m, entries, held);
      await this.files.writeBuilt(held);
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
      const entries = await this.files.month(m);
      if (entries === undefined) return this.files.dropBuilt();
      const ids = new Set(fresh.map((e) => e[0]));
      await this.files.writeMonth(m, [...entries.filter((x) => !ids.has(x[0])), ...fresh], held);
    }
  }

  private async add(e: IndexEntry, held: HeldLock): Promise<void> {
    for (const m of monthsBetween(e[2], e[3])) {
      const entries = await this.files.month(m);
      // A damaged month file cannot be amended: drop the marker, so the next report rebuilds it all.
      if (entries === undefined) return this.files.dropBuilt();
      await this.files.writeMonth(m, [...entries.filter((x) => x[0] !== e[0]), e], held);
    }
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
