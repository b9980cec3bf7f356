// The session store: one folder of live `<id>.json` files plus `archive/<YYYY-MM>/<id>.json`.
// Every change goes through `update`, a read-modify-write under the file's lock (see DESIGN.md).
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { PulseError, errnoCode } from '../errors';
import { ensureRealDir, fileIdentity, lstatOrUndefined, writeAtomic, TEMP_PATTERN, type StoreFs } from './fsio';
import { acquireLock, DEFAULT_LOCK, type LockSettings, type HeldLock } from './lock';
import { systemClock, silentLogger, type Clock, type Logger } from '../ports';
import { isValidId, type Session } from '../session/schema';
import { monthOf, monthOfId, startOfId } from '../session/ids';
import { KeyedQueue } from './keyedQueue';
import { sessionHandle, type SessionHandle } from './lockedSession';
import { checkId, mustValidate, problem, readSessionVersion, serialize, type Problem } from './sessionFile';

export { serialize, type Problem } from './sessionFile';

export interface StoreOptions {
  dir: string;
  fs?: StoreFs;
  clock?: Clock;
  log?: Logger;
  lock?: Partial<LockSettings>;
  /** Write `<store>/.gitignore` (`*`) with the first session. Default true. */
  gitignore?: boolean;
}

export interface Listing {
  sessions: Session[];
  problems: Problem[];
}

export type UpdateResult =
  | { kind: 'written'; session: Session; archived: boolean }
  | { kind: 'unchanged'; session: Session }
  | { kind: 'not-live'; session?: Session };

/** What `update`'s callback returns: the next state, or undefined for "the condition no longer holds". */
export type Updater = (fresh: Session) => Session | undefined;

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

const ARCHIVE = 'archive';
const MONTH_DIR = /^\d{4}-\d{2}$/;
const LIVE_FILE = /^(.+)\.json$/;
const LOCK_DIR = /^.+\.json\.lock$/;

export class SessionStore {
  readonly dir: string;
  private readonly fs: StoreFs;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly lockSettings: LockSettings;
  private readonly gitignore: boolean;
  private gitignoreDone = false;
  /** Per-id queue: writes to one file from this process run one at a time (like write-file-atomic). */
  private readonly queue = new KeyedQueue();

  constructor(o: StoreOptions) {
    this.dir = path.resolve(o.dir);
    this.fs = o.fs ?? nodeFs;
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? silentLogger;
    this.lockSettings = { ...DEFAULT_LOCK, ...o.lock };
    this.gitignore = o.gitignore ?? true;
  }

  livePath(id: string): string {
    return path.join(this.dir, `${checkId(id)}.json`);
  }

  archivePath(s: Pick<Session, 'id' | 'startedAt'>): string {
    return path.join(this.dir, ARCHIVE, monthOf(s.startedAt), `${checkId(s.id)}.json`);
  }

  now(): number {
    return this.clock.now();
  }

  /** Writes a new live session. Fails if a session with that id exists. */
  async create(session: Session): Promise<Session> {
    const parsed = mustValidate(session, this.livePath(session.id));
    await ensureRealDir(this.fs, this.dir, true);
    await this.ensureGitignore();
    const file = this.livePath(session.id);
    return this.serial(session.id, () =>
      this.holding(file, async (lock) => {
        if (await lstatOrUndefined(this.fs, file)) throw new PulseError('EINVALID', 'already exists', file);
        await writeAtomic(this.fs, file, serialize(parsed), () => lock.assertHeld());
        return parsed;
      }),
    );
  }

  /** A session by id, live or archived; undefined if there is none. Bad files throw a PulseError. */
  async get(id: string): Promise<{ session: Session; live: boolean } | undefined> {
    const live = await this.readSession(this.livePath(id), id);
    if (live) return { session: live, live: true };
    const archived = await this.findArchived(id);
    return archived ? { session: archived.session, live: false } : undefined;
  }

  /** The live (active or paused) sessions. Cost grows with live files only, never with the archive. */
  async listLive(): Promise<Listing> {
    const out: Listing = { sessions: [], problems: [] };
    let entries: nodeFs.Dirent[];
    try {
      if (!(await ensureRealDir(this.fs, this.dir, false))) return out;
      entries = await this.fs.promises.readdir(this.dir, { withFileTypes: true });
    } catch (err) {
      out.problems.push(problem(this.dir, err));
      return out;
    }
    const files: { file: string; id: string }[] = [];
    for (const e of entries) {
      if (e.name === ARCHIVE || e.name === '.gitignore' || TEMP_PATTERN.test(e.name) || LOCK_DIR.test(e.name)) continue;
      const m = LIVE_FILE.exec(e.name);
      const file = path.join(this.dir, e.name);
      if (!m || !isValidId(m[1]!)) {
        out.problems.push({ path: file, code: 'EFOREIGN', message: 'not a session file name; ignored' });
        continue;
      }
      files.push({ file, id: m[1]! });
    }
    await this.readAll(files, out);
    out.sessions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out;
  }

  /** Archived sessions, optionally only those of start months within `range`. */
  async listArchived(range: MonthRange = {}): Promise<Listing> {
    const out: Listing = { sessions: [], problems: [] };
    const archive = path.join(this.dir, ARCHIVE);
    let months: string[];
    try {
      months = await this.archiveMonths();
    } catch (err) {
      out.problems.push(problem(archive, err));
      return out;
    }
    for (const month of months) {
      if ((range.from && month < range.from) || (range.to && month > range.to)) continue;
      const dir = path.join(archive, month);
      try {
        const after = range.startedAfter;
        const ids = (await this.archivedIds(month)).filter((id) => after === undefined || (startOfId(id) ?? Infinity) >= after);
        await this.readAll(ids.map((id) => ({ file: path.join(dir, `${id}.json`), id })), out);
      } catch (err) {
        out.problems.push(problem(dir, err));
      }
    }
    out.sessions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out;
  }

  /** Ids of the live files, from their names alone (nothing is read). */
  async liveIds(): Promise<string[]> {
    if (!(await ensureRealDir(this.fs, this.dir, false))) return [];
    return idsIn(await this.fs.promises.readdir(this.dir));
  }

  /** The archive's month folders (YYYY-MM), oldest first. No session is read. */
  async archiveMonths(): Promise<string[]> {
    const archive = path.join(this.dir, ARCHIVE);
    if (!(await ensureRealDir(this.fs, archive, false))) return [];
    return (await this.fs.promises.readdir(archive)).filter((m) => MONTH_DIR.test(m)).sort();
  }

  /** Ids in one archive month, from the file names alone (nothing is read). */
  async archivedIds(month: string): Promise<string[]> {
    const dir = path.join(this.dir, ARCHIVE, month);
    if (!MONTH_DIR.test(month) || !(await ensureRealDir(this.fs, path.dirname(dir), false)) || !(await ensureRealDir(this.fs, dir, false))) return [];
    return idsIn(await this.fs.promises.readdir(dir));
  }

  /**
   * Runs `fn` holding the lock of the session's file, live or archived, with the state read inside
   * that lock (undefined: no such session). History edits go through this; an archived file takes
   * the same lock discipline as a live one: `<file>.lock` next to it.
   */
  async withSession<T>(id: string, fn: (held: SessionHandle | undefined) => Promise<T>): Promise<T> {
    const live = this.livePath(id);
    return this.serial(id, async () => {
      const inLive = await this.holding(live, async (lock) => {
        const version = await readSessionVersion(this.fs, live, id);
        if (!version || (await this.finishInterruptedMove(live, version.session))) return undefined;
        return { result: await fn(sessionHandle({ fs: this.fs, lock, file: live, version, live: true, tempDir: this.dir })) };
      });
      if (inLive) return inLive.result;
      // Not live: it can only be archived, and an archived session never moves again.
      const found = await this.findArchived(id);
      if (!found) return fn(undefined);
      return this.holding(found.file, async (lock) => {
        const version = await readSessionVersion(this.fs, found.file, id);
        return fn(version ? sessionHandle({ fs: this.fs, lock, file: found.file, version, live: false, tempDir: this.dir }) : undefined);
      });
    });
  }

  /**
   * The one way to change a session. Under the file's lock: re-read, call `fn` with the fresh state,
   * and write its result only if the revision on disk is still the one read. A completed result moves
   * the session into the archive. `fn` returning undefined writes nothing.
   */
  async update(id: string, fn: Updater): Promise<UpdateResult> {
    const file = this.livePath(id);
    return this.serial(id, async () => {
      // The whole store was deleted (it is git-ignored, so `git clean -X` does it): the session is
      // gone, which its owner handles like a session closed under it. Without this check the lock's
      // mkdir would fail with ENOENT through every retry, on every write, for good.
      if (!(await ensureRealDir(this.fs, this.dir, false))) return { kind: 'not-live' };
      return this.holding(file, (lock) => this.updateLocked(file, id, fn, lock));
    });
  }

  /**
   * Removes leftovers of crashed writers: temp files and lock directories older than `olderThanMs`.
   * Both only ever live in the live folder (archive writes stage their temp file there too), so the
   * cost does not grow with history.
   */
  async sweep(olderThanMs: number): Promise<{ removed: string[]; problems: Problem[] }> {
    const removed: string[] = [];
    const problems: Problem[] = [];
    const cutoff = this.clock.now() - olderThanMs;
    let entries: nodeFs.Dirent[];
    try {
      if (!(await ensureRealDir(this.fs, this.dir, false))) return { removed, problems };
      entries = await this.fs.promises.readdir(this.dir, { withFileTypes: true });
    } catch (err) {
      return { removed, problems: [problem(this.dir, err)] };
    }
    for (const e of entries) {
      const isTemp = e.isFile() && TEMP_PATTERN.test(e.name);
      const isLock = e.isDirectory() && LOCK_DIR.test(e.name);
      if (!isTemp && !isLock) continue;
      const p = path.join(this.dir, e.name);
      try {
        const st = await this.fs.promises.lstat(p);
        if (st.mtimeMs > cutoff) continue;
        // A lock directory is only ever empty; rmdir (not rm -r) refuses anything else.
        if (isLock) await this.fs.promises.rmdir(p);
        else await this.fs.promises.unlink(p);
        removed.push(p);
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') problems.push(problem(p, err));
      }
    }
    return { removed, problems };
  }

  private async updateLocked(file: string, id: string, fn: Updater, lock: HeldLock): Promise<UpdateResult> {
    const read = await readSessionVersion(this.fs, file, id);
    if (!read) return { kind: 'not-live', session: (await this.findArchived(id).catch(() => undefined))?.session };
    const fresh = read.session;
    const moved = await this.finishInterruptedMove(file, fresh);
    if (moved) return { kind: 'not-live', session: moved };
    if (fresh.status === 'completed') return { kind: 'not-live', session: fresh };
    const proposed = fn(fresh);
    if (proposed === undefined) return { kind: 'unchanged', session: fresh };
    const next = mustValidate({ ...proposed, id: fresh.id, revision: fresh.revision + 1 }, file);
    const guard = async (): Promise<void> => {
      lock.assertHeld();
      await this.assertUnchanged(file, read.identity, fresh.revision);
    };
    if (next.status !== 'completed') {
      await writeAtomic(this.fs, file, serialize(next), guard);
      return { kind: 'written', session: next, archived: false };
    }
    const target = this.archivePath(next);
    await ensureRealDir(this.fs, path.join(this.dir, ARCHIVE), true);
    await ensureRealDir(this.fs, path.dirname(target), true);
    // The temp file stays in the live folder, so a crash never leaves debris in the archive.
    await writeAtomic(this.fs, target, serialize(next), guard, this.dir);
    await this.fs.promises.unlink(file);
    return { kind: 'written', session: next, archived: true };
  }

  /**
   * A finish that crashed between writing the archive copy and removing the live file: completes it
   * (under the live file's lock, which the caller holds) and answers the archived copy.
   */
  private async finishInterruptedMove(live: string, fresh: Session): Promise<Session | undefined> {
    const archived = this.archivePath(fresh);
    if (!(await lstatOrUndefined(this.fs, archived))) return undefined;
    const copy = await this.readSession(archived, fresh.id);
    if (!copy || copy.revision < fresh.revision) return undefined;
    await this.fs.promises.unlink(live);
    this.log.info(`completed an interrupted archive move of ${fresh.id}`);
    return copy;
  }

  private async holding<T>(file: string, task: (lock: HeldLock) => Promise<T>): Promise<T> {
    const lock = await acquireLock(this.fs, file, this.lockSettings, this.log);
    try {
      return await task(lock);
    } finally {
      await lock.release();
    }
  }

  /**
   * Write only if the file is still the version read (so its revision is still the one read). Guards
   * against a second process that also "holds" the lock after both reclaimed a stale one
   * (proper-lockfile#121).
   */
  private async assertUnchanged(file: string, identity: string, revision: number): Promise<void> {
    const st = await lstatOrUndefined(this.fs, file);
    if (!st || fileIdentity(st) !== identity) {
      throw new PulseError('ECONFLICT', `changed under a held lock (revision ${revision} was read); write aborted`, file);
    }
  }

  private async readSession(file: string, id: string): Promise<Session | undefined> {
    return (await readSessionVersion(this.fs, file, id))?.session;
  }

  /** The archived copy of a session and its path; undefined when it has none. */
  private async findArchived(id: string): Promise<{ session: Session; file: string } | undefined> {
    const archive = path.join(this.dir, ARCHIVE);
    if (!(await ensureRealDir(this.fs, archive, false))) return undefined;
    const guess = monthOfId(id);
    const months = guess ? [guess] : (await this.fs.promises.readdir(archive)).filter((m) => MONTH_DIR.test(m));
    for (const month of months) {
      const dir = path.join(archive, month);
      if (!(await ensureRealDir(this.fs, dir, false))) continue;
      const file = path.join(dir, `${id}.json`);
      const s = await this.readSession(file, id);
      if (s) return { session: s, file };
    }
    return undefined;
  }

  private async readAll(files: { file: string; id: string }[], out: Listing): Promise<void> {
    // Bounded parallelism: fast on a large archive without opening thousands of files at once.
    const width = 16;
    for (let i = 0; i < files.length; i += width) {
      const batch = files.slice(i, i + width);
      const results = await Promise.all(
        batch.map(({ file, id }) =>
          this.readSession(file, id).then(
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

  private async ensureGitignore(): Promise<void> {
    if (!this.gitignore || this.gitignoreDone) return;
    try {
      await this.fs.promises.writeFile(path.join(this.dir, '.gitignore'), '*\n', { flag: 'wx' });
    } catch (err) {
      // Why: an existing .gitignore is the user's (or ours from before); never overwrite it.
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
    this.gitignoreDone = true;
  }

  private serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(id, task);
  }
}

/** Session ids among directory entry names (`<id>.json`), sorted; anything else is ignored. */
function idsIn(names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const m = LIVE_FILE.exec(n);
    if (m && isValidId(m[1]!)) out.push(m[1]!);
  }
  return out.sort();
}
