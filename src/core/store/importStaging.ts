// All-or-nothing imports. Sessions are first written to a staging folder inside the store, which
// every listing ignores (a dot name matching the temp pattern), one folder per month in it. Only
// when the whole source has been read and checked, and every staged file made durable, does a
// COMMIT marker go in; then each staged file is hard-linked into the archive (link never
// overwrites) and removed from staging. A crash before COMMIT leaves nothing visible; a crash after
// it leaves a batch that the next import rolls forward. Ids come from the content, so a re-run of
// the same file completes a broken one too.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errnoCode, isPulseError } from '../errors';
import { fsyncDir, lstatOrUndefined, writeAtomic, ensureRealDir, type StoreFs } from './fsio';
import { acquireLock, type HeldLock } from './lock';
import { checkId, readSessionVersion, serialize, mustValidate } from './sessionFile';
import { monthOf } from '../session/ids';
import type { Session } from '../session/schema';
import type { SessionStore } from './store';
import { MONTH_DIR, checkStore } from './storeFolder';
import { entryOf, type IndexEntry } from './indexFiles';

const BATCH_DIR = /^\.import\.[0-9a-f]{12}\.tmp$/;
const COMMIT = 'COMMIT';
const STAGED = /^(.+)\.json$/;
/** Staged files the commit fsyncs at a time: together, the disk flushes them in a few journal commits, with few handles open. */
const SYNC_AT_ONCE = 8;

export class ImportBatch {
  /** The month folders made in the batch so far. */
  private readonly months = new Set<string>();

  private constructor(
    private readonly store: SessionStore,
    private readonly fs: StoreFs,
    readonly dir: string,
    private readonly lock: HeldLock,
  ) {}

  /** Opens a new batch in the store (creating the store if needed), after finishing any a crash left. */
  static async begin(store: SessionStore): Promise<ImportBatch> {
    await recoverImports(store);
    const { fs, lock: settings, log } = store.internals();
    // Every folder on the way is made and checked like any first write's (no symlinked parents).
    await checkStore(store, true);
    await store.ensureGitignore();
    const dir = path.join(store.dir, `.import.${randomBytes(6).toString('hex')}.tmp`);
    await fs.promises.mkdir(dir);
    // The lock tells a later run whether this batch's writer is still alive.
    const lock = await acquireLock(fs, path.join(dir, 'batch'), settings, log);
    return new ImportBatch(store, fs, dir, lock);
  }

  /**
   * Stages a session (its bytes from encodeStaged): written whole (temp file, rename), but not
   * fsynced, which the commit does for all of them at once; until then nothing depends on it.
   */
  async stage(s: Pick<Session, 'id' | 'startedAt'>, bytes: Buffer): Promise<void> {
    const month = monthOf(s.startedAt);
    const file = path.join(this.dir, month, `${checkId(s.id)}.json`);
    if (!this.months.has(month)) {
      await this.fs.promises.mkdir(path.dirname(file));
      this.months.add(month);
    }
    await writeStaged(this.fs, file, bytes, () => this.lock.assertHeld());
  }

  /** Makes the batch visible. Answers how many sessions were added (an equal id already there is kept). */
  async commit(): Promise<number> {
    // COMMIT promises every staged session: they and their folders reach the disk before it does.
    for (const month of this.months) await syncStaged(this.fs, path.join(this.dir, month));
    await fsyncDir(this.fs, this.dir);
    await writeAtomic(this.fs, path.join(this.dir, COMMIT), 'commit\n', () => this.lock.assertHeld());
    const added = await publish(this.store, this.fs, this.dir);
    await this.close();
    return added;
  }

  /** Throws the batch away: nothing of it was ever visible. */
  async abort(): Promise<void> {
    await this.close();
  }

  private async close(): Promise<void> {
    await this.lock.release();
    await this.fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}

/** A session's file as it is staged (and then published to `target`): checked, serialized and encoded. */
export function encodeStaged(s: Session, target: string): Buffer {
  return Buffer.from(serialize(mustValidate(s, target)), 'utf8');
}

/** True when the session is already in the store's archive (imported before). */
export async function isArchived(store: SessionStore, s: Pick<Session, 'id' | 'startedAt'>): Promise<boolean> {
  return (await lstatOrUndefined(store.internals().fs, store.archivePath(s))) !== undefined;
}

/**
 * Finishes what crashed imports left: a committed batch is published, an uncommitted one discarded.
 * A batch whose writer still holds its lock is another import in progress, and is left alone.
 */
export async function recoverImports(store: SessionStore): Promise<{ published: number; discarded: number }> {
  const { fs, lock: settings, log } = store.internals();
  const out = { published: 0, discarded: 0 };
  if (!(await checkStore(store, false))) return out;
  for (const name of await fs.promises.readdir(store.dir)) {
    if (!BATCH_DIR.test(name)) continue;
    const dir = path.join(store.dir, name);
    let lock: HeldLock;
    try {
      lock = await acquireLock(fs, path.join(dir, 'batch'), { ...settings, retries: 0 }, log);
    } catch (err) {
      if (isPulseError(err, 'ELOCKED') || errnoCode(err) === 'ENOENT') continue;
      throw err;
    }
    try {
      if (await lstatOrUndefined(fs, path.join(dir, COMMIT))) {
        out.published += await publish(store, fs, dir);
        log.info(`completed an interrupted import (${name})`);
      } else out.discarded++;
    } finally {
      await lock.release();
    }
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
  return out;
}

/** Publishes a committed batch one month folder at a time (and any session staged at its top). */
async function publish(store: SessionStore, fs: StoreFs, dir: string): Promise<number> {
  let added = await publishFolder(store, fs, dir);
  for (const name of (await fs.promises.readdir(dir)).sort()) {
    if (MONTH_DIR.test(name)) added += await publishFolder(store, fs, path.join(dir, name));
  }
  return added;
}

async function publishFolder(store: SessionStore, fs: StoreFs, dir: string): Promise<number> {
  // Index entries first (a few numbers per session, read one file at a time), then every link,
  // all under the index lock: one write per month file, however many sessions.
  const staged: { file: string; target: string }[] = [];
  const entries: IndexEntry[] = [];
  for (const name of (await fs.promises.readdir(dir)).sort()) {
    const m = STAGED.exec(name);
    const one = m ? await stagedEntry(store, fs, path.join(dir, name), m[1]!) : undefined;
    if (!one) continue;
    staged.push({ file: one.file, target: one.target });
    entries.push(one.entry);
  }
  if (staged.length === 0) return 0;
  return store.archiveIndex.recordingAll(entries, async () => {
    let added = 0;
    await ensureRealDir(fs, path.join(store.dir, 'archive'), true);
    for (const { file, target } of staged) {
      await ensureRealDir(fs, path.dirname(target), true);
      if (await linkNoClobber(fs, file, target)) added++;
      await fs.promises.unlink(file);
    }
    return added;
  });
}

/** A staged session read back (and checked again) for its archive path and index entry; the session itself is not kept. */
async function stagedEntry(store: SessionStore, fs: StoreFs, file: string, id: string): Promise<{ file: string; target: string; entry: IndexEntry } | undefined> {
  const version = await readSessionVersion(fs, file, id);
  return version && { file, target: store.archivePath(version.session), entry: entryOf(version.session) };
}

/** A staged session file, whole or not at all under its name; durable only once syncStaged ran. */
async function writeStaged(fs: StoreFs, file: string, bytes: Buffer, beforeRename: () => void | Promise<void>): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const fh = await fs.promises.open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(bytes);
    } finally {
      await fh.close();
    }
    await beforeRename();
    await fs.promises.rename(tmp, file);
    renamed = true;
  } finally {
    if (!renamed) await fs.promises.unlink(tmp).catch(() => undefined);
  }
}

/** Every staged session in `folder` fsynced (a few at once), then the folder itself. */
async function syncStaged(fs: StoreFs, folder: string): Promise<void> {
  const names = (await fs.promises.readdir(folder)).filter((n) => STAGED.test(n));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      // 'r+': Windows flushes only a handle open for writing.
      const fh = await fs.promises.open(path.join(folder, names[next++]!), 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SYNC_AT_ONCE, names.length) }, worker));
  await fsyncDir(fs, folder);
}

/** Puts `from` at `to` unless `to` exists. link() is atomic and never overwrites. */
async function linkNoClobber(fs: StoreFs, from: string, to: string): Promise<boolean> {
  try {
    await fs.promises.link(from, to);
    return true;
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EEXIST') return false;
    // A file system without hard links: a rename after checking is the best it allows.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err;
    if (await lstatOrUndefined(fs, to)) return false;
    await fs.promises.copyFile(from, to, fs.constants.COPYFILE_EXCL);
    return true;
  }
}
