// Pass/fail counts travel from the extension host and from the launcher's workbench script back to
// runIntegration through one JSON-lines file per suite, named by PULSE_RESULTS_FILE. Logs are for
// people; this file is what the summary line is computed from.
import * as fs from 'node:fs';

export const RESULTS_FILE_ENV = 'PULSE_RESULTS_FILE';

export interface ResultRecord {
  /** Who ran the tests: mocha inside the extension host, or the launcher's workbench script. */
  source: 'extension-host' | 'workbench';
  passed: number;
  failed: number;
}

/** Appends one record; does nothing when no results file was asked for (e.g. a manual run). */
export function recordResult(record: ResultRecord, file = process.env[RESULTS_FILE_ENV]): void {
  if (!file) return;
  // One short line per append, so concurrent writers (host and launcher) don't interleave.
  fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
}

export function readResults(file: string): ResultRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ResultRecord);
}
