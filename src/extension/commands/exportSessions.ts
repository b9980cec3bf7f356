// Export the sessions of a date range (live and archived, every folder) as CSV or JSON, or as a
// Toggl, Clockify or calendar timesheet, through a save dialog. Scripts and tests pass
// `(targetUri, format, range, timesheetOptions)`; range is a preset name ('thisWeek', 'thisMonth',
// 'last30', 'all'), "YYYY-MM-DD..YYYY-MM-DD", or `{ from, to }`.
import * as vscode from 'vscode';
import * as os from 'node:os';
import { loadSessions, sessionsInRange, type DateRange } from '../../core/reports/report';
import { exportSessions, type ExportFormat } from '../../core/reports/exportFormat';
import { isDate, parseRange, presetRange } from '../../core/reports/dateRanges';
import { localDate } from '../../core/time';
import type { Session } from '../../core/session/schema';
import type { Services } from '../services';
import { walkthroughDone } from '../walkthrough';
import { TIMESHEET_FORMATS, type TimesheetFormat } from '../../core/reports/timesheetKinds';
import { TIMESHEET_FILTERS, askChoices, choicesArg, timesheetText } from './exportTimesheet';

type Preset = 'all' | 'thisWeek' | 'thisMonth' | 'last30';
const PRESETS: Preset[] = ['all', 'thisWeek', 'thisMonth', 'last30'];

/** A range from a script's argument; throws on one that is not understood. */
export function rangeArg(arg: unknown, today: string): DateRange {
  if (arg === undefined || arg === null) return {};
  if (typeof arg === 'string') {
    if ((PRESETS as string[]).includes(arg)) return presetRange(arg as Preset, today);
    const r = parseRange(arg);
    if (typeof r === 'string') throw new Error(r);
    return r;
  }
  const o = arg as { from?: unknown; to?: unknown };
  const ok = (v: unknown): v is string | undefined => v === undefined || (typeof v === 'string' && isDate(v));
  if (typeof arg !== 'object' || !ok(o.from) || !ok(o.to)) throw new Error('range: expected { from, to } as YYYY-MM-DD');
  return { ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) };
}

async function pickRange(today: string): Promise<DateRange | undefined> {
  const items: (vscode.QuickPickItem & { preset: Preset | 'custom' })[] = [
    { label: vscode.l10n.t('All sessions'), preset: 'all' },
    { label: vscode.l10n.t('This week'), preset: 'thisWeek' },
    { label: vscode.l10n.t('This month'), preset: 'thisMonth' },
    { label: vscode.l10n.t('Last 30 days'), preset: 'last30' },
    { label: vscode.l10n.t('Custom range…'), description: 'YYYY-MM-DD..YYYY-MM-DD', preset: 'custom' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Sessions: which dates?') });
  if (!pick) return undefined;
  if (pick.preset !== 'custom') return presetRange(pick.preset, today);
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Export Sessions: custom range'),
    prompt: vscode.l10n.t('Local dates, both included'),
    placeHolder: `${today.slice(0, 8)}01..${today}`,
    validateInput: (v) => {
      const r = parseRange(v);
      return typeof r === 'string' ? r : undefined;
    },
  });
  if (text === undefined) return undefined;
  const r = parseRange(text);
  return typeof r === 'string' ? undefined : r;
}

const EXPORT_FOLDER_KEY = 'pulse.exportFolder';

/**
 * Where the save dialog opens: the folder of the last export while it still exists, else the home
 * folder. Not the workspace, where an export is one `git add .` away from being committed by accident.
 */
async function exportFolder(svc: Services): Promise<vscode.Uri> {
  const last = svc.memory.get<string>(EXPORT_FOLDER_KEY);
  if (last) {
    try {
      const folder = vscode.Uri.parse(last, true);
      if ((await vscode.workspace.fs.stat(folder)).type & vscode.FileType.Directory) return folder;
    } catch {
      // A hand-edited or corrupt value, or a folder removed since: fall back to home.
    }
  }
  return vscode.Uri.file(os.homedir());
}

/** The ids for the log: all of a small export, the first ones of a big one. */
function idList(sessions: readonly Session[], max = 20): string {
  if (sessions.length === 0) return 'none';
  const shown = sessions.slice(0, max).map((s) => s.id).join(', ');
  return sessions.length > max ? `${shown} and ${sessions.length - max} more` : shown;
}

async function collect(svc: Services, range: DateRange): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const f of svc.folders.all()) {
    const r = await loadSessions(f.store, range);
    sessions.push(...sessionsInRange(r.sessions, range));
    for (const p of r.problems) svc.log.warn(`Export skipped ${p.path}: ${p.message}`);
  }
  return sessions;
}

type AnyFormat = ExportFormat | TimesheetFormat;
const FORMATS: readonly AnyFormat[] = ['csv', 'json', ...TIMESHEET_FORMATS];

async function pickFormat(): Promise<AnyFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: AnyFormat })[] = [
    { label: vscode.l10n.t('Pulse sessions (CSV)'), description: vscode.l10n.t('every field, parses back'), format: 'csv' },
    { label: vscode.l10n.t('Pulse sessions (JSON)'), format: 'json' },
    { label: vscode.l10n.t('Toggl Track timesheet (CSV)'), format: 'toggl' },
    { label: vscode.l10n.t('Clockify timesheet (CSV)'), format: 'clockify' },
    { label: vscode.l10n.t('Calendar (iCalendar .ics)'), format: 'ics' },
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Sessions: which format?') }))?.format;
}

async function saveTarget(svc: Services, format: AnyFormat, today: string): Promise<vscode.Uri | undefined> {
  const timesheet = format === 'toggl' || format === 'clockify' || format === 'ics';
  const name = timesheet ? `pulse-timesheet-${today}.${format === 'ics' ? 'ics' : `${format}.csv`}` : `pulse-sessions-${today}.${format === 'json' ? 'json' : 'csv'}`;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Sessions'),
    saveLabel: vscode.l10n.t('Export'),
    filters: timesheet ? TIMESHEET_FILTERS[format] : { CSV: ['csv'], JSON: ['json'] },
    defaultUri: vscode.Uri.joinPath(await exportFolder(svc), name),
  });
  if (uri) await svc.memory.update(EXPORT_FOLDER_KEY, vscode.Uri.joinPath(uri, '..').toString());
  return uri;
}

/**
 * Scripts pass `(targetUri, format, range, timesheetOptions)`; format is csv, json, toggl, clockify
 * or ics (without one, a target's extension picks csv or json, as before). It runs from
 * dist/imports.js, loaded on first use (lazy/lazyCommands.ts).
 */
export async function exportSessionsCommand(svc: Services, target?: unknown, fmt?: unknown, rangeIn?: unknown, choicesIn?: unknown): Promise<vscode.Uri | undefined> {
  {
    const today = localDate(Date.now());
    let uri = target instanceof vscode.Uri ? target : undefined;
    const scripted = uri !== undefined;
    let format: AnyFormat | undefined = FORMATS.includes(fmt as AnyFormat) ? (fmt as AnyFormat) : undefined;
    if (!format && !scripted) format = await pickFormat();
    if (!format && !scripted) return undefined;
    const range = uri ? rangeArg(rangeIn, today) : rangeIn !== undefined ? rangeArg(rangeIn, today) : await pickRange(today);
    if (!range) return undefined;
    await svc.tracker.flush();
    const span = range.from || range.to ? ` (${range.from ?? '…'}..${range.to ?? '…'})` : '';
    if (format === 'toggl' || format === 'clockify' || format === 'ics') {
      const choices = await askChoices(choicesArg(choicesIn), scripted);
      if (!choices) return undefined;
      uri ??= await saveTarget(svc, format, today);
      if (!uri) return undefined;
      const sheet = await timesheetText(svc, range, format, choices);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(sheet.text));
      svc.log.info(`Exported a ${format} timesheet${span} to ${uri.toString()}: ${sheet.summary}`);
      walkthroughDone('exported', svc.log);
      void vscode.window.showInformationMessage(vscode.l10n.t('Pulse: exported a timesheet to {0}: {1}.', vscode.workspace.asRelativePath(uri), sheet.summary));
      return uri;
    }
    const sessions = await collect(svc, range);
    uri ??= await saveTarget(svc, format ?? 'csv', today);
    if (!uri) return undefined;
    const plain: ExportFormat = format === 'json' || format === 'csv' ? format : uri.path.toLowerCase().endsWith('.json') ? 'json' : 'csv';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(exportSessions(sessions, plain)));
    svc.log.info(`Exported ${sessions.length === 1 ? '1 session' : `${sessions.length} sessions`}${span} to ${uri.toString()} (${plain}): ${idList(sessions)}`);
    walkthroughDone('exported', svc.log);
    const where = vscode.workspace.asRelativePath(uri);
    void vscode.window.showInformationMessage(
      sessions.length === 1 ? vscode.l10n.t('Pulse: exported 1 session to {0}.', where) : vscode.l10n.t('Pulse: exported {0} sessions to {1}.', sessions.length, where),
    );
    return uri;
  }
}
