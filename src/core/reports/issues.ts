// Time per issue: the union of the activity of each issue's sessions, clipped to the range, so an
// instant counts once per issue even when two windows worked on it at the same time.
import { union, clip, totalMs, toSeconds, type Interval } from '../session/segments';
import { segmentsOf } from '../session/session';
import { issueFromBranch } from '../session/issueKey';
import type { Session } from '../session/schema';

/** The session's issue: recorded, or read from its branch (sessions written before `issue` existed). */
export function issueOf(s: Session, pattern?: RegExp): string | null {
  if (s.issue !== undefined && s.issue !== null) return s.issue;
  return s.branch ? (issueFromBranch(s.branch, pattern) ?? null) : null;
}

/** Issue key -> active seconds in [from, to), largest first; sessions without an issue are left out. */
export function issueTotals(sessions: readonly Session[], from: number, to: number): Record<string, number> {
  const spans = new Map<string, Interval[]>();
  for (const s of sessions) {
    const key = issueOf(s);
    if (!key) continue;
    const segs = clip(segmentsOf(s), from, to);
    if (segs.length > 0) spans.set(key, [...(spans.get(key) ?? []), ...segs]);
  }
  const totals = [...spans].map(([k, v]) => [k, toSeconds(totalMs(union(v)))] as const).filter(([, v]) => v > 0);
  return Object.fromEntries(totals.sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1)));
}
