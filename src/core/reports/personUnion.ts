// The counting rule, in one place: an instant counts once per person. One person's windows and
// machines at the same minute count once; two people at the same minute count twice. Every total
// (plain reports, groups, the status bar, the dashboard) is the sum of each person's union: this is
// the default group of buildReport (report.ts).
import type { Session } from '../session/schema';

/** The person of a session; files written before Pulse recorded one share this key. */
export const UNKNOWN_USER = '(unknown)';

export function userOf(s: Session): string {
  return s.owner.user ?? UNKNOWN_USER;
}
