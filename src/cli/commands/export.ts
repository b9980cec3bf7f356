import * as path from 'node:path';
import { loadSessions, sessionsInRange } from '../../core/reports/report';
import { exportSessions } from '../../core/reports/exportFormat';
import { buildTimesheet } from '../../core/reports/timesheet';
import { formatTimesheet, timesheetSummary } from '../../core/reports/timesheetFormats';
import { TIMESHEET_FORMATS, type TimesheetFormat } from '../../core/reports/timesheetKinds';
import { UsageError, dateRange, reportProblems, say, type CliCommand, type CliValues } from '../args';

export const exportCommand: CliCommand = {
  name: 'export',
  synopsis: 'export [--format csv|json|toggl|clockify|ics] [--from D] [--to D] [--by session|day] [--round MIN] [--project NAME] [--billable]',
  summary: 'sessions, or a timesheet, to stdout',
  details: [
    '--format F         csv or json (every session field; default json), or a timesheet: toggl, clockify, ics',
    '--from D, --to D   only activity in the range (csv, json: sessions with activity in it, or that started in it)',
    '--by session|day   timesheets: one entry per session (default), or per local day and project',
    '--round MIN        timesheets: round each entry up to MIN minutes (stated on stderr)',
    '--project NAME     timesheets: only that project; names the sessions that record none',
    '--billable         timesheets: mark the entries billable',
  ],
  reads: true,
  run: async ({ store, values }) => {
    const format = values.format ?? 'json';
    const timesheet = TIMESHEET_FORMATS.includes(format as TimesheetFormat);
    if (format !== 'csv' && format !== 'json' && !timesheet) throw new UsageError(`--format is csv, json, toggl, clockify or ics, got "${format}"`);
    const range = dateRange({ from: values.from, to: values.to });
    const { sessions, problems } = await loadSessions(store, range);
    reportProblems(problems);
    if (format === 'csv' || format === 'json') return void process.stdout.write(exportSessions(sessionsInRange(sessions, range), format));
    const roundMinutes = round(values.round);
    const sheet = buildTimesheet(sessions, {
      range,
      by: by(values.by),
      roundMinutes,
      defaultProject: values.project ?? projectOfStore(store.dir),
      project: values.project,
      billable: values.billable,
    });
    process.stdout.write(formatTimesheet(sheet, format as TimesheetFormat, store.now(), roundMinutes));
    say(`pulse: ${timesheetSummary(sheet, roundMinutes)}`);
    if (format === 'toggl' && sheet.entries.some((e) => !e.email)) say('pulse: Toggl needs an Email on every entry; sessions without owner.user have none');
  },
};

function by(v: CliValues['by']): 'session' | 'day' {
  if (v === undefined || v === 'session' || v === 'day') return v ?? 'session';
  throw new UsageError(`--by is session or day, got "${v}"`);
}

function round(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1440) throw new UsageError(`--round needs whole minutes from 1 to 1440, got "${v}"`);
  return n;
}

/** A store at `<folder>/.vscode/sessions` belongs to the folder; any other store is named after itself. */
export function projectOfStore(dir: string): string {
  const parts = path.resolve(dir).split(path.sep);
  const n = parts.length;
  return n >= 3 && parts[n - 1] === 'sessions' && parts[n - 2] === '.vscode' ? parts[n - 3]! : parts[n - 1]!;
}
