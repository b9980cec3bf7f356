// The session file lock: a `<file>.lock` folder holding `holder.<token>`, the record of who holds it.
// Taking it is one rename of a prepared folder into place; see docs/protocol.md for the rules that
// other tools follow, and lockHolder.ts for when a holder counts as dead.
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PulseError, errnoCode, messageOf } from '../errors';
import type { StoreFs } from './fsio';
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
 * The holder record inside the lock folder: `holder.<token>`, holding the record as JSON. The token
 * in the name lets the holder check "still mine?" with one lstat, and release with one unlink.
 */
export const HOLDER_PREFIX = 'holder.';
const MAX_RECORD_BYTES = 2048;

export function holderFile(lockDir: string, token: string): string {
  return path.join(lockDir, `${HOLDER_PREFIX}${token}`);
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
  let fh: nodeFs.promises.FileHandle;
  try {
    fh = await fs.promises.open(path.join(lockDir, name), 'r');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return {};
    throw err;
  }
  try {
    const buf = Buffer.alloc(MAX_RECORD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const rec = parseHolder(buf.toString('utf8', 0, bytesRead));
    // The name is the truth about the token: a record is never rewritten in place.
    return { token, rec: rec && { ...rec, token } };
  } finally {
    await fh.close();
  }
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
    const judged = await judge(fs, lockDir, settings.staleMs);
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
  // Why the lstat: a rename does replace an *empty* folder, which is what older versions' locks are.
  // It runs alongside the staging mkdir: the common case (a free lock) needs both.
  const staging = stagingPath(lockDir);
  const [held] = await Promise.all([exists(fs, lockDir), fs.promises.mkdir(staging)]);
  try {
    if (held) {
      await removeLockFolder(fs, staging);
      return false;
    }
    await fs.promises.writeFile(holderFile(staging, rec.token), JSON.stringify(rec), { flag: 'wx' });
    await fs.promises.rename(staging, lockDir);
    return true;
  } catch (err) {
    await removeLockFolder(fs, staging).catch(() => undefined);
    const code = errnoCode(err);
    // Someone else's lock is in place (Linux says ENOTEMPTY or EEXIST, Windows EPERM).
    if (code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM') return false;
    throw err;
  }
}

type Judged = 'alive' | 'gone' | { token: string | undefined };

async function judge(fs: StoreFs, lockDir: string, staleMs: number): Promise<Judged> {
  let st;
  try {
    st = await fs.promises.lstat(lockDir);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return 'gone';
    throw err;
  }
  const { token, rec } = await readLock(fs, lockDir);
  const state = await holderState(rec, st.mtimeMs, () => fsNowOrClock(fs, path.dirname(lockDir)), staleMs);
  return state === 'alive' ? 'alive' : { token };
}

/**
 * Removes a dead holder's lock, and only that one. The judgment may be old by now (another taker
 * may have freed that lock and taken it since), so nothing here acts on the folder at the lock's
 * name as a whole: the dead holder's record is unlinked by its token (a name no other lock has),
 * then the emptied folder is removed with an rmdir, which fails on any folder holding a record.
 * A live lock is never moved, not even for a moment. A crash between the two steps leaves an
 * empty folder, which is judged by its mtime like any lock without a record.
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

async function putBack(fs: StoreFs, aside: string, lockDir: string, log: Logger): Promise<void> {
  try {
    await fs.promises.rename(aside, lockDir);
  } catch (err) {
    // Someone took the free name meanwhile; the holder we moved finds out at its token check.
    log.warn(`could not put back the lock ${lockDir}: ${messageOf(err)}`);
  }
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
      // A lock that is no longer ours is left alone: moving the new holder's lock aside, even to
      // put it back, would let a third taker in meanwhile.
      if (!(await exists(fs, mine))) return false;
      // Moved aside first, the lock can be checked without a race: ours is removed, anyone else's
      // (taken over in the instant since the check) is put back.
      const aside = stagingPath(lockDir);
      try {
        await fs.promises.rename(lockDir, aside);
      } catch (err) {
        // ENOENT: no lock there at all, so it is certainly not ours any more.
        if (errnoCode(err) === 'ENOENT') return false;
        log.warn(`releasing lock ${lockDir}: ${messageOf(err)}`);
        return true;
      }
      try {
        await fs.promises.unlink(holderFile(aside, token));
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT') {
          log.warn(`releasing lock ${lockDir}: ${messageOf(err)}`);
          await putBack(fs, aside, lockDir, log);
          return true;
        }
        log.warn(`lock ${lockDir} is no longer ours; left alone`);
        await putBack(fs, aside, lockDir, log);
        return false;
      }
      await fs.promises.rmdir(aside).catch((err: unknown) => log.warn(`removing released lock ${aside}: ${messageOf(err)}`));
      return true;
    },
  };
}
