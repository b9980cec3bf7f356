// The entry point of dist/imports.js: the import of other trackers' history, the timesheet formats
// and the session export, with their libraries (@streamparser/json, streaming csv-parse,
// ical-generator, csv-stringify). Most windows never use them, so they are not part of
// dist/extension.js; loadImports.ts loads this bundle on first use of Import History… or Export
// Sessions…. No `vscode` here: the chunk's `require` gives only Node's built-in modules.
import { importHistory } from '../../core/imports/importer';
import { buildTimesheet } from '../../core/reports/timesheet';
import { exportSessions } from '../../core/reports/exportFormat';
import { formatTimesheet, timesheetSummary } from '../../core/reports/timesheetFormats';

export const importsChunk = { importHistory, buildTimesheet, formatTimesheet, timesheetSummary, exportSessions };

export type ImportsChunk = typeof importsChunk;

