// Pure session transitions. Every change to a session file is one of these, applied to the fresh
// state read inside the file's lock (see SessionStore.update).
import { ms, iso } from '../time';
import { union, totalMs, toSeconds, type Interval } from './segments';
import { SCHEMA_VERSION, type Session, type EndReason } from './schema';

export interface Owner {
  host: string;
  pid: number;
  instance: string;
  /** The person (see schema.ts); optional so files from older versions stay valid. */
  user?: string;
}

export interface NewSessionOptions {
  id: string;
  now: number;
  owner: Owner;
  label?: string | null;
  branch?: string | null;
  previousSessionId?: string | null;
}

export function newSession(o: NewSessionOptions): Session {
  const t = iso(o.now);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: o.id,
    status: 'active',
    startedAt: t,
    lastHeartbeat: t,
    lastActivity: t,
    endedAt: null,
    closedAt: null,
    endReason: null,
    owner: { ...o.owner },
    revision: 1,
    heartbeats: 0,
    segments: [],
    activeSeconds: 0,
    languages: {},
    files: {},
    branch: o.branch ?? null,
    label: normalizeLabel(o.label),
    previousSessionId: o.previousSessionId ?? null,
  };
}

/** What a tracker (or one CLI beat) accumulated in memory since its last flush. */
export interface ActivityDelta {
  /** Activity intervals in epoch ms. */
  segments: Interval[];
  /** Seconds per language id. */
  languages: Record<string, number>;
  /** Seconds per path relative to the workspace folder. */
  files: Record<string, number>;
  heartbeats: number;
  branch?: string | null;
}

export function segmentsOf(s: Session): Interval[] {
  return s.segments.map(([a, b]) => [ms(a), ms(b)] as const);
}

function addSeconds(into: Record<string, number>, add: Record<string, number>): Record<string, number> {
  const out = { ...into };
  for (const [k, v] of Object.entries(add)) {
    if (v > 0) out[k] = toSeconds(((out[k] ?? 0) + v) * 1000);
  }
  return out;
}

/** Merges a delta into a live session and marks its owner alive at `now`. */
export function applyDelta(s: Session, d: ActivityDelta, now: number): Session {
  const merged = union([...segmentsOf(s), ...d.segments]);
  const lastEnd = merged.length > 0 ? merged[merged.length - 1]![1] : ms(s.lastActivity);
  return {
    ...s,
    lastHeartbeat: iso(Math.max(now, ms(s.lastHeartbeat))),
    lastActivity: iso(Math.max(lastEnd, ms(s.lastActivity))),
    heartbeats: s.heartbeats + d.heartbeats,
    segments: merged.map(([a, b]) => [iso(a), iso(b)] as [string, string]),
    activeSeconds: toSeconds(totalMs(merged)),
    languages: addSeconds(s.languages, d.languages),
    files: addSeconds(s.files, d.files),
    branch: d.branch !== undefined ? d.branch : s.branch,
  };
}

export interface BeatInfo {
  file?: string;
  language?: string;
}

/**
 * One heartbeat at `now` (the CLI's `beat`). The open segment is extended when the gap since the
 * last activity is at most the idle timeout; otherwise a new segment opens at `now`. The extension's
 * tracker applies the same rule to each editor event. A paused session only records liveness.
 */
export function beat(s: Session, now: number, idleTimeoutMs: number, info: BeatInfo = {}): Session {
  if (s.status === 'paused') {
    return { ...s, heartbeats: s.heartbeats + 1, lastHeartbeat: iso(Math.max(now, ms(s.lastHeartbeat))) };
  }
  const last = ms(s.lastActivity);
  const segs = segmentsOf(s);
  const open = segs.length > 0 && segs[segs.length - 1]![1] === last;
  const gap = now - last;
  const extends_ = open && gap >= 0 && gap <= idleTimeoutMs;
  const seconds = extends_ ? gap / 1000 : 0;
  const credit = (key: string | undefined): Record<string, number> => (key ? { [key]: seconds } : {});
  return applyDelta(
    s,
    {
      segments: [extends_ ? [last, now] : [now, now]],
      languages: credit(info.language),
      files: credit(info.file),
      heartbeats: 1,
    },
    now,
  );
}

export function pause(s: Session, now: number): Session {
  return { ...s, status: 'paused', lastHeartbeat: iso(Math.max(now, ms(s.lastHeartbeat))) };
}

/** Resuming is itself activity: it opens a fresh segment so the paused time is never counted. */
export function resume(s: Session, now: number): Session {
  return applyDelta({ ...s, status: 'active' }, { segments: [[now, now]], languages: {}, files: {}, heartbeats: 0 }, now);
}

export function finish(s: Session, now: number, reason: EndReason, endedAt: number = now): Session {
  return {
    ...s,
    status: 'completed',
    endedAt: iso(endedAt),
    closedAt: iso(now),
    endReason: reason,
  };
}

export function normalizeLabel(label: string | null | undefined): string | null {
  const t = (label ?? '').replace(/\s+/g, ' ').trim();
  return t.length > 0 ? t.slice(0, 500) : null;
}

export function relabel(s: Session, label: string | null): Session {
  return { ...s, label: normalizeLabel(label) };
}

export function isLive(s: Session): boolean {
  return s.status === 'active' || s.status === 'paused';
}
