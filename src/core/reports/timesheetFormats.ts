// Timesheet files: Toggl Track's and Clockify's CSV imports (through csv-stringify, their exact
// English headers) and iCalendar (RFC 5545, through ical-generator, which folds and escapes lines).
import { stringify } from 'csv-stringify/sync';
import ical from 'ical-generator';
import { formatDuration } from './format';
import { localDate } from '../time';
import type { Timesheet, TimesheetEntry } from './timesheet';
import type { TimesheetFormat } from './timesheetKinds';

export const TOGGL_COLUMNS = ['User', 'Email', 'Client', 'Project', 'Task', 'Description', 'Billable', 'Start date', 'Start time', 'Duration', 'Tags'] as const;
export const CLOCKIFY_COLUMNS = ['Project', 'Client', 'Description', 'Task', 'Email', 'Tags', 'Billable', 'Start Date', 'Start Time', 'Duration (h)'] as const;

const two = (n: number): string => String(n).padStart(2, '0');
const localTime = (t: number, seconds = true): string => {
  const d = new Date(t);
  return `${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ''}`;
};
const hms = (s: number): string => `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

export function formatTimesheet(t: Timesheet, format: TimesheetFormat, now: number, roundMinutes?: number): string {
  switch (format) {
    case 'toggl':
      return stringify([
        [...TOGGL_COLUMNS],
        ...t.entries.map((e) => [e.user, e.email, '', e.project, e.task, e.description, yesNo(e.billable), localDate(e.start), localTime(e.start), hms(e.billedSeconds), '']),
      ]);
    case 'clockify':
      return stringify([
        [...CLOCKIFY_COLUMNS],
        ...t.entries.map((e) => [e.project, '', e.description, e.task, e.email, '', yesNo(e.billable), localDate(e.start), localTime(e.start, false), (e.billedSeconds / 3600).toFixed(2)]),
      ]);
    case 'ics':
      return calendar(t.entries, now, roundMinutes);
  }
}

function calendar(entries: readonly TimesheetEntry[], now: number, roundMinutes?: number): string {
  const cal = ical({ name: 'Pulse', prodId: { company: 'pulse-sessions', product: 'Pulse', language: 'EN' } });
  for (const e of entries) {
    const lines = [
      `Active ${formatDuration(e.seconds)}${roundMinutes ? `, billed ${formatDuration(e.billedSeconds)} (rounded up to ${roundMinutes} min)` : ''}`,
      ...(e.task ? [`Issue: ${e.task}`] : []),
      ...(e.languages.length > 0 ? [`Languages: ${e.languages.join(', ')}`] : []),
      ...(e.files.length > 0 ? [`Files: ${e.files.join(', ')}`] : []),
    ];
    cal.createEvent({
      id: e.uid,
      stamp: new Date(now),
      start: new Date(e.start),
      // The event is as long as the time worked, from its first active instant; DTEND only, never DURATION.
      end: new Date(e.start + e.billedSeconds * 1000),
      summary: e.description || e.project,
      description: lines.join('\n'),
      categories: [e.project, ...(e.task ? [e.task] : [])].map((name) => ({ name })),
    });
  }
  return cal.toString();
}

/** The line the CLI prints on stderr and the export dialog shows: what the file holds, and the rounding. */
export function timesheetSummary(t: Timesheet, roundMinutes?: number): string {
  const base = `${t.entries.length} entries, ${formatDuration(t.activeSeconds)} active`;
  return roundMinutes ? `${base}; each entry rounded up to ${roundMinutes} min: ${formatDuration(t.billedSeconds)} billed` : `${base}, not rounded`;
}
