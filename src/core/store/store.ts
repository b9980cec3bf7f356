// The session store: one folder of live `<id>.json` files plus `archive/<YYYY-MM>/<id>.json`.
// Every change goes through `update`, a read-modify-write under the file's lock (see DESIGN.md).
// Listings live in storeListing.ts, the move into the archive in archiveMove.ts, the sweep in sweep.ts.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { PulseError, messageOf } from '../errors';
import { lstatOrUndefined, renameIntoPlace, unlinkDurably, writeAtomic, type StoreFs } from './fsio';
import { acquireLock, DEFAULT_LOCK, type LockSettings, type HeldLock } from './lock';
import { systemClock, silentLogger, type Clock, type Logger } from '../ports';
import type { Session } from '../session/schema';
import { KeyedQueue } from './keyedQueue';
import type { StoreRegistry } from './registry';
import { fsNow } from './fsClock';
import { createGitignore, readShareState, setShareMode, type ShareMode, type ShareState } from './share';
import { sessionHandle, type SessionHandle } from './lockedSession';
import { assertUnchanged, confirmVersion, mustValidate, readAhead, readSessionVersion, serialize, type ReadAhead } from './sessionFile';
import { archivePathIn, checkStore, livePathIn, type StoreFolder } from './storeFolder';
import * as listing from './storeListing';
import { finishInterruptedMove, moveToArchive } from './archiveMove';
import { ArchiveIndex } from './archiveIndex';
import { sweepLeftovers, type SweepResult } from './sweep';

export { serialize, type Problem } from './sessionFile';
export type { Listing, MonthRange } from './storeListing';

/** A clock this far off the file system's is worth one line in the log. */
const SKEW_WARN_MS = 60_000;

export interface StoreOptions {
  dir: string;
  /**
   * The workspace folder the store belongs to. Every folder from below it down to `dir` must be a
   * real folder (no symlink), checked on every open. Default: `dir` itself (an explicit `--dir`).
   */
  root?: string;
  fs?: StoreFs;
  clock?: Clock;
  log?: Logger;
  lock?: Partial<LockSettings>;
  /** Write `<store>/.gitignore` with the first session. Default true. */
  gitignore?: boolean;
  /** Which `.gitignore` a first write creates (see share.ts). Default `private` (`*`). */
  share?: ShareMode;
  /** Remember this store in the per-user registry at its first create (the extension and CLI pass it). */
  registry?: StoreRegistry;
  /** The store's name in the registry; default: its workspace folder's name. */
  project?: string;
}

export type UpdateResult =
  | { kind: 'written'; session: Session; archived: boolean }
  | { kind: 'unchanged'; session: Session }
  | { kind: 'not-live'; session?: Session };

/** A locked task's answer, the session it wrote (if any), and the folder fsync still running. */
interface Committed<T> {
  result: T;
  wrote?: Session;
  durable?: Promise<void>;
}

/** What the store knows about the version `update` read, besides its content. */
export interface VersionInfo {
  /** When the file was last written, in the file system's time (see fsClock.ts). */
  mtimeMs: number;
}

/** What `update`'s callback returns: the next state, or undefined for "the condition no longer holds". */
export type Updater = (fresh: Session, version: VersionInfo) => Session | undefined;

export class SessionStore implements StoreFolder {
  readonly dir: string;
  readonly root: string;
  readonly fs: StoreFs;
  readonly log: Logger;
  /** The month index of the archive, so range reports never read the whole of it. */
  readonly archiveIndex: ArchiveIndex;
  private readonly clock: Clock;
  private readonly lockSettings: LockSettings;
  private readonly gitignore: boolean;
  private readonly share: ShareMode;
  private gitignoreDone = false;
  private registry: StoreRegistry | undefined;
  private readonly project: string | undefined;
  /** Per-id queue: writes to one file from this process run one at a time (like write-file-atomic). */
  private readonly queue = new KeyedQueue();
  private skewLogged = false;

  constructor(o: StoreOptions) {
    this.dir = path.resolve(o.dir);
    this.root = path.resolve(o.root ?? o.dir);
    this.fs = o.fs ?? nodeFs;
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? silentLogger;
    this.lockSettings = { ...DEFAULT_LOCK, ...o.lock };
    this.gitignore = o.gitignore ?? true;
    this.archiveIndex = new ArchiveIndex(this, this.lockSettings);
    this.share = o.share ?? 'private';
    this.registry = o.registry;
    this.project = o.project;
  }

  livePath(id: string): string {
    return livePathIn(this.dir, id);
  }

  archivePath(s: Pick<Session, 'id' | 'startedAt'>): string {
    return archivePathIn(this.dir, s);
  }

  now(): number {
    return this.clock.now();
  }

  /** The fs, lock settings and log this store uses, for the import staging that shares its folder. */
  internals(): { fs: StoreFs; lock: LockSettings; log: Logger } {
    return { fs: this.fs, lock: this.lockSettings, log: this.log };
  }

  /** How this store is shared, from its `.gitignore` (see share.ts). */
  shareState(): Promise<ShareState> {
    return readShareState(this.fs, this.dir);
  }

  /** Shares the store as `mode` (rewrites a .gitignore Pulse wrote; never the user's own). */
  async setShare(mode: ShareMode): Promise<{ changed: boolean; file: string }> {
    await checkStore(this, true);
    return setShareMode(this.fs, this.dir, mode);
  }

  /** Writes a new live session. Fails if a session with that id exists. */
  async create(session: Session): Promise<Session> {
    const parsed = mustValidate(session, this.livePath(session.id));
    await checkStore(this, true);
    await this.ensureGitignore();
    const file = this.livePath(session.id);
    return this.serial(session.id, () =>
      this.committing(file, async (lock) => {
        if (await lstatOrUndefined(this.fs, file)) throw new PulseError('EINVALID', 'already exists', file);
        await writeAtomic(this.fs, file, serialize(parsed), () => lock.assertHeld());
        await this.rememberOnce();
        return { result: parsed, wrote: parsed };
      }),
    );
  }

  /** Once per process: the registry only has to learn a store exists. It never fails a write. */
  private async rememberOnce(): Promise<void> {
    const registry = this.registry;
    if (!registry) return;
    this.registry = undefined;
    try {
      await registry.remember(this.dir, this.project);
    } catch (err) {
      this.log.warn(`could not record ${this.dir} in the registry of stores (${registry.dir}): ${messageOf(err)}`);
    }
  }

  /**
   * A session by id, live or archived; undefined if there is none. Bad files throw a PulseError.
   * The live file is read first and the archive after, so a session being finished is found; its
   * archived copy wins over a live one.
   */
  async get(id: string): Promise<{ session: Session; live: boolean } | undefined> {
    if (!(await checkStore(this, false))) return undefined;
    const live = await listing.readSession(this, this.livePath(id), id);
    const archived = await listing.findArchived(this, id);
    if (archived) return { session: archived.session, live: false };
    return live ? { session: live, live: true } : undefined;
  }

  /** The live (active or paused) sessions. Cost grows with live files only, never with the archive. */
  listLive(): Promise<listing.LiveListing> {
    return listing.listLive(this);
  }

  /** Live and archived sessions (archived ones of `range`), each id once, the archived copy winning. */
  listAll(range: listing.MonthRange = {}): Promise<listing.Listing> {
    return listing.listAll(this, range);
  }

  /** Archived sessions, optionally only those of start months within `range`. */
  listArchived(range: listing.MonthRange = {}): Promise<listing.Listing> {
    return listing.listArchived(this, range);
  }

  /** Ids of the live files, from their names alone (nothing is read). */
  liveIds(): Promise<string[]> {
    return listing.liveIds(this);
  }

  /** The archive's month folders (YYYY-MM), oldest first. No session is read. */
  archiveMonths(): Promise<string[]> {
    return listing.archiveMonths(this);
  }

  /** Ids in one archive month, from the file names alone (nothing is read). */
  archivedIds(month: string): Promise<string[]> {
    return listing.archivedIds(this, month);
  }

  /**
   * Runs `fn` holding the session's lock, with the state read inside that lock (undefined: no such
   * session), from its live file or else its archived one. History edits go through this. A session
   * has one lock, `<store>/<id>.json.lock`, whether it is live or archived: the move into the archive
   * happens under it, and every lock stays in the live folder, where the sweep finds a dead one
   * without reading the archive.
   */
  async withSession<T>(id: string, fn: (held: SessionHandle | undefined) => Promise<T>): Promise<T> {
    const live = this.livePath(id);
    return this.serial(id, async () => {
      if (!(await checkStore(this, false))) return fn(undefined);
      return this.holding(live, async (lock) => {
        const version = await readSessionVersion(this.fs, live, id);
        if (version && !(await finishInterruptedMove(this, live, version.session))) {
          return fn(sessionHandle({ fs: this.fs, lock, file: live, version, live: true, tempDir: this.dir }));
        }
        const found = await listing.findArchived(this, id);
        const archived = found && (await readSessionVersion(this.fs, found.file, id));
        return fn(found && archived ? sessionHandle({ fs: this.fs, lock, file: found.file, version: archived, live: false, tempDir: this.dir }) : undefined);
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
      if (!(await checkStore(this, false))) return { kind: 'not-live' };
      // The file is read while the lock is being taken, and that read is used only if the file is
      // still the same version once the lock is held (see confirmedVersion).
      const ahead = readAhead(this.fs, file, id);
      return this.committing(file, (lock) => this.updateLocked(file, id, fn, lock, ahead));
    });
  }

  /**
   * Removes leftovers of crashed writers: temp files older than `olderThanMs`, and lock folders
   * whose holder is dead (never one that may be held).
   */
  async sweep(olderThanMs: number): Promise<SweepResult> {
    // Leftovers carry the file system's mtimes: their age is judged in that time too.
    const now = await this.fsNow().catch(() => this.clock.now());
    return sweepLeftovers(this, now - olderThanMs, this.lockSettings);
  }

  /** Completes an interrupted finish (see listLive's `moving`) under the lock, whatever its age. */
  async finishMove(id: string): Promise<boolean> {
    const r = await this.update(id, () => undefined);
    return r.kind === 'not-live' && r.session?.status === 'completed';
  }

  private async updateLocked(file: string, id: string, fn: Updater, lock: HeldLock, ahead: Promise<ReadAhead>): Promise<Committed<UpdateResult>> {
    const { read, archived } = await confirmVersion(this.fs, file, id, await ahead, (s) => this.archivePath(s));
    if (!read) return { result: { kind: 'not-live', session: (await listing.findArchived(this, id).catch(() => undefined))?.session } };
    const fresh = read.session;
    const moved = await finishInterruptedMove(this, file, fresh, archived);
    if (moved) return { result: { kind: 'not-live', session: moved } };
    if (fresh.status === 'completed') return { result: { kind: 'not-live', session: fresh } };
    const proposed = fn(fresh, { mtimeMs: read.mtimeMs });
    if (proposed === undefined) return { result: { kind: 'unchanged', session: fresh } };
    const next = mustValidate({ ...proposed, id: fresh.id, revision: fresh.revision + 1 }, file);
    const guard = async (): Promise<void> => {
      // Right before the rename: still our lock, and still the version read.
      await Promise.all([lock.assertHeld(), assertUnchanged(this.fs, file, read.identity, fresh.revision)]);
    };
    if (next.status !== 'completed') {
      // The folder's fsync runs alongside the release; both finish before the answer.
      const { durable } = await renameIntoPlace(this.fs, file, serialize(next), guard, this.dir);
      return { result: { kind: 'written', session: next, archived: false }, wrote: next, durable };
    }
    await this.archiveIndex.recording(next, () => moveToArchive(this, file, next, guard));
    return { result: { kind: 'written', session: next, archived: true }, wrote: next };
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
   * `holding`, for a task that may commit a write. The release right after it moves the lock aside
   * and reads its token: that is the check after the rename. If the lock was taken over in between
   * (only a holder that another host judged by mtime can lose it), the write is not acknowledged,
   * and a live file it brought back next to an archived copy is removed again, so a finished
   * session never comes back to life.
   */
  private async committing<T>(file: string, task: (lock: HeldLock) => Promise<Committed<T>>): Promise<T> {
    const lock = await acquireLock(this.fs, file, this.lockSettings, this.log);
    let done: Committed<T>;
    try {
      done = await task(lock);
    } catch (err) {
      await lock.release();
      throw err;
    }
    const [ours] = await Promise.all([lock.release(), done.durable]);
    if (ours || !done.wrote) return done.result;
    if (await lstatOrUndefined(this.fs, this.archivePath(done.wrote))) await unlinkDurably(this.fs, file).catch(() => undefined);
    throw new PulseError('ECOMPROMISED', 'lost its lock to another process during the write; not acknowledged', file);
  }

  /** "Now" in the store's file system time: the mtime of a probe file written at this moment. */
  async fsNow(): Promise<number> {
    const before = this.clock.now();
    const t = await fsNow(this.fs, this.dir);
    const offset = t - (before + this.clock.now()) / 2;
    if (Math.abs(offset) > SKEW_WARN_MS && !this.skewLogged) {
      this.skewLogged = true;
      this.log.warn(`this machine's clock is ${Math.round(offset / 1000)} s off the file system of ${this.dir}; Pulse judges staleness in the file system's time`);
    }
    return t;
  }

  /** The live file's mtime (file system time), or undefined when it is gone. */
  async liveMtime(id: string): Promise<number | undefined> {
    return (await lstatOrUndefined(this.fs, this.livePath(id)))?.mtimeMs;
  }

  /** Writes `<store>/.gitignore` once, unless turned off; an existing one is the user's. */
  async ensureGitignore(): Promise<void> {
    if (!this.gitignore || this.gitignoreDone) return;
    await createGitignore(this.fs, this.dir, this.share);
    this.gitignoreDone = true;
  }

  private serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(id, task);
  }
}
