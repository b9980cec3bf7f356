// The entry point of dist/imports.js: the import of other trackers' history, the timesheet formats
// and the session export, with their libraries (@streamparser/json, streaming csv-parse,
// ical-generator, csv-stringify), and the two commands' own code. Most windows never use them, so
// they are not part of dist/extension.js; lazyCommands.ts loads this bundle on first use of Import
// History… or Export Sessions…. Its `require` gives Node's built-in modules and the extension's own
// `vscode` (chunkLoader.ts).
import { importHistory } from '../../core/imports/importer';
import { buildTimesheet } from '../../core/reports/timesheet';
import { exportSessions } from '../../core/reports/exportFormat';
import { exportSessionsCommand } from '../commands/exportSessions';
import { importHistoryCommand } from '../commands/importHistory';
import { formatTimesheet, timesheetSummary } from '../../core/reports/timesheetFormats';

export const importsChunk = { importHistoryCommand, exportSessionsCommand, importHistory, buildTimesheet, formatTimesheet, timesheetSummary, exportSessions };

export type ImportsChunk = typeof importsChunk;

