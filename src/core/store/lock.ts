// The session file lock: a `<file>.lock` folder holding `holder.<token>`, the record of who holds it.
// Taking it is one rename of a prepared folder into place; see docs/protocol.md for the rules that
// other tools follow, and lockHolder.ts for when a holder counts as dead.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PulseError, errnoCode, messageOf } from '../errors';
import { READ_UNTRUSTED, type StoreFs } from './fsio';
import { fsNow } from './fsClock';
import type { Logger } from '../ports';
import { holderState, newToken, parseHolder, selfHolder, type HolderRecord } from './lockHolder';

export interface LockSettings {
  /**
   * A lock whose holder cannot be checked (another host, no record) is taken over once its folder's
   * mtime is older than this. Its holder refreshes it several times per period. Default 30 s.
   */
  staleMs: number;
  /** Bounded retries while a live holder has it; then ELOCKED. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export const DEFAULT_LOCK: LockSettings = { staleMs: 30_000, retries: 30, minTimeoutMs: 10, maxTimeoutMs: 400 };

/**
 * The holder record inside the lock folder is `holder.<token>`. The token in the name lets the holder
 * check "still mine?" with one lstat, and release with one unlink. The record itself (JSON) is the
 * target of that name as a symbolic link: one symlink() writes it, one readlink() reads it, and it
 * is never followed. Where a file system has no symlinks (Windows without the privilege, FAT), it is
 * a regular file holding the same JSON; readers take either.
 */
export const HOLDER_PREFIX = 'holder.';
const MAX_RECORD_BYTES = 2048;

export function holderFile(lockDir: string, token: string): string {
  return path.join(lockDir, `${HOLDER_PREFIX}${token}`);
}

/** Writes a holder record: as a symlink's target where the file system has them, else as a file. */
async function writeRecord(fs: StoreFs, file: string, rec: HolderRecord): Promise<void> {
  const text = JSON.stringify(rec);
  if (process.platform !== 'win32') {
    try {
      await fs.promises.symlink(text, file);
      return;
    } catch (err) {
      const code = errnoCode(err);
      if (code !== 'EPERM' && code !== 'EOPNOTSUPP' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EINVAL') throw err;
    }
  }
  await fs.promises.writeFile(file, text, { flag: 'wx' });
}

/** A record's text, from a symlink's target or a file's first bytes; undefined once it is gone. */
async function readRecord(fs: StoreFs, file: string): Promise<string | undefined> {
  try {
    return await fs.promises.readlink(file);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') return undefined;
    // EINVAL: not a symlink, so the record is the file's content.
    if (code !== 'EINVAL' && code !== 'UNKNOWN') throw err;
  }
  let fh: nodeFs.promises.FileHandle;
  try {
    fh = await fs.promises.open(file, READ_UNTRUSTED);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    // A FIFO or a device at a record's name is no record (and must not be waited on).
    if (!(await fh.stat()).isFile()) return '';
    const buf = Buffer.alloc(MAX_RECORD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.toString('utf8', 0, bytesRead);
  } finally {
    await fh.close();
  }
}

export interface HeldLock {
  /** Throws ECOMPROMISED unless the lock folder still records this holder's token. */
  assertHeld(): Promise<void>;
  /**
   * Removes the lock if, and only if, it is still this holder's. Answers whether it was: false means
   * it was taken over at some point, and anything written under it is not acknowledged.
   */
  release(): Promise<boolean>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A folder name next to the lock that the sweep knows as a temp leftover. */
function stagingPath(lockDir: string): string {
  return path.join(path.dirname(lockDir), `.${path.basename(lockDir)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * The token a lock folder's record is named by (known even when the record cannot be parsed, so a
 * damaged lock can still be evicted), and the record itself when it parses.
 */
export async function readLock(fs: StoreFs, lockDir: string): Promise<{ token?: string; rec?: HolderRecord }> {
  let names: string[];
  try {
    names = await fs.promises.readdir(lockDir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return {};
    throw err;
  }
  const name = names.find((n) => n.startsWith(HOLDER_PREFIX));
  if (!name) return {};
  const token = name.slice(HOLDER_PREFIX.length);
  const text = await readRecord(fs, path.join(lockDir, name));
  if (text === undefined) return {};
  const rec = text.length <= MAX_RECORD_BYTES ? parseHolder(text) : undefined;
  // The name is the truth about the token: a record is never rewritten in place.
  return { token, rec: rec && { ...rec, token } };
}

export async function acquireLock(fs: StoreFs, file: string, settings: LockSettings, log: Logger): Promise<HeldLock> {
  const lockDir = `${file}.lock`;
  const rec: HolderRecord = { ...(await selfHolder()), token: newToken() };
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (await tryTake(fs, lockDir, rec)) {
      if (attempt > 0) log.debug(`took ${lockDir} after ${Date.now() - started} ms`);
      return heldLock(fs, lockDir, rec.token, settings, log);
    }
    const judged = await judgeLock(fs, lockDir, settings.staleMs);
    // Dead (or gone meanwhile): try again at once, that is what makes crash recovery fast. An
    // eviction that freed nothing (someone else was quicker, or the folder holds something that is
    // not a lock) waits like a live holder, so the loop never spins.
    if (judged === 'gone') continue;
    if (judged !== 'alive' && (await evict(fs, lockDir, judged, log))) continue;
    if (attempt >= settings.retries) throw new PulseError('ELOCKED', 'is locked by another process that is still alive', file);
    const wait = Math.min(settings.maxTimeoutMs, settings.minTimeoutMs * 1.5 ** attempt);
    await sleep(wait * (0.5 + Math.random() / 2));
  }
}

/**
 * Prepares `.<lock>.<hex>.tmp/holder.<token>` and renames it to the lock's name: the lock appears with
 * its record in it, or not at all. A rename never replaces a folder with something in it, and every
 * Pulse lock holds its record, so two takers never both win.
 */
async function tryTake(fs: StoreFs, lockDir: string, rec: HolderRecord): Promise<boolean> {
  // No look before the leap: the rename is the test, and the common case (a free lock) needs
  // nothing else. It replaces an *empty* folder, which is right: an empty lock folder is free.
  const staging = stagingPath(lockDir);
  await fs.promises.mkdir(staging);
  try {
    await writeRecord(fs, holderFile(staging, rec.token), rec);
    await fs.promises.rename(staging, lockDir);
    return true;
  } catch (err) {
    await removeLockFolder(fs, staging).catch(() => undefined);
    const code = errnoCode(err);
    // Someone else's lock is in place (Linux says ENOTEMPTY or EEXIST, Windows EPERM), or something
    // that is not a lock folder (ENOTDIR), which the judgment then names.
    if (code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM' || code === 'ENOTDIR') return false;
    throw err;
  }
}

export type Judged = 'alive' | 'gone' | { token: string | undefined };

/**
 * Whether the lock at `lockDir` may be held: 'gone' (nothing there), 'alive', or dead with the token
 * of its record. A folder without any record is dead at once, whatever its age: a Pulse lock appears
 * with its record in it, so an empty one is only ever a release or an eviction interrupted between
 * its two steps. The one judgment, for takers and the sweep alike.
 */
export async function judgeLock(fs: StoreFs, lockDir: string, staleMs: number): Promise<Judged> {
  let st;
  try {
    st = await fs.promises.lstat(lockDir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  if (!st.isDirectory()) throw new PulseError('ENOTFILE', 'is not a lock folder (Pulse cannot take this lock); remove it', lockDir);
  const { token, rec } = await readLock(fs, lockDir);
  if (token === undefined) return { token };
  const state = await holderState(rec, st.mtimeMs, () => fsNowOrClock(fs, path.dirname(lockDir)), staleMs);
  return state === 'alive' ? 'alive' : { token };
}

/**
 * Removes a dead holder's lock, and only that one. The judgment may be old by now (another taker
 * may have freed that lock and taken it since), so nothing here acts on the folder at the lock's
 * name as a whole: the dead holder's record is unlinked by its token (a name no other lock has),
 * then the emptied folder is removed with an rmdir, which fails on any folder holding a record.
 * A live lock is never moved, not even for a moment. A crash between the two steps leaves an
 * empty folder, which the next taker removes (an empty lock folder is free).
 */
export async function evict(fs: StoreFs, lockDir: string, dead: { token: string | undefined }, log: Logger): Promise<boolean> {
  if (dead.token !== undefined) {
    try {
      await fs.promises.unlink(holderFile(lockDir, dead.token));
    } catch (err) {
      // Already evicted by someone else (and maybe taken since): nothing of ours to do.
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
  }
  try {
    await fs.promises.rmdir(lockDir);
  } catch (err) {
    const code = errnoCode(err);
    // Gone, or a taker renamed its own lock over the emptied folder (Windows says EPERM).
    if (code === 'ENOENT' || code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') return false;
    throw err;
  }
  log.info(`took over the lock of a dead holder: ${lockDir}`);
  return true;
}

/** The file system's "now" where it can be probed; this host's clock in a folder that cannot be written. */
export async function fsNowOrClock(fs: StoreFs, dir: string): Promise<number> {
  try {
    return await fsNow(fs, dir);
  } catch {
    return Date.now();
  }
}

/** Removes a lock folder and the record(s) in it (a lock folder holds nothing else). */
export async function removeLockFolder(fs: StoreFs, dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw err;
  }
  for (const n of names.filter((x) => x.startsWith(HOLDER_PREFIX))) await fs.promises.unlink(path.join(dir, n)).catch(ignoreEnoent);
  await fs.promises.rmdir(dir).catch(ignoreEnoent);
}

function ignoreEnoent(err: unknown): void {
  if (errnoCode(err) !== 'ENOENT') throw err;
}

async function exists(fs: StoreFs, p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return false;
    throw err;
  }
}

function heldLock(fs: StoreFs, lockDir: string, token: string, settings: LockSettings, log: Logger): HeldLock {
  const mine = holderFile(lockDir, token);
  // Holders whose liveness another host cannot check are judged by this mtime: keep it fresh.
  // The stamp is the file system's time (a probe's mtime), not this host's clock, so a taker on a
  // host whose clock differs judges its age right.
  const refresh = setInterval(() => {
    void fsNowOrClock(fs, path.dirname(lockDir))
      .then((t) => fs.promises.utimes(lockDir, t / 1000, t / 1000))
      .catch((err: unknown) => log.debug(`refreshing ${lockDir}: ${messageOf(err)}`));
  }, Math.max(250, settings.staleMs / 6));
  refresh.unref();
  return {
    assertHeld: async () => {
      if (!(await exists(fs, mine))) throw new PulseError('ECOMPROMISED', 'lost its lock to another process; nothing written', lockDir.slice(0, -'.lock'.length));
    },
    release: async () => {
      clearInterval(refresh);
      // Unlinking our record by its token is the check and the release in one step: it succeeds
      // only while the lock is still ours (a lock taken over has another holder's record, under
      // another token), and from that instant the lock is free. A lock that is no longer ours is
      // never touched.
      try {
        await fs.promises.unlink(mine);
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') return false;
        log.warn(`releasing lock ${lockDir}: ${messageOf(err)}`);
        return exists(fs, mine);
      }
      // The emptied folder goes too. If a taker's rename replaced it meanwhile, the rmdir fails on
      // the record in it and the new lock stays (Windows says EPERM). A crash right here leaves an
      // empty folder, which any taker removes at once (see judgeLock).
      try {
        await fs.promises.rmdir(lockDir);
      } catch (err) {
        const code = errnoCode(err);
        if (code !== 'ENOENT' && code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') log.warn(`removing released lock ${lockDir}: ${messageOf(err)}`);
      }
      return true;
    },
  };
}
