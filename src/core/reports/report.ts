// Reports: active time per local day, counted once per person (personUnion.ts): the union of each
// person's sessions' segments, so overlapping windows and machines count once, and people add up;
// plus totals per language, file and branch, attributed the same way (see attribution.ts), so no
// key ever exceeds the range's total.
import { attributedTotals, type GroupOf } from './attribution';
import { userOf } from './personUnion';
import { union, clip, totalMs, toSeconds, type Interval } from '../session/segments';
import { segmentsOf } from '../session/session';
import { localDate, localDayStart, nextLocalMidnight, ms } from '../time';
import { issueTotals } from './issues';
import type { Session } from '../session/schema';
import { listArchivedOverlapping } from '../store/archiveRange';
import { countedOnce } from '../store/storeListing';
import type { SessionStore, Problem } from '../store/store';

export interface DateRange {
  /** Inclusive local date, YYYY-MM-DD. */
  from?: string;
  /** Inclusive local date, YYYY-MM-DD. */
  to?: string;
}

export interface Report {
  days: { date: string; activeSeconds: number }[];
  totalSeconds: number;
  languages: Record<string, number>;
  files: Record<string, number>;
  branches: Record<string, number>;
  /** Issue key (from the branch) -> active seconds, the union per issue. */
  issues: Record<string, number>;
}

/** [from, to) in epoch ms for an inclusive local date range. */
export function rangeBounds(r: DateRange): [number, number] {
  const from = r.from ? localDayStart(r.from) : -Infinity;
  const to = r.to ? nextLocalMidnight(localDayStart(r.to)) : Infinity;
  return [from, to];
}

/** Splits intervals at local midnights (23- and 25-hour days included). */
export function perLocalDay(intervals: Interval[]): Map<string, number> {
  const days = new Map<string, number>();
  for (const [a0, b] of intervals) {
    let a = a0;
    while (a < b) {
      const cut = Math.min(b, nextLocalMidnight(a));
      const key = localDate(a);
      days.set(key, (days.get(key) ?? 0) + (cut - a));
      a = cut;
    }
  }
  return days;
}

export interface ReportOptions {
  /**
   * Sessions of one group count each instant once; groups add up. Default: one group per person
   * (`owner.user`), the counting rule every total follows (personUnion.ts).
   */
  groupOf?: GroupOf;
}

export function buildReport(sessions: readonly Session[], range: DateRange = {}, o: ReportOptions = {}): Report {
  const [from, to] = rangeBounds(range);
  const groupOf = o.groupOf ?? userOf;
  const groups = new Map<string, Interval[]>();
  for (const s of sessions) {
    const segs = clip(segmentsOf(s), from, to);
    if (segs.length === 0) continue;
    const g = groupOf(s);
    const list = groups.get(g);
    if (list) list.push(...segs);
    else groups.set(g, segs);
  }
  const perDay = new Map<string, number>();
  let total = 0;
  for (const segs of groups.values()) {
    const merged = union(segs);
    total += totalMs(merged);
    for (const [d, v] of perLocalDay(merged)) perDay.set(d, (perDay.get(d) ?? 0) + v);
  }
  const days = [...perDay]
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, v]) => ({ date, activeSeconds: toSeconds(v) }));
  return { days, totalSeconds: toSeconds(total), ...attributedTotals(sessions, from, to, groupOf), issues: issueTotals(sessions, from, to) };
}

/**
 * Live and archived sessions that may touch the range, however long ago they started: archived ones
 * come from the archive's month index, so the cost follows the range, not the archive's size.
 */
export async function loadSessions(store: SessionStore, range: DateRange = {}): Promise<{ sessions: Session[]; problems: Problem[] }> {
  const [from, to] = rangeBounds(range);
  // Live folder first, archive after, each id once (the archived copy wins): a session finished
  // meanwhile is counted once, never missed.
  const live = await store.listLive();
  const archived = await listArchivedOverlapping(store, from, to);
  const sessions = countedOnce(live.sessions, archived.sessions).sort((a, b) => ms(a.startedAt) - ms(b.startedAt));
  return { sessions, problems: [...live.problems, ...archived.problems] };
}

/** One local day's sessions and united total: what the status bar shows as "today". */
export async function todayTotal(store: SessionStore, date: string): Promise<{ sessions: Session[]; totalSeconds: number }> {
  const range = { from: date, to: date };
  const { sessions } = await loadSessions(store, range);
  return { sessions, totalSeconds: buildReport(sessions, range).totalSeconds };
}

/**
 * The sessions an export of `range` holds: those with activity in it, and those that started in it
 * (on a local date within it) even without activity. No range: all of them.
 */
export function sessionsInRange(sessions: readonly Session[], range: DateRange): Session[] {
  if (!range.from && !range.to) return [...sessions];
  const [from, to] = rangeBounds(range);
  return sessions.filter((s) => {
    const start = ms(s.startedAt);
    return (start >= from && start < to) || clip(segmentsOf(s), from, to).length > 0;
  });
}
