// The name a person sees for a session: its label, or when it ran and where ("09:14–10:02 · main").
// Ids are for files and scripts; they stay in the details.
import type { Session } from '../session/schema';

/** Local wall-clock time as HH:MM (24-hour), the same in every locale so names sort and compare. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/**
 * The session's label when it has one; otherwise its start and end (its last activity while it is
 * live) with the folder, when given, and the branch: `09:14–10:02 · pulse · main`.
 */
export function sessionName(s: Pick<Session, 'label' | 'startedAt' | 'endedAt' | 'lastActivity' | 'branch' | 'segments'>, folder?: string): string {
  const label = s.label?.trim();
  if (label) return label;
  const start = Date.parse(s.startedAt);
  const lastSegment = s.segments.at(-1);
  const end = Math.max(start, Date.parse(s.endedAt ?? s.lastActivity), lastSegment ? Date.parse(lastSegment[1]) : start);
  return [`${clockTime(start)}–${clockTime(end)}`, folder, s.branch].filter((x): x is string => !!x).join(' · ');
}
