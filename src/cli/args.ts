// What every CLI command shares: its parsed input, output helpers, and the errors that pick the exit
// code (2 usage, 3 not live, 1 anything else).
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { SessionStore } from '../core/store/store';
import type { StoreRegistry } from '../core/store/registry';
import { isValidId, type Session } from '../core/session/schema';
import type { DateRange } from '../core/reports/report';
import { DATE_PATTERN } from '../core/time';
import { cliUser } from './identity';
import { isDate } from '../core/reports/dateRanges';

export class UsageError extends Error {}
export class NotLiveError extends Error {}

/** The options every command may read; parseArgs fills them from the command line. */
export interface CliValues {
  dir: string;
  label?: string;
  file?: string;
  language?: string;
  'idle-timeout'?: string;
  'stale-after'?: string;
  lease?: string;
  all: boolean;
  json: boolean;
  from?: string;
  to?: string;
  /** Unset when not given: each command has its own default. */
  format?: string;
  project?: string;
  'dry-run': boolean;
  'session-gap'?: string;
  by?: string;
  round?: string;
  billable: boolean;
  'all-projects': boolean;
  help: boolean;
  version: boolean;
}

export interface CliContext {
  store: SessionStore;
  /** The per-user registry of stores (PULSE_DATA_DIR relocates it). */
  registry: StoreRegistry;
  values: CliValues;
  /** Positional arguments after the command name. */
  args: string[];
}

export interface CliCommand {
  name: string;
  /** Its line in the usage text: `name [options]`, then what it does. */
  synopsis: string;
  summary: string;
  /** More for `pulse help <command>`: its options and what they do, one per line. */
  details?: readonly string[];
  /** Only reads the store: a --dir that does not exist is worth a warning, not an empty silence. */
  reads?: boolean;
  run(ctx: CliContext): Promise<void>;
}

export const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
export const say = (s: string): void => void process.stderr.write(`${s}\n`);

export function cliOwner(storeDir: string): Session['owner'] {
  return { host: os.hostname(), pid: process.pid, instance: `cli-${randomBytes(4).toString('hex')}`, user: cliUser(storeDir) };
}

export function needId(v: string | undefined): string {
  if (v === undefined) throw new UsageError('missing session id');
  if (!isValidId(v)) throw new UsageError(`"${v}" is not a session id (8-64 of 0-9 A-Z a-z _ -)`);
  return v;
}

export function seconds(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} needs a number of seconds, got "${v}"`);
  if (n < 0) throw new UsageError(`--${name} needs 0 or more seconds, got ${v}`);
  return n;
}

export function dateRange(v: { from?: string | undefined; to?: string | undefined }): DateRange {
  for (const [k, d] of Object.entries(v)) {
    if (d === undefined) continue;
    if (!DATE_PATTERN.test(d)) throw new UsageError(`--${k} needs a date as YYYY-MM-DD, got "${d}"`);
    if (!isDate(d)) throw new UsageError(`--${k} ${d} is not a date on the calendar`);
  }
  if (v.from && v.to && v.from > v.to) throw new UsageError(`--from ${v.from} is after --to ${v.to}; put the earlier date first`);
  return { ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) };
}

/** Rows as aligned columns; the columns in `right` are right-aligned (durations). */
export function columns(rows: readonly (readonly string[])[], right: readonly number[] = [], indent = ''): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    indent + r.map((c, i) => (i === r.length - 1 && !right.includes(i) ? c : right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return rows.map((r) => `${line(r).trimEnd()}\n`).join('');
}

/** The biggest entries first, ties by name, as the dashboard lists them. */
export function topEntries(m: Readonly<Record<string, number>>, n = 5): [string, number][] {
  return Object.entries(m)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))
    .slice(0, n);
}

export function reportProblems(problems: readonly { path: string; message: string }[]): void {
  for (const p of problems) say(`pulse: ${p.path}: ${p.message}`);
}
