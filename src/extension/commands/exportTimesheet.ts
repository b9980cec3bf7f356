// The timesheet half of Export Sessions…: Toggl, Clockify or calendar, by session or by day, rounded
// for billing or not. The rounding is said in the question and again in the message at the end.
import * as vscode from 'vscode';
import { buildTimesheet, type TimesheetOptions } from '../../core/reports/timesheet';
import { formatTimesheet, timesheetSummary } from '../../core/reports/timesheetFormats';
import type { TimesheetFormat } from '../../core/reports/timesheetKinds';
import { loadSessions, type DateRange } from '../../core/reports/report';
import { readSettings } from '../config';
import { EMPTY_WINDOW_KEY, type FolderEntry } from '../folders';
import type { Session } from '../../core/session/schema';
import type { Services } from '../services';

/** What a script may pass as the fourth argument; the user is asked for what is missing. */
export interface TimesheetChoices {
  by?: 'session' | 'day';
  round?: number;
  billable?: boolean;
  project?: string;
}

export const TIMESHEET_FILTERS: Record<TimesheetFormat, Record<string, string[]>> = {
  toggl: { 'Toggl Track CSV': ['csv'] },
  clockify: { 'Clockify CSV': ['csv'] },
  ics: { iCalendar: ['ics'] },
};

export function choicesArg(arg: unknown): TimesheetChoices {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object') throw new Error('timesheet options: expected { by, round, billable, project }');
  const o = arg as Record<string, unknown>;
  const out: TimesheetChoices = {};
  if (o.by !== undefined) {
    if (o.by !== 'session' && o.by !== 'day') throw new Error('timesheet options: by is "session" or "day"');
    out.by = o.by;
  }
  if (o.round !== undefined) {
    if (typeof o.round !== 'number' || !Number.isInteger(o.round) || o.round < 1 || o.round > 1440) throw new Error('timesheet options: round is whole minutes from 1 to 1440');
    out.round = o.round;
  }
  if (o.billable !== undefined) out.billable = o.billable === true;
  if (typeof o.project === 'string' && o.project.trim()) out.project = o.project.trim();
  return out;
}

/** Asks for what a script did not say; undefined when the user cancels. */
export async function askChoices(given: TimesheetChoices, scripted: boolean): Promise<TimesheetChoices | undefined> {
  if (scripted) return given;
  const by =
    given.by ??
    (
      await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('One entry per session'), by: 'session' as const },
          { label: vscode.l10n.t('One entry per day and project'), by: 'day' as const },
        ],
        { title: vscode.l10n.t('Export Sessions: entries') },
      )
    )?.by;
  if (!by) return undefined;
  const exact = vscode.l10n.t('Exact active time');
  const rounding = await vscode.window.showQuickPick(
    [
      { label: exact, round: 0 },
      ...[6, 15, 30, 60].map((m) => ({ label: vscode.l10n.t('Round each entry up to {0} minutes', m), description: vscode.l10n.t('for billing'), round: m })),
    ],
    { title: vscode.l10n.t('Export Sessions: rounding') },
  );
  if (!rounding) return undefined;
  return { ...given, by, ...(rounding.round > 0 ? { round: rounding.round } : {}) };
}

/** The project name of a folder's own sessions: `pulse.project`, else the folder's name. */
function folderProject(f: FolderEntry): string {
  if (f.key === EMPTY_WINDOW_KEY) return f.name;
  return readSettings(undefined, vscode.Uri.parse(f.key)).project ?? f.name;
}

export async function timesheetText(
  svc: Services,
  range: DateRange,
  format: TimesheetFormat,
  c: TimesheetChoices,
): Promise<{ text: string; summary: string; entries: number }> {
  const sessions: Session[] = [];
  for (const f of svc.folders.all()) {
    const r = await loadSessions(f.store, range);
    const project = c.project ?? folderProject(f);
    sessions.push(...r.sessions.map((s) => ({ ...s, project: s.project ?? project })));
    for (const p of r.problems) svc.log.warn(`Export skipped ${p.path}: ${p.message}`);
  }
  const o: TimesheetOptions = {
    range,
    by: c.by ?? 'session',
    roundMinutes: c.round,
    defaultProject: c.project ?? '',
    project: c.project,
    billable: c.billable ?? false,
    issuePattern: readSettings().issuePattern,
  };
  const sheet = buildTimesheet(sessions, o);
  return { text: formatTimesheet(sheet, format, Date.now(), c.round), summary: timesheetSummary(sheet, c.round), entries: sheet.entries.length };
}
