// Timesheet entries for Toggl, Clockify and calendars: one per session, or per local day and project.
// Durations are the honest active time: the union of the activity, clipped to the range, and an
// instant one person worked counts once (two windows, or Pulse and an imported tracker, never double).
import { union, clip, totalMs, type Interval } from '../session/segments';
import { segmentsOf } from '../session/session';
import { issueOf } from './issues';
import { localDate, localDayStart, nextLocalMidnight } from '../time';
import { rangeBounds, type DateRange } from './report';
import type { Session } from '../session/schema';

export interface TimesheetOptions {
  range: DateRange;
  by: 'session' | 'day';
  /** Each entry rounded up to this many minutes (billing). Undefined: exact. */
  roundMinutes?: number | undefined;
  /** The name of sessions that record no project of their own: the folder's, `pulse.project` or --project. */
  defaultProject: string;
  /** Only this project's time. */
  project?: string | undefined;
  billable: boolean;
  issuePattern?: RegExp | undefined;
}

export interface TimesheetEntry {
  /** Stable across exports of the same history (calendar UID). */
  uid: string;
  /** Epoch ms of the entry's first active instant. */
  start: number;
  /** Honest active seconds. */
  seconds: number;
  /** Seconds after rounding up. */
  billedSeconds: number;
  project: string;
  description: string;
  task: string;
  user: string;
  email: string;
  billable: boolean;
  /** Top languages and files by time, for the calendar's description. */
  languages: string[];
  files: string[];
}

export interface Timesheet {
  entries: TimesheetEntry[];
  activeSeconds: number;
  billedSeconds: number;
}

interface Piece {
  key: string;
  sessions: Session[];
  spans: Interval[];
}

export function buildTimesheet(sessions: readonly Session[], o: TimesheetOptions): Timesheet {
  const [from, to] = rangeBounds(o.range);
  const pieces = new Map<string, Piece>();
  for (const s of sessions) {
    const project = s.project ?? o.defaultProject;
    if (o.project !== undefined && project !== o.project) continue;
    const spans = clip(segmentsOf(s), from, to);
    for (const [day, daySpans] of o.by === 'day' ? splitByDay(spans) : [['', spans] as const]) {
      if (daySpans.length === 0) continue;
      const key = o.by === 'day' ? `${day}|${project}|${userOf(s).key}` : s.id;
      const p = pieces.get(key) ?? { key, sessions: [], spans: [] };
      p.sessions.push(s);
      p.spans.push(...daySpans);
      pieces.set(key, p);
    }
  }
  const ordered = [...pieces.values()].map((p) => ({ ...p, spans: union(p.spans) })).sort((a, b) => a.spans[0]![0] - b.spans[0]![0] || (a.key < b.key ? -1 : 1));
  // Per person, what earlier entries already hold: an entry is credited only with the rest.
  const covered = new Map<string, Interval[]>();
  const entries: TimesheetEntry[] = [];
  for (const p of ordered) {
    const who = userOf(p.sessions[0]!);
    const before = covered.get(who.key) ?? [];
    const after = union([...before, ...p.spans]);
    covered.set(who.key, after);
    const seconds = Math.round((totalMs(after) - totalMs(before)) / 1000);
    if (seconds <= 0) continue;
    entries.push(entry(p, who, seconds, o));
  }
  return {
    entries,
    activeSeconds: entries.reduce((n, e) => n + e.seconds, 0),
    billedSeconds: entries.reduce((n, e) => n + e.billedSeconds, 0),
  };
}

function entry(p: Piece, who: { name: string; email: string }, seconds: number, o: TimesheetOptions): TimesheetEntry {
  const first = p.sessions[0]!;
  const step = o.roundMinutes ? o.roundMinutes * 60 : 0;
  const distinct = (xs: (string | null | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    uid: o.by === 'day' ? `day-${p.key.replace(/[^0-9A-Za-z-]+/g, '-')}@pulse` : `${first.id}@pulse`,
    start: p.spans[0]![0],
    seconds,
    billedSeconds: step > 0 ? Math.ceil(seconds / step) * step : seconds,
    project: first.project ?? o.defaultProject,
    description: distinct(p.sessions.map((s) => s.label)).join('; '),
    task: distinct(p.sessions.map((s) => issueOf(s, o.issuePattern))).join(', '),
    user: who.name,
    email: who.email,
    billable: o.billable,
    languages: top(p.sessions.map((s) => s.languages)),
    files: top(p.sessions.map((s) => s.files)),
  };
}

/**
 * Who worked: `owner.user` (an e-mail address, or a name). It is the User column, and the Email column
 * when it is an address. Sessions written before Pulse recorded it are one anonymous person.
 */
export function userOf(s: Session): { key: string; name: string; email: string } {
  const u = s.owner.user ?? '';
  return { key: u.toLowerCase(), name: u, email: u.includes('@') ? u : '' };
}

function splitByDay(spans: Interval[]): [string, Interval[]][] {
  const days = new Map<string, Interval[]>();
  for (const [a0, b] of spans) {
    for (let a = a0; a < b; ) {
      const cut = Math.min(b, nextLocalMidnight(a));
      const d = localDate(a);
      days.set(d, [...(days.get(d) ?? []), [a, cut]]);
      a = cut;
    }
  }
  return [...days].sort(([a], [b]) => localDayStart(a) - localDayStart(b));
}

function top(maps: Record<string, number>[], n = 3): string[] {
  const sum = new Map<string, number>();
  for (const m of maps) for (const [k, v] of Object.entries(m)) sum.set(k, (sum.get(k) ?? 0) + v);
  return [...sum].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k]) => k);
}
