// Reports grouped by person, machine, project, label, branch or issue. Within each group the counting
// rule still holds (an instant counts once per person), so a group's total is what a report of
// just that group's sessions would say.
import { userOf } from './personUnion';
import { buildReport, type DateRange } from './report';
import type { Session } from '../session/schema';

export const GROUP_KEYS = ['user', 'host', 'project', 'label', 'branch', 'issue'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

/** A session and the project (store) it came from. */
export interface ProjectSession {
  session: Session;
  project: string;
}

export interface GroupTotal {
  totalSeconds: number;
  days: { date: string; activeSeconds: number }[];
}

export const NO_LABEL = '(no label)';
export const NO_BRANCH = '(no branch)';
export const NO_ISSUE = '(no issue)';

export function isGroupKey(v: unknown): v is GroupKey {
  return typeof v === 'string' && (GROUP_KEYS as readonly string[]).includes(v);
}

export function groupOf(x: ProjectSession, by: GroupKey): string {
  switch (by) {
    case 'user':
      return userOf(x.session);
    case 'host':
      return x.session.owner.host;
    case 'project':
      return x.project;
    case 'label':
      return x.session.label ?? NO_LABEL;
    case 'branch':
      return x.session.branch ?? NO_BRANCH;
    case 'issue':
      return x.session.issue ?? NO_ISSUE;
  }
}

/** `{ "<key>": { totalSeconds, days } }`, keys with activity in the range only, largest first. */
export function groupBy(items: readonly ProjectSession[], by: GroupKey, range: DateRange = {}): Record<string, GroupTotal> {
  const groups = new Map<string, Session[]>();
  for (const x of items) {
    const key = groupOf(x, by);
    const list = groups.get(key);
    if (list) list.push(x.session);
    else groups.set(key, [x.session]);
  }
  const totals: [string, GroupTotal][] = [];
  for (const [key, sessions] of groups) {
    const t = buildReport(sessions, range);
    if (t.totalSeconds > 0) totals.push([key, { totalSeconds: t.totalSeconds, days: t.days }]);
  }
  totals.sort(([ka, a], [kb, b]) => b.totalSeconds - a.totalSeconds || (ka < kb ? -1 : 1));
  return Object.fromEntries(totals);
}
