// What every CLI command shares: its parsed input, output helpers, and the errors that pick the exit
// code (2 usage, 3 not live, 1 anything else).
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { SessionStore } from '../core/store/store';
import { isValidId, type Session } from '../core/session/schema';
import type { DateRange } from '../core/reports/report';
import { DATE_PATTERN } from '../core/time';
import { cliUser } from './identity';

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
  all: boolean;
  json: boolean;
  from?: string;
  to?: string;
  format: string;
  help: boolean;
}

export interface CliContext {
  store: SessionStore;
  values: CliValues;
  /** Positional arguments after the command name. */
  args: string[];
}

export interface CliCommand {
  name: string;
  /** Its line in the usage text: `name [options]`, then what it does. */
  synopsis: string;
  summary: string;
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
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} needs a number of seconds, got "${v}"`);
  return n;
}

export function dateRange(v: { from?: string | undefined; to?: string | undefined }): DateRange {
  for (const [k, d] of Object.entries(v)) {
    if (d !== undefined && (!DATE_PATTERN.test(d) || Number.isNaN(Date.parse(d)))) throw new UsageError(`--${k} needs YYYY-MM-DD, got "${d}"`);
  }
  return { ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) };
}

export function reportProblems(problems: readonly { path: string; message: string }[]): void {
  for (const p of problems) say(`pulse: ${p.path}: ${p.message}`);
}
