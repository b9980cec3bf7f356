// All-or-nothing imports. Sessions are first written to a staging folder inside the store, which
// every listing ignores (a dot name matching the temp pattern). Only when the whole source has been
// read and checked does a COMMIT marker go in; then each staged file is hard-linked into the archive
// (link never overwrites) and removed from staging. A crash before COMMIT leaves nothing visible; a
// crash after it leaves a batch that the next import rolls forward. Ids come from the content, so a
// re-run of the same file completes a broken one too.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errnoCode, isPulseError } from '../errors';
import { lstatOrUndefined, writeAtomic, ensureRealDir, type StoreFs } from './fsio';
import { acquireLock, type HeldLock } from './lock';
import { readSessionVersion, serialize, mustValidate } from './sessionFile';
import type { Session } from '../session/schema';
import type { SessionStore } from './store';
import { checkStore } from './storeFolder';
import { entryOf, type IndexEntry } from './archiveIndex';

const BATCH_DIR = /^\.import\.[0-9a-f]{12}\.tmp$/;
const COMMIT = 'COMMIT';
const STAGED = /^(.+)\.json$/;

export class ImportBatch {
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

  async stage(s: Session): Promise<void> {
    const file = path.join(this.dir, `${s.id}.json`);
    await writeAtomic(this.fs, file, serialize(mustValidate(s, file)), () => this.lock.assertHeld());
  }

  /** Makes the batch visible. Answers how many sessions were added (an equal id already there is kept). */
  async commit(): Promise<number> {
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

/** True when the session is already in the store's archive (imported before). */
export async function isArchived(store: SessionStore, s: Session): Promise<boolean> {
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

async function publish(store: SessionStore, fs: StoreFs, dir: string): Promise<number> {
  // Index entries first (a few numbers per session, read one file at a time), then every link,
  // all under the index lock: one write per month file, however many sessions.
  const staged: { file: string; target: string }[] = [];
  const entries: IndexEntry[] = [];
  for (const name of (await fs.promises.readdir(dir)).sort()) {
    const m = STAGED.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    const version = await readSessionVersion(fs, file, m[1]!);
    if (!version) continue;
    staged.push({ file, target: store.archivePath(version.session) });
    entries.push(entryOf(version.session));
  }
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
