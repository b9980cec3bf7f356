// Pure session transitions. Every change to a session file is one of these, applied to the fresh
// state read inside the file's lock (see SessionStore.update).
import { ms, iso } from '../time';
import { union, totalMs, toSeconds, type Interval } from './segments';
import { appendSpans, type DeltaSpan } from './spans';
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
  /** The issue key of the branch; left out of the file when not known. */
  issue?: string | null;
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
    spanKeys: [],
    spans: [],
    label: normalizeLabel(o.label),
    previousSessionId: o.previousSessionId ?? null,
    ...(o.issue !== undefined ? { issue: o.issue } : {}),
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
  /** The same time as the segments, stretch by stretch, with where it went. */
  spans?: DeltaSpan[];
  /** The branch's issue key; given with the branch. */
  issue?: string | null;
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

/**
 * Merges a delta into a live session. `now` is the writer's clock: `lastHeartbeat` follows it even
 * when the file holds a later time (a faster host's, or one from before the clock stepped back), so
 * such a session can still go stale and be cleaned.
 */
export function applyDelta(s: Session, d: ActivityDelta, now: number): Session {
  const merged = union([...segmentsOf(s), ...d.segments]);
  const lastEnd = merged.length > 0 ? merged[merged.length - 1]![1] : ms(s.lastActivity);
  const branch = d.branch !== undefined ? d.branch : s.branch;
  return {
    ...s,
    lastHeartbeat: iso(now),
    lastActivity: iso(Math.max(lastEnd, ms(s.lastActivity))),
    heartbeats: s.heartbeats + d.heartbeats,
    segments: merged.map(([a, b]) => [iso(a), iso(b)] as [string, string]),
    activeSeconds: toSeconds(totalMs(merged)),
    languages: addSeconds(s.languages, d.languages),
    files: addSeconds(s.files, d.files),
    branch,
    ...(d.issue !== undefined ? { issue: d.issue } : {}),
    // A file from before spans existed keeps to its session-wide maps (reports prorate those).
    ...(s.spans && d.spans && d.spans.length > 0 ? appendSpans(s, d.spans, branch) : {}),
  };
}

export interface BeatInfo {
  file?: string;
  language?: string;
}

/** Whether the next beat may extend the last segment: it ends at the last activity. */
function lastSegmentOpen(s: Session): boolean {
  const last = s.segments[s.segments.length - 1];
  if (!last || s.openSegment === false) return false;
  return ms(last[1]) >= ms(s.lastActivity);
}

/**
 * The session time of a beat at `now` on the writer's clock. Time within a session never runs
 * backwards: when the file's last activity is ahead of this clock (a faster host, or the clock
 * stepped back), the work since the previous beat, measured on this clock from `lastHeartbeat`,
 * is counted after the last activity. A beat that cannot tell (the heartbeat is ahead too) counts
 * nothing and sets the baseline for the next one.
 */
export function beatTime(s: Session, now: number): number {
  const last = ms(s.lastActivity);
  if (now >= last) return now;
  const hb = ms(s.lastHeartbeat);
  return hb <= now ? last + (now - hb) : last;
}

/**
 * How far the file's times run ahead of a writer's clock reading `now`, when no writer on that
 * clock has seen it yet (its heartbeat is ahead too); 0 otherwise. The writer says so once.
 */
export function aheadOfClock(s: Session, now: number): number {
  const ahead = ms(s.lastActivity) - now;
  return ahead > 0 && ms(s.lastHeartbeat) > now ? ahead : 0;
}

/**
 * One heartbeat at `now` (the CLI's `beat`). The open segment is extended when the gap since the
 * last activity is at most the idle timeout; otherwise a new segment opens. The extension's
 * tracker applies the same rule to each editor event. A paused session only records liveness.
 */
export function beat(s: Session, now: number, idleTimeoutMs: number, info: BeatInfo = {}): Session {
  if (s.status === 'paused') {
    return { ...s, heartbeats: s.heartbeats + 1, lastHeartbeat: iso(now) };
  }
  const last = ms(s.lastActivity);
  const at = beatTime(s, now);
  const gap = at - last;
  const extends_ = lastSegmentOpen(s) && gap <= idleTimeoutMs;
  const seconds = extends_ ? gap / 1000 : 0;
  const credit = (key: string | undefined): Record<string, number> => (key ? { [key]: seconds } : {});
  const next = applyDelta(
    s,
    {
      segments: [extends_ ? [last, at] : [at, at]],
      languages: credit(info.language),
      files: credit(info.file),
      heartbeats: 1,
      spans: extends_ ? [[last, at, info.language, info.file]] : [],
    },
    now,
  );
  return { ...next, openSegment: true };
}

/** Pausing is not work: the stretch ends at the last activity, and the next beat opens a new one. */
/** Pausing is not work: the stretch ends at the last activity, and the next beat opens a new one. */
export function pause(s: Session, now: number): Session {
  return { ...s, status: 'paused', openSegment: false, lastHeartbeat: iso(now) };
}

/** Resuming is not work either: nothing counts until the next activity, which opens a stretch. */
export function resume(s: Session, now: number): Session {
  return { ...s, status: 'active', openSegment: false, lastHeartbeat: iso(now) };
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
