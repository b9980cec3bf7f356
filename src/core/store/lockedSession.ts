// A session file held under its lock, for edits of history: label or delete an archived session,
// merge two sessions. Changes of state (beat, pause, end) go through SessionStore.update instead.
// A handle changes its file at most once: the version read is the only one it may replace.
import * as path from 'node:path';
import { PulseError } from '../errors';
import { fileIdentity, lstatOrUndefined, unlinkDurably, writeAtomic, type StoreFs } from './fsio';
import { monthOf } from '../session/ids';
import { mustValidate, serialize, type SessionVersion } from './sessionFile';
import type { HeldLock } from './lock';
import type { Session } from '../session/schema';

export interface SessionHandle {
  /** The state read inside the lock. */
  readonly session: Session;
  /** A live file (`<store>/<id>.json`), or an archived one (`<store>/archive/<YYYY-MM>/<id>.json`). */
  readonly live: boolean;
  readonly file: string;
  /** Replaces the file with `next` (revision + 1), atomically, if it is still the version read. */
  write(next: Session): Promise<Session>;
  /** Deletes the file, if it is still the version read. */
  remove(): Promise<void>;
}

export interface HandleOptions {
  fs: StoreFs;
  lock: HeldLock;
  file: string;
  version: SessionVersion;
  live: boolean;
  /** Where temp files go: the live folder, so a crash never leaves debris in the archive. */
  tempDir: string;
}

export function sessionHandle(o: HandleOptions): SessionHandle {
  const fresh = o.version.session;
  let used = false;
  const claim = (): void => {
    if (used) throw new Error(`${o.file}: a held session is changed at most once`);
    used = true;
  };
  const guard = async (): Promise<void> => {
    await o.lock.assertHeld();
    const st = await lstatOrUndefined(o.fs, o.file);
    // Another process also "held" the lock (both reclaimed a stale one): its change wins, ours aborts.
    if (!st || fileIdentity(st) !== o.version.identity) {
      throw new PulseError('ECONFLICT', `changed under a held lock (revision ${fresh.revision} was read); nothing written`, o.file);
    }
  };
  return {
    session: fresh,
    live: o.live,
    file: o.file,
    async write(proposed: Session): Promise<Session> {
      claim();
      const next = mustValidate({ ...proposed, id: fresh.id, revision: fresh.revision + 1 }, o.file);
      // Only update() moves a file (live -> archive); an edit of history keeps it where it is.
      const stays = o.live ? next.status !== 'completed' : next.status === 'completed' && path.basename(path.dirname(o.file)) === monthOf(next.startedAt);
      if (!stays) throw new PulseError('EINVALID', 'this change would move the session file; refused', o.file);
      await writeAtomic(o.fs, o.file, serialize(next), guard, o.tempDir);
      await o.lock.assertHeld();
      return next;
    },
    async remove(): Promise<void> {
      claim();
      await guard();
      await unlinkDurably(o.fs, o.file);
    },
  };
}
