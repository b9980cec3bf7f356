// The entry point of dist/imports.js: the code of the commands most windows never run, loaded on
// the first run of one of them (lazyCommands.ts): the import of other trackers' history, the
// timesheet formats and the session export, with their libraries (@streamparser/json, streaming
// csv-parse, ical-generator, csv-stringify), Show Sessions, and the history edits of the Sessions
// view (label, end, open, delete, merge). None of it is part of dist/extension.js. Its `require`
// gives Node's built-in modules and the extension's own `vscode` (chunkLoader.ts).
import { importHistory } from '../../core/imports/importer';
import { buildTimesheet } from '../../core/reports/timesheet';
import { exportSessions } from '../../core/reports/exportFormat';
import { exportSessionsCommand } from '../commands/exportSessions';
import { importHistoryCommand } from '../commands/importHistory';
import { formatTimesheet, timesheetSummary } from '../../core/reports/timesheetFormats';
import { showSessionsCommand } from '../commands/showSessions';
import { historyActions } from '../sessionsView/historyCommands';

export const importsChunk = { importHistoryCommand, exportSessionsCommand, showSessionsCommand, historyActions, importHistory, buildTimesheet, formatTimesheet, timesheetSummary, exportSessions };

export type ImportsChunk = typeof importsChunk;

