// The sessions of one workspace folder in one window: the current one, the ended ones whose last
// write is still pending, and the folder's store. Writes keep everything in memory until they
// succeed, back off while the store fails, and survive a session closed under their feet.
import { PulseError, messageOf } from '../errors';
import { totalMs } from '../session/segments';
import { iso } from '../time';
import { SessionSlot, writeSlot, type WriteResult } from './sessionSlot';
import { keepAliveMs } from '../session/lease';
import type { ActivityBuffer } from './activityBuffer';
import type { Logger } from '../ports';
import type { EndReason, Session } from '../session/schema';
import type { ActivityDelta, Owner } from '../session/session';
import type { SessionStore } from '../store/store';
import type { TrackedFolder, TrackerSettings } from './trackerTypes';

const BACKOFF_FIRST_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export interface FlushContext {
  owner: Owner;
  log: Logger;
  settings: Readonly<TrackerSettings>;
  /** Credits work the timeline still holds for this buffer, before it is taken. */
  beforeTake(buf: ActivityBuffer): void;
}

export class FolderSessions {
  readonly key: string;
  readonly path: string;
  readonly store: SessionStore;
  current: SessionSlot | undefined;
  /** Removed from the workspace: takes no activity, and goes once its last write is done. */
  removed = false;
  failing = false;
  /** The folder's current git branch, written with the session's next write (undefined: unknown). */
  branch: string | null | undefined;
  /** The issue key of that branch (ABC-123, #123), or null; undefined: not known. */
  issue: string | null | undefined;
  lastError: string | undefined;
  private closing: SessionSlot[] = [];

  constructor(f: TrackedFolder) {
    this.key = f.key;
    this.path = f.path;
    this.store = f.store;
  }

  /** Ends the current session; its last write happens at the next flush. */
  end(reason: EndReason, at: number): void {
    const slot = this.current;
    if (!slot) return;
    slot.end = { reason, at };
    this.current = undefined;
    // Always queued, even if it looks empty: its first write may be in flight, and if that fails
    // the activity comes back into this slot. An ended slot that is really empty writes nothing.
    this.closing.push(slot);
  }

  get idle(): boolean {
    return this.current === undefined && this.closing.length === 0;
  }

  /** After a forced flush: nothing failed, and every ended session is written. */
  savedAll(): boolean {
    return !this.failing && this.closing.length === 0;
  }

  hasUnflushed(): boolean {
    const c = this.current;
    return this.closing.length > 0 || (c !== undefined && (c.buf.dirty || (c.id !== undefined && (c.statusChange ?? c.labelChange) !== undefined)));
  }

  hasDue(now: number, s: Readonly<TrackerSettings>): boolean {
    return this.slots().some((slot) => slot.retryAt <= now && slot.due(now, s.heartbeatIntervalMs, keepAliveMs(s.staleAfterMs), false));
  }

  /** Writes what is due (everything that changed, with `force`). Never throws. */
  async flush(now: number, force: boolean, ctx: FlushContext): Promise<void> {
    for (const slot of [...this.closing]) {
      if (await this.writeOne(slot, now, force, ctx)) this.closing = this.closing.filter((s) => s !== slot);
    }
    const slot = this.current;
    if (slot) await this.writeOne(slot, now, force, ctx);
  }

  /** Ids of the sessions this folder still owns: the current one and ended ones still to be written. */
  ownedIds(): string[] {
    return this.slots().flatMap((slot) => (slot.id !== undefined ? [slot.id] : []));
  }

  private slots(): SessionSlot[] {
    return this.current ? [...this.closing, this.current] : this.closing;
  }

  /** Writes one slot until it has nothing due. True when an ended slot is completely written. */
  private async writeOne(slot: SessionSlot, now: number, force: boolean, ctx: FlushContext): Promise<boolean> {
    const s = ctx.settings;
    // Rounds: a new session that also ends, or one closed under us, takes more than one write.
    for (let round = 0; round < 4; round++) {
      if (!force && slot.retryAt > now) return false;
      if (!slot.due(now, s.heartbeatIntervalMs, keepAliveMs(s.staleAfterMs), force || round > 0)) return slot.end !== undefined && slot.empty;
      ctx.beforeTake(slot.buf);
      const delta = slot.buf.take();
      let r: WriteResult;
      slot.inFlightSeconds = delta ? totalMs(delta.segments) / 1000 : 0;
      try {
        // The lease this window declares is its own stale time; its idle beat comes thrice within it.
        r = await writeSlot(this.store, slot, delta, now, ctx.owner, this.branch, s.staleAfterMs, this.issue);
      } catch (err) {
        // Nothing is lost: the activity goes back into memory and the write is retried later.
        if (delta) slot.buf.restore(delta);
        this.failed(slot, now, err, ctx.log);
        return false;
      } finally {
        slot.inFlightSeconds = 0;
      }
      this.recovered(slot, ctx.log);
      if (r.kind === 'skipped') return slot.end !== undefined;
      if (r.kind === 'not-live') {
        // Our own finishing write landed in the archive, but the call failed after it (the live file
        // could not be removed); the store has completed the move since. Nothing to redo.
        if (isOurEnd(slot, r.old)) return true;
        this.closedUnderUs(slot, r, delta, ctx.log);
        if (!delta) return slot.end !== undefined;
        continue;
      }
      slot.lastWriteAt = now;
      slot.writtenSeconds = r.session.activeSeconds;
      if (r.session.status === 'completed') return true;
      // Only an end still owes a write now; new activity waits for the next interval.
      if (!slot.end) return false;
    }
    return false;
  }

  /**
   * A cleanup elsewhere finished our session (after a long sleep, say). It is never overwritten: the
   * unwritten activity moves into a new session that points back at it.
   */
  private closedUnderUs(slot: SessionSlot, r: Extract<WriteResult, { kind: 'not-live' }>, delta: ActivityDelta | undefined, log: Logger): void {
    const why = r.old?.endReason ? ` (${r.old.endReason})` : '';
    const next = delta
      ? 'its unsaved activity continues in a new session linked to it'
      : slot.end
        ? 'nothing of it was unsaved'
        : 'the next activity starts a new session linked to it';
    log.warn(`Session ${r.oldId} was closed elsewhere${why} while this window still had it open; it is left as it is, and ${next}.`);
    slot.previousSessionId = r.oldId;
    slot.id = undefined;
    slot.writtenSeconds = 0;
    if (delta) slot.buf.restore(delta);
  }

  private failed(slot: SessionSlot, now: number, err: unknown, log: Logger): void {
    slot.failures += 1;
    slot.retryAt = now + Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (slot.failures - 1));
    // The path makes "is not a directory" say which one.
    const message = err instanceof PulseError && err.path ? `${err.path} ${messageOf(err)}` : messageOf(err);
    // Once per failing spell, not once per retry: the status bar carries the state meanwhile.
    if (!this.failing) log.warn(`Could not save the session in ${this.store.dir}: ${message}. The activity is kept in memory and saved when writing works again.`);
    this.failing = true;
    this.lastError = message;
  }

  private recovered(slot: SessionSlot, log: Logger): void {
    slot.failures = 0;
    slot.retryAt = -Infinity;
    if (!this.failing) return;
    this.failing = false;
    this.lastError = undefined;
    log.info(`Saving sessions in ${this.store.dir} works again; nothing was lost.`);
  }
}

/** The session was finished exactly as this slot asked: same reason, same closing instant. */
function isOurEnd(slot: SessionSlot, old: Session | undefined): boolean {
  return slot.end !== undefined && old?.status === 'completed' && old.endReason === slot.end.reason && old.closedAt === iso(slot.end.at);
}
