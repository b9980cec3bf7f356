// One session as the tracker holds it: its unwritten activity, what it wants done at the next write
// (pause, resume, end), and the write itself. Writes go through SessionStore.create/update only, with
// the same pure transitions the CLI uses, so both agree on what a session looks like.
import { ActivityBuffer, firstStart } from './activityBuffer';
import { newSessionId } from '../session/ids';
import { applyDelta, finish, newSession, pause, relabel, resume, type ActivityDelta, type Owner } from '../session/session';
import { withLease } from '../session/lease';
import { ms } from '../time';
import type { EndReason, Session } from '../session/schema';
import type { SessionStore } from '../store/store';

export interface EndRequest {
  reason: EndReason;
  /** When the end was decided (closedAt). */
  at: number;
}

export class SessionSlot {
  readonly buf = new ActivityBuffer();
  /** Undefined until the session's first write (and again after it was closed under us). */
  id: string | undefined;
  previousSessionId: string | null = null;
  label: string | null;
  /** A relabel not yet written. */
  labelChange: { label: string | null } | undefined;
  paused = false;
  /** A pause or resume not yet written, with its time. */
  statusChange: { to: 'paused' | 'active'; at: number } | undefined;
  end: EndRequest | undefined;
  /** Wall time of the last successful write (the slot's creation before the first one). */
  lastWriteAt: number;
  writtenSeconds = 0;
  inFlightSeconds = 0;
  failures = 0;
  retryAt = -Infinity;

  constructor(createdAt: number, label: string | null = null) {
    this.lastWriteAt = createdAt;
    this.label = label;
  }

  setPaused(paused: boolean, at: number): void {
    this.paused = paused;
    this.statusChange = { to: paused ? 'paused' : 'active', at };
  }

  setLabel(label: string | null): void {
    this.label = label;
    this.labelChange = { label };
  }

  /** Nothing on disk and nothing to put there: a placeholder waiting for activity. */
  get empty(): boolean {
    return this.id === undefined && !this.buf.dirty;
  }

  activeSeconds(): number {
    return this.writtenSeconds + this.inFlightSeconds + this.buf.unflushedMs() / 1000;
  }

  /** Whether a write is due at `now` (explicit flushes pass `force` and skip the interval). */
  due(now: number, heartbeatMs: number, livenessMs: number, force: boolean): boolean {
    if (this.empty) return this.end !== undefined;
    if (this.end || this.statusChange || this.labelChange) return true;
    if (this.buf.dirty && (force || now - this.lastWriteAt >= heartbeatMs)) return true;
    // The liveness beat: a live idle window is never stale to a cleanup elsewhere.
    return this.id !== undefined && now - this.lastWriteAt >= livenessMs;
  }

  /**
   * The next state of a live session: the delta, then a pending pause or resume, then the end.
   * A session created while paused (closed under us during a pause) starts paused.
   */
  next(fresh: Session, delta: ActivityDelta, now: number, o: { end: boolean; creating: boolean }): Session {
    let s = applyDelta(fresh, delta, now);
    const change = this.statusChange;
    if (this.paused && s.status === 'active' && (change || o.creating)) s = pause(s, now);
    else if (!this.paused && change?.to === 'active' && s.status === 'paused') s = resume(s, now);
    if (this.labelChange) s = relabel(s, this.labelChange.label);
    const end = this.end;
    if (o.end && end) {
      // An idle session ended when the work did; a closed window or a user's end, when it happened.
      s = finish(s, end.at, end.reason, end.reason === 'idle' ? ms(s.lastActivity) : end.at);
    }
    return s;
  }
}

export type WriteResult =
  | { kind: 'written'; session: Session }
  | { kind: 'skipped' }
  /** The session was finished by someone else; nothing was written. */
  | { kind: 'not-live'; oldId: string; old: Session | undefined };

const LIVENESS: ActivityDelta = { segments: [], languages: {}, files: {}, heartbeats: 1 };

/**
 * One write of a slot's delta (already taken from its buffer). Throws when the write failed; the
 * caller puts the delta back. A create never ends the session (a completed file belongs
 * in the archive, and only `update` moves it there): a new session that also ends takes a second
 * write, and the caller sees `slot.end` still pending.
 */
export async function writeSlot(
  store: SessionStore,
  slot: SessionSlot,
  delta: ActivityDelta | undefined,
  now: number,
  owner: Owner,
  branch: string | null | undefined,
  leaseMs: number,
  issue?: string | null,
): Promise<WriteResult> {
  const change = slot.statusChange;
  const labelChange = slot.labelChange;
  const written = (session: Session): WriteResult => {
    // A pause, resume or relabel requested while this write was in flight waits for the next one.
    if (slot.statusChange === change) slot.statusChange = undefined;
    if (slot.labelChange === labelChange) slot.labelChange = undefined;
    return { kind: 'written', session };
  };
  const base = delta ?? LIVENESS;
  const d = branch !== undefined ? { ...base, branch, ...(issue !== undefined ? { issue } : {}) } : base;
  if (slot.id === undefined) {
    const startedAt = delta ? firstStart(delta) : undefined;
    if (startedAt === undefined) return { kind: 'skipped' };
    const id = newSessionId(startedAt);
    const fresh = newSession({ id, now: startedAt, owner, label: slot.label, branch: branch ?? null, issue, previousSessionId: slot.previousSessionId });
    const created = withLease(slot.next(fresh, d, now, { end: false, creating: true }), leaseMs);
    await store.create(created);
    slot.id = id;
    return written(created);
  }
  const id = slot.id;
  const r = await store.update(id, (fresh) => withLease(ownedBy(slot.next(fresh, d, now, { end: true, creating: false }), owner), leaseMs));
  if (r.kind === 'not-live') return { kind: 'not-live', oldId: id, old: r.session };
  // `unchanged` cannot happen: the updater always returns a session.
  return written(r.session);
}

/** The identity resolved after this window's session started goes into it (only ours, only while live). */
function ownedBy(s: Session, owner: Owner): Session {
  if (owner.user === undefined || s.owner.instance !== owner.instance || s.owner.user === owner.user) return s;
  return { ...s, owner: { ...s.owner, user: owner.user } };
}
