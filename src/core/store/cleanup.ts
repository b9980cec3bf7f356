// Closes the sessions whose owner is gone. The listing is only a cheap guess; every close is
// re-validated inside the file's lock against the fresh state and a fresh `now`, so a heartbeat that
// lands between the listing and the write wins and is never lost. Silence is measured in the file
// system's time (a live file's mtime against a probe written now, see fsClock.ts), so a cleaner and
// an owner on hosts with different clocks never misjudge each other.
import { isPulseError, messageOf } from '../errors';
import { finish, isLive } from '../session/session';
import { ms } from '../time';
import { closableAfterMs } from '../session/lease';
import { mtimeMarginMs } from './fsClock';
import type { Session } from '../session/schema';
import type { SessionStore } from './store';

export interface CleanupResult {
  closed: string[];
  /** Interrupted finishes whose move into the archive this cleanup completed. */
  finished: string[];
  skipped: { id: string; reason: string }[];
  errors: { path: string; message: string }[];
  swept: string[];
}

export interface CleanupOptions {
  staleAfterMs: number;
  /** Temp files older than this are a crashed writer's. Default 60 s. Locks go when their holder is dead. */
  sweepAfterMs?: number;
  /** Sessions this process owns and keeps alive itself: never candidates. */
  exclude?: ReadonlySet<string>;
  /** Test seam: runs between the unlocked pre-filter and the first lock. */
  afterPrefilter?: (candidates: readonly string[]) => Promise<void> | void;
}

/**
 * The one staleness decision: live, and silent for longer than both this cleaner's stale time and
 * the session's own lease (with its margin). Every close re-checks it inside the lock.
 */
export function isStale(s: Session, now: number, staleAfterMs: number): boolean {
  return isLive(s) && now - ms(s.lastHeartbeat) > closableAfterMs(s, staleAfterMs);
}

/**
 * Staleness in the file system's time: the owner's last write (the file's mtime) is further back
 * than the lease rule's limit (plus a margin for coarse mtimes) as of `fsNowMs`, a probe's mtime.
 */
export function isSilent(s: Session, fileMtimeMs: number, fsNowMs: number, staleAfterMs: number): boolean {
  const limit = closableAfterMs(s, staleAfterMs);
  return isLive(s) && fsNowMs - fileMtimeMs > limit + mtimeMarginMs(limit);
}

export async function cleanup(store: SessionStore, o: CleanupOptions): Promise<CleanupResult> {
  const result: CleanupResult = { closed: [], finished: [], skipped: [], errors: [], swept: [] };
  // 1. Pre-filter without a lock: cheap, and allowed to be wrong.
  const listing = await store.listLive();
  for (const p of listing.problems) result.errors.push({ path: p.path, message: p.message });
  const candidates: string[] = [];
  const live = listing.sessions.filter((s) => !o.exclude?.has(s.id) && isLive(s));
  if (live.length > 0) {
    try {
      const listedAt = await store.fsNow();
      for (const s of live) {
        const mtime = await store.liveMtime(s.id);
        if (mtime !== undefined && isSilent(s, mtime, listedAt, o.staleAfterMs)) candidates.push(s.id);
      }
    } catch (err) {
      // No probe, no time to judge by (a read-only store, say): close nothing.
      result.errors.push({ path: store.dir, message: `cannot read the file system's time here: ${messageOf(err)}; nothing closed` });
    }
  }
  await o.afterPrefilter?.(candidates);

  // A finish interrupted between its two steps: completed at once, however fresh or stale.
  for (const id of listing.moving) {
    try {
      if (await store.finishMove(id)) result.finished.push(id);
    } catch (err) {
      if (!isPulseError(err, 'ELOCKED')) result.errors.push({ path: store.livePath(id), message: messageOf(err) });
    }
  }

  for (const id of candidates) {
    let reason = '';
    try {
      // 2-3. Re-check inside the lock, against the fresh file and a fresh probe. The probe is
      // taken just before the lock: a beat after it only makes the file newer, never the silence longer.
      const probe = await store.fsNow();
      const r = await store.update(id, (fresh, version) => {
        const now = store.now();
        if (!isLive(fresh)) {
          reason = 'already finished';
          return undefined;
        }
        if (!isSilent(fresh, version.mtimeMs, probe, o.staleAfterMs)) {
          reason = 'it sent a heartbeat meanwhile';
          return undefined;
        }
        return finish(fresh, now, 'stale', ms(fresh.lastActivity));
      });
      if (r.kind === 'written') result.closed.push(id);
      else result.skipped.push({ id, reason: r.kind === 'not-live' ? 'already finished' : reason });
    } catch (err) {
      if (isPulseError(err, 'ELOCKED')) result.skipped.push({ id, reason: 'its lock is held by a live process' });
      else result.errors.push({ path: store.livePath(id), message: messageOf(err) });
    }
  }
  // 5. Leftovers of crashed writers, once they are old enough to be safely dead.
  const swept = await store.sweep(o.sweepAfterMs ?? 60_000);
  result.swept = swept.removed;
  for (const p of swept.problems) result.errors.push({ path: p.path, message: p.message });
  return result;
}

/** "Closed 2 stale sessions · 1 skipped: it sent a heartbeat meanwhile" */
export function describeCleanup(r: CleanupResult): string {
  const parts = [r.closed.length === 0 ? 'No stale sessions' : `Closed ${r.closed.length} stale session${r.closed.length === 1 ? '' : 's'}`];
  if (r.skipped.length > 0) {
    const reasons = [...new Set(r.skipped.map((s) => s.reason))].join('; ');
    parts.push(`${r.skipped.length} skipped: ${reasons}`);
  }
  if (r.errors.length > 0) parts.push(`${r.errors.length} file${r.errors.length === 1 ? '' : 's'} left untouched (see log)`);
  return parts.join(' · ');
}
