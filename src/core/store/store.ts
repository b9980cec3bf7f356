// The session store: one folder of live `<id>.json` files plus `archive/<YYYY-MM>/<id>.json`.
// Every change goes through `update`, a read-modify-write under the file's lock (see DESIGN.md).
// Listings live in storeListing.ts, the move into the archive in archiveMove.ts, the sweep in sweep.ts.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { PulseError, errnoCode } from '../errors';
import { ensureRealDir, fileIdentity, lstatOrUndefined, writeAtomic, type StoreFs } from './fsio';
import { acquireLock, DEFAULT_LOCK, type LockSettings, type HeldLock } from './lock';
import { systemClock, silentLogger, type Clock, type Logger } from '../ports';
import type { Session } from '../session/schema';
import { KeyedQueue } from './keyedQueue';
import { sessionHandle, type SessionHandle } from './lockedSession';
import { mustValidate, readSessionVersion, serialize } from './sessionFile';
import { archivePathIn, livePathIn, type StoreFolder } from './storeFolder';
import * as listing from './storeListing';
import { finishInterruptedMove, moveToArchive } from './archiveMove';
import { ArchiveIndex } from './archiveIndex';
import { sweepLeftovers, type SweepResult } from './sweep';

export { serialize, type Problem } from './sessionFile';
export type { Listing, MonthRange } from './storeListing';

export interface StoreOptions {
  dir: string;
  fs?: StoreFs;
  clock?: Clock;
  log?: Logger;
  lock?: Partial<LockSettings>;
  /** Write `<store>/.gitignore` (`*`) with the first session. Default true. */
  gitignore?: boolean;
}

export type UpdateResult =
  | { kind: 'written'; session: Session; archived: boolean }
  | { kind: 'unchanged'; session: Session }
  | { kind: 'not-live'; session?: Session };

/** What `update`'s callback returns: the next state, or undefined for "the condition no longer holds". */
export type Updater = (fresh: Session) => Session | undefined;

export class SessionStore implements StoreFolder {
  readonly dir: string;
  readonly fs: StoreFs;
  readonly log: Logger;
  /** The month index of the archive, so range reports never read the whole of it. */
  readonly archiveIndex: ArchiveIndex;
  private readonly clock: Clock;
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
    this.archiveIndex = new ArchiveIndex(this, this.lockSettings, () => listing.listArchived(this));
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
    const live = await listing.readSession(this, this.livePath(id), id);
    if (live) return { session: live, live: true };
    const archived = await listing.findArchived(this, id);
    return archived ? { session: archived.session, live: false } : undefined;
  }

  /** The live (active or paused) sessions. Cost grows with live files only, never with the archive. */
  listLive(): Promise<listing.Listing> {
    return listing.listLive(this);
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
   * Runs `fn` holding the lock of the session's file, live or archived, with the state read inside
   * that lock (undefined: no such session). History edits go through this; an archived file takes
   * the same lock discipline as a live one: `<file>.lock` next to it.
   */
  async withSession<T>(id: string, fn: (held: SessionHandle | undefined) => Promise<T>): Promise<T> {
    const live = this.livePath(id);
    return this.serial(id, async () => {
      const inLive = await this.holding(live, async (lock) => {
        const version = await readSessionVersion(this.fs, live, id);
        if (!version || (await finishInterruptedMove(this, live, version.session))) return undefined;
        return { result: await fn(sessionHandle({ fs: this.fs, lock, file: live, version, live: true, tempDir: this.dir })) };
      });
      if (inLive) return inLive.result;
      // Not live: it can only be archived, and an archived session never moves again.
      const found = await listing.findArchived(this, id);
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

  /** Removes leftovers of crashed writers: temp files and lock directories older than `olderThanMs`. */
  sweep(olderThanMs: number): Promise<SweepResult> {
    return sweepLeftovers(this, this.clock.now() - olderThanMs);
  }

  private async updateLocked(file: string, id: string, fn: Updater, lock: HeldLock): Promise<UpdateResult> {
    const read = await readSessionVersion(this.fs, file, id);
    if (!read) return { kind: 'not-live', session: (await listing.findArchived(this, id).catch(() => undefined))?.session };
    const fresh = read.session;
    const moved = await finishInterruptedMove(this, file, fresh);
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
    await this.archiveIndex.recording(next, () => moveToArchive(this, file, next, guard));
    return { kind: 'written', session: next, archived: true };
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
