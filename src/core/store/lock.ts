// The session file lock: proper-lockfile's `<file>.lock` directory, with every option set on purpose.
import * as lockfile from 'proper-lockfile';
import { PulseError, errnoCode, messageOf } from '../errors';
import type { StoreFs } from './fsio';
import type { Logger } from '../ports';

export interface LockSettings {
  /** A lock whose mtime is older than this is a crashed holder's and may be taken over. Min 2000. */
  staleMs: number;
  /** Bounded retries; together they must outlast `staleMs` so a dead lock is recovered, not reported. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export const DEFAULT_LOCK: LockSettings = { staleMs: 5000, retries: 30, minTimeoutMs: 10, maxTimeoutMs: 400 };

export interface HeldLock {
  /** Throws ECOMPROMISED if the lock was lost since it was taken: the caller must not write. */
  assertHeld(): void;
  release(): Promise<void>;
}

export async function acquireLock(fs: StoreFs, file: string, settings: LockSettings, log: Logger): Promise<HeldLock> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      fs,
      stale: settings.staleMs,
      // The file may not exist yet (create) and must never be resolved through a symlink.
      realpath: false,
      retries: {
        retries: settings.retries,
        factor: 1.5,
        minTimeout: settings.minTimeoutMs,
        maxTimeout: settings.maxTimeoutMs,
        randomize: true,
      },
      // The default handler throws inside a timer and would take the whole host process down.
      onCompromised: (err: Error) => {
        compromised = err;
        log.warn(`lock on ${file} was compromised: ${err.message}`);
      },
    });
  } catch (err) {
    if (errnoCode(err) === 'ELOCKED') throw new PulseError('ELOCKED', 'is locked by another process that is still alive', file);
    throw err;
  }
  return {
    assertHeld: () => {
      if (compromised) throw new PulseError('ECOMPROMISED', `lost its lock (${compromised.message}); write aborted`, file);
    },
    release: async () => {
      try {
        await release();
      } catch (err) {
        // A compromised lock is already released; anything else is worth a line in the log.
        if (errnoCode(err) !== 'ERELEASED') log.warn(`releasing lock on ${file}: ${messageOf(err)}`);
      }
    },
  };
}
