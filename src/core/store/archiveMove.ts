// Finishing a session: its completed state moves from `<store>/<id>.json` to
// `archive/<YYYY-MM>/<id>.json`. The archived copy is written first and the live file removed after,
// both under the live file's lock, so a crash in between leaves both copies (and loses nothing).
import * as path from 'node:path';
import { ensureRealDir, lstatOrUndefined, unlinkDurably, writeAtomic } from './fsio';
import { serialize } from './sessionFile';
import { readSession } from './storeListing';
import { ARCHIVE, archivePathIn, type StoreFolder } from './storeFolder';
import type { Session } from '../session/schema';

/** Writes `next` (completed) into the archive, then removes the live file. The caller holds the lock. */
export async function moveToArchive(f: StoreFolder, live: string, next: Session, guard: () => Promise<void>): Promise<void> {
  const target = archivePathIn(f.dir, next);
  await ensureRealDir(f.fs, path.join(f.dir, ARCHIVE), true);
  await ensureRealDir(f.fs, path.dirname(target), true);
  // The temp file stays in the live folder, so a crash never leaves debris in the archive.
  await writeAtomic(f.fs, target, serialize(next), guard, f.dir);
  // From here on the archived copy wins in every reader; removing the live file only tidies up.
  await unlinkDurably(f.fs, live);
}

/**
 * A finish that crashed between writing the archive copy and removing the live file: completes it
 * (under the live file's lock, which the caller holds) and answers the archived copy. The archived
 * copy wins whatever the live one says, however old: a finished session never comes back to life.
 */
export async function finishInterruptedMove(f: StoreFolder, live: string, fresh: Session, exists?: boolean): Promise<Session | undefined> {
  const archived = archivePathIn(f.dir, fresh);
  // `exists`: the caller has looked already, under the same lock.
  if (!(exists ?? (await lstatOrUndefined(f.fs, archived)) !== undefined)) return undefined;
  const copy = await readSession(f, archived, fresh.id);
  if (!copy) return undefined;
  await unlinkDurably(f.fs, live);
  f.log.info(`completed an interrupted archive move of ${fresh.id}`);
  return copy;
}
