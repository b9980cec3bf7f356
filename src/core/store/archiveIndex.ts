// The archive's month index: for every UTC month, the finished sessions whose activity touches it,
// with their first and last instants. A report of any range reads the index files of the range's
// months and opens only the sessions that overlap it, however long ago they started, so its cost
// follows the range, not the archive. The files are described in indexFiles.ts.
//
// Kept under the same locks: a finishing write adds its session to the index, holding the session's
// lock and the index's own lock (`archive/index.lock`), *before* the archived copy is written, and
// holds both until the move is done. So every session Pulse archives is in the index, and an entry
// without a file (a crash in between) is only skipped. A missing or unreadable index is rebuilt
// from the whole archive once, under the index lock.
//
// Files can also arrive without Pulse: a `git pull` of a teammate's sessions into any month folder,
// or of a session its owner merged on another machine. So each month folder has a stamp (in
// built.json) saying what the index last saw of it; a report compares folders with their stamps (one
// lstat each: in a store shared through git every folder up to the range's end, in a private one
// the range's own), and a folder that changed is compared with the index file by file, under the
// index lock (folderScan.ts). What it finds is added to the index then, so each such file is read
// once, and later reports of ranges it does not touch never open it.
import * as path from 'node:path';
import { errnoCode, messageOf } from '../errors';
import { ensureRealDir, fileIdentity, lstatOrUndefined } from './fsio';
import { readShareState } from './share';
import { acquireLock, type HeldLock, type LockSettings } from './lock';
import { fsNow } from './fsClock';
import { ARCHIVE, MONTH_DIR, type StoreFolder } from './storeFolder';
import { entryOf, IndexFiles, keyOf, monthsBetween, monthsOf, type IndexEntry, type Stamps } from './indexFiles';
import { scanFolder, stampHolds, type FolderScan } from './folderScan';
import type { Problem } from './sessionFile';
import type { Session } from '../session/schema';

const INDEX = 'index';

/** Archived sessions that may overlap a range: their files, those already read, and folders that could not be. */
export interface Overlap {
  /** [id, month folder], each id once. */
  files: [string, string][];
  /** Sessions read while the index learned them, by id: not read again. */
  read: Map<string, Session>;
  problems: Problem[];
}

export class ArchiveIndex {
  private readonly dir: string;
  private readonly files: IndexFiles;
  private share: { identity: string; shared: boolean } | undefined;
  private warned = false;

  constructor(
    private readonly f: StoreFolder,
    private readonly lock: LockSettings,
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
    return this.recordingAll([entryOf(s)], move);
  }

  /**
   * The same for many sessions at once (an import): their entries are added month file by month
   * file, one write each, and `move` then puts all of them in place, under the one lock.
   */
  async recordingAll<T>(entries: readonly IndexEntry[], move: () => Promise<T>): Promise<T> {
    return this.locked(async (held) => {
      if ((await this.files.marker()).built) await this.edit([], entries, held);
      return move();
    });
  }

  /**
   * The archived files that may overlap [from, to); undefined when there is no usable index and
   * none could be built (a read-only store): the caller then reads the whole archive.
   */
  async overlapping(from: number, to: number, checked: Promise<boolean>, retried = false): Promise<Overlap | undefined> {
    const empty: Overlap = { files: [], read: new Map(), problems: [] };
    const archive = path.dirname(this.dir);
    // Before anything inside the archive is opened or listed, it is checked to be a real folder
    // (the store never reads through a symlink); lstats, which open nothing, need not wait for it.
    let real: Promise<boolean> | undefined;
    const isReal = (): Promise<boolean> => (real ??= ensureRealDir(this.f.fs, archive, false));
    const months = monthsBetween(from, to - 1);
    const last = months[months.length - 1]!;
    // The folders compared with their stamps: in a shared store every one up to the range's end (a
    // session filed under any earlier month may run into the range); in a private one, which only
    // Pulse writes, those of the range's months.
    const looked = this.shared(checked).then(async (shared) => {
      const folders = !shared ? months : (await isReal()) ? (await this.f.fs.promises.readdir(archive).catch(noFolder)).filter((n) => MONTH_DIR.test(n) && n <= last).sort() : [];
      return { folders, stats: await Promise.all(folders.map((m) => lstatOrUndefined(this.f.fs, path.join(archive, m)).catch(() => undefined))) };
    });
    looked.catch(() => undefined);
    // One round of lstats while nothing changed: the status bar's refresh stays as cheap as without history.
    const [present, markerSt] = await Promise.all([checked.catch(() => false), this.files.markerStat().catch(() => null)]);
    // No archive yet: nothing to find, and nothing is created by a read.
    if (!present || (!markerSt && !(await isReal()))) return empty;
    const { built, stamps } = await this.files.marker(markerSt === null ? undefined : { st: markerSt });
    // The month files are read after the stamps that vouch for them (a scan writes them first and the stamps last).
    const [{ folders, stats }, perMonth] = await Promise.all([looked, Promise.all(months.map((m) => this.files.month(m)))]);
    if (!built || perMonth.some((e) => e === undefined)) {
      if (!(await isReal())) return empty;
      return !retried && (await this.rebuildOrLog()) ? this.overlapping(from, to, checked, true) : undefined;
    }
    const changed = new Set(folders.filter((m, i) => !stampHolds(stamps[m], stats[i])));
    const broken = folders.filter((m) => !changed.has(m) && Object.keys(stamps[m]?.unreadable ?? {}).length > 0);
    if (broken.length > 0) for (const m of await this.brokenChanged(broken, stamps)) changed.add(m);
    const overlaps = (e: IndexEntry): boolean => e[2] < to && e[3] >= from;
    const files = new Map<string, string>();
    for (const e of perMonth.flat()) if (e && !changed.has(e[1]) && overlaps(e) && !files.has(e[0])) files.set(e[0], e[1]);
    if (files.size === 0 && changed.size === 0) return empty;
    if (!(await isReal())) return empty;
    const out: Overlap = { files: [], read: new Map(), problems: [] };
    if (changed.size > 0) {
      const scans = await this.reconcile([...changed].sort());
      if (!scans) return retried ? undefined : this.overlapping(from, to, checked, true);
      for (const scan of scans) {
        for (const e of scan.entries) if (overlaps(e) && !files.has(e[0])) files.set(e[0], e[1]);
        for (const [id, s] of scan.read) if (files.get(id) === scan.month) out.read.set(id, s);
        // A file's own problem is reported by the reports whose range its entry touches (it is read then).
        out.problems.push(...scan.problems.filter((p) => p.path === path.join(archive, scan.month)));
      }
    }
    out.files = [...files];
    return out;
  }

  /**
   * Whether files may arrive in this store's archive without Pulse: unless its `.gitignore` is the
   * private one (everything ignored), git may bring them. Read again only when the file changed,
   * and only once the store's path is known to be real (`checked`).
   */
  private async shared(checked: Promise<boolean>): Promise<boolean> {
    const st = await lstatOrUndefined(this.f.fs, path.join(this.f.dir, '.gitignore')).catch(() => undefined);
    const identity = st ? fileIdentity(st) : '';
    if (this.share?.identity === identity) return this.share.shared;
    // Only a regular file is opened (a FIFO would block the read); anything else is not Pulse's.
    const state = st && !st.isFile() ? 'custom' : (await checked.catch(() => false)) ? await readShareState(this.f.fs, this.f.dir).catch(() => 'custom') : 'custom';
    this.share = { identity, shared: state !== 'private' };
    return this.share.shared;
  }

  /** Builds the whole index from the archive (every file read once), under the index lock. */
  async rebuild(): Promise<void> {
    await this.locked((held) => this.rebuildLocked(held));
  }

  private async rebuildLocked(held: HeldLock): Promise<void> {
    const probe = await fsNow(this.f.fs, this.f.dir);
    const months = (await this.f.fs.promises.readdir(path.dirname(this.dir))).filter((m) => MONTH_DIR.test(m)).sort();
    const byMonth = new Map<string, IndexEntry[]>();
    const stamps: Stamps = {};
    for (const month of months) {
      const scan = await scanFolder(this.f, month, [], undefined, probe);
      if (scan.stamp) stamps[month] = scan.stamp;
      for (const e of scan.entries) {
        for (const m of monthsOf(e)) {
          const list = byMonth.get(m);
          if (list) list.push(e);
          else byMonth.set(m, [e]);
        }
      }
    }
    await ensureRealDir(this.f.fs, this.dir, true);
    await this.files.removeMonthsExcept(new Set(byMonth.keys()));
    for (const [m, entries] of byMonth) await this.files.writeMonth(m, entries, held);
    // The marker last, with the stamps: after the month files they vouch for.
    await this.files.writeMarker(stamps, held);
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

  /** Folders whose unreadable files changed since their stamp (a fix in place leaves the folder as it was). */
  private async brokenChanged(folders: string[], stamps: Stamps): Promise<string[]> {
    const checks = folders.flatMap((m) => Object.entries(stamps[m]?.unreadable ?? {}).map(([id, identity]) => ({ m, file: path.join(this.f.dir, ARCHIVE, m, `${id}.json`), identity })));
    const now = await Promise.all(checks.map((c) => lstatOrUndefined(this.f.fs, c.file).catch(() => undefined)));
    return [...new Set(checks.filter((c, i) => !now[i] || fileIdentity(now[i]) !== c.identity).map((c) => c.m))];
  }

  /**
   * Compares the folders that changed with the index and records what it finds, under the index
   * lock (each re-checked inside it: another process may have done it meanwhile). Undefined: the
   * index had to be rebuilt instead. Without the lock (a read-only store), the same comparison is
   * made and nothing is written, so the report is still right, at the cost of reading those files.
   */
  private async reconcile(months: string[]): Promise<FolderScan[] | undefined> {
    try {
      return await this.locked(async (held) => {
        const { built, stamps } = await this.files.marker();
        if (!built) return void (await this.rebuildLocked(held));
        const probe = await fsNow(this.f.fs, this.f.dir);
        const scans: FolderScan[] = [];
        const known = new Map<string, IndexEntry[]>();
        for (const m of months) {
          const entries = await this.files.month(m);
          if (entries === undefined) return void (await this.rebuildLocked(held));
          known.set(m, entries.filter((e) => e[1] === m));
          const st = await lstatOrUndefined(this.f.fs, path.join(this.f.dir, ARCHIVE, m));
          const fresh = stampHolds(stamps[m], st) && (await this.brokenChanged([m], stamps)).length === 0;
          scans.push(fresh ? { month: m, entries: known.get(m)!, stamp: stamps[m], read: new Map(), problems: [] } : await scanFolder(this.f, m, known.get(m)!, stamps[m], probe));
        }
        await this.record(scans, known, stamps, held);
        return scans;
      });
    } catch (err) {
      if (!this.warned) this.f.log.warn(`Could not update the archive index in ${this.dir} (${messageOf(err)}); reports read the files it does not know each time.`);
      this.warned = true;
      const { stamps } = await this.files.marker();
      return Promise.all(
        months.map(async (m) => {
          const entries = await this.files.month(m);
          return scanFolder(this.f, m, (entries ?? []).filter((e) => e[1] === m), entries && stamps[m], -Infinity);
        }),
      );
    }
  }

  /** Writes what scans found: the month files first, the stamps that vouch for them last. */
  private async record(scans: FolderScan[], known: Map<string, IndexEntry[]>, stamps: Stamps, held: HeldLock): Promise<void> {
    const same = (a: IndexEntry, b: IndexEntry | undefined): boolean => !!b && a[2] === b[2] && a[3] === b[3];
    const remove: IndexEntry[] = [];
    const add: IndexEntry[] = [];
    const next: Stamps = { ...stamps };
    for (const scan of scans) {
      const now = new Map(scan.entries.map((e) => [e[0], e]));
      const before = new Map(known.get(scan.month)!.map((e) => [e[0], e]));
      remove.push(...[...before.values()].filter((e) => !same(e, now.get(e[0]))));
      add.push(...scan.entries.filter((e) => !same(e, before.get(e[0]))));
      if (scan.stamp) next[scan.month] = scan.stamp;
      else delete next[scan.month];
    }
    if (!(await this.edit(remove, add, held))) return;
    if (JSON.stringify(next) !== JSON.stringify(stamps)) await this.files.writeMarker(next, held);
  }

  /**
   * Takes `remove` out of and puts `add` into every month file they belong in, one write per file.
   * False when a month file is damaged: it cannot be amended, so the marker is dropped and the next
   * report rebuilds the index.
   */
  private async edit(remove: readonly IndexEntry[], add: readonly IndexEntry[], held: HeldLock): Promise<boolean> {
    const byMonth = new Map<string, { drop: Set<string>; add: IndexEntry[] }>();
    const at = (m: string): { drop: Set<string>; add: IndexEntry[] } => byMonth.get(m) ?? byMonth.set(m, { drop: new Set(), add: [] }).get(m)!;
    for (const e of remove) for (const m of monthsOf(e)) at(m).drop.add(keyOf(e));
    for (const e of add) for (const m of monthsOf(e)) at(m).add.push(e);
    if (byMonth.size > 0) await ensureRealDir(this.f.fs, this.dir, true);
    for (const [m, change] of [...byMonth].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const entries = await this.files.month(m);
      if (entries === undefined) {
        await this.files.dropBuilt();
        return false;
      }
      const replaced = new Set([...change.drop, ...change.add.map(keyOf)]);
      await this.files.writeMonth(m, [...entries.filter((x) => !replaced.has(keyOf(x))), ...change.add], held);
    }
    return true;
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

/** A missing archive lists as empty; anything else is a real failure. */
function noFolder(err: unknown): string[] {
  if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return [];
  throw err;
}
