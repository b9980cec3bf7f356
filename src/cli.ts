#!/usr/bin/env node
// `pulse`: the same core as the extension, from a terminal. One JSON document on stdout for
// machine-readable output, messages on stderr. Exit codes: 0 ok, 1 error, 2 usage, 3 not live.
import * as os from 'node:os';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SessionStore } from './core/store/store';
import { cleanup } from './core/store/cleanup';
import { beat, finish, newSession, pause, relabel, resume } from './core/session/session';
import { newSessionId } from './core/session/ids';
import { isValidId, sessionJsonSchema, type Session } from './core/session/schema';
import { buildReport, loadSessions, sessionsInRange, type DateRange } from './core/reports/report';
import { exportSessions } from './core/reports/exportFormat';
import { PulseError, isPulseError, messageOf } from './core/errors';
import { DATE_PATTERN } from './core/time';
import { formatDuration } from './core/reports/format';

const USAGE = `Usage: pulse [--dir <store>] <command> [options]

Commands:
  start [--label T]                       start a session; prints it
  beat <id> [--file P] [--language L] [--idle-timeout S]
                                          record one heartbeat now
  pause <id> | resume <id> | end <id>     change a live session
  label <id> <text>                       set a session's label
  cleanup [--stale-after S]               close sessions whose owner is gone (default 900 s)
  list [--all] [--json]                   live sessions (with --all, archived ones too)
  show <id>                               one session, live or archived
  report [--from D] [--to D] [--json]     active time per day (YYYY-MM-DD, local time)
  export [--format csv|json] [--from D] [--to D]
                                          every session, to stdout
  schema                                  the session file JSON Schema

The store defaults to ./.vscode/sessions.
Exit codes: 0 ok, 1 error, 2 usage, 3 the session is not live (nothing was written).`;

class UsageError extends Error {}
class NotLiveError extends Error {}

const out = (v: unknown): void => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
const say = (s: string): void => void process.stderr.write(`${s}\n`);

function owner(): Session['owner'] {
  return { host: os.hostname(), pid: process.pid, instance: `cli-${randomBytes(4).toString('hex')}` };
}

function needId(v: string | undefined): string {
  if (v === undefined) throw new UsageError('missing session id');
  if (!isValidId(v)) throw new UsageError(`"${v}" is not a session id (8-64 of 0-9 A-Z a-z _ -)`);
  return v;
}

function seconds(v: string | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} needs a number of seconds, got "${v}"`);
  return n;
}

function dateRange(v: { from?: string; to?: string }): DateRange {
  for (const [k, d] of Object.entries(v)) {
    if (d !== undefined && (!DATE_PATTERN.test(d) || Number.isNaN(Date.parse(d)))) throw new UsageError(`--${k} needs YYYY-MM-DD, got "${d}"`);
  }
  return { ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) };
}

async function change(store: SessionStore, id: string, fn: (s: Session, now: number) => Session): Promise<void> {
  const r = await store.update(id, (fresh) => fn(fresh, store.now()));
  if (r.kind === 'not-live') throw new NotLiveError(`session ${id} is not live (${r.session ? r.session.status : 'no such session'}); nothing was written`);
  out(r.session);
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: '.vscode/sessions' },
      label: { type: 'string' },
      file: { type: 'string' },
      language: { type: 'string' },
      'idle-timeout': { type: 'string' },
      'stale-after': { type: 'string' },
      all: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (command === undefined && !values.help ? say : (s: string) => void process.stdout.write(`${s}\n`))(USAGE);
    if (command === undefined && !values.help) throw new UsageError('missing command');
    return;
  }
  const store = new SessionStore({ dir: values.dir });
  switch (command) {
    case 'start': {
      const now = store.now();
      out(await store.create(newSession({ id: newSessionId(now), now, owner: owner(), label: values.label ?? null })));
      return;
    }
    case 'beat': {
      const idle = seconds(values['idle-timeout'], 'idle-timeout', 300) * 1000;
      return change(store, needId(args[0]), (s, now) =>
        beat(s, now, idle, { ...(values.file ? { file: values.file } : {}), ...(values.language ? { language: values.language } : {}) }),
      );
    }
    case 'pause':
      return change(store, needId(args[0]), (s, now) => pause(s, now));
    case 'resume':
      return change(store, needId(args[0]), (s, now) => (s.status === 'paused' ? resume(s, now) : s));
    case 'end':
      return change(store, needId(args[0]), (s, now) => finish(s, now, 'user'));
    case 'label': {
      const id = needId(args[0]);
      if (args.length < 2) throw new UsageError('label needs a text: pulse label <id> <text>');
      return change(store, id, (s) => relabel(s, args.slice(1).join(' ')));
    }
    case 'cleanup': {
      const staleAfterMs = seconds(values['stale-after'], 'stale-after', 900) * 1000;
      const r = await cleanup(store, { staleAfterMs });
      out(r);
      for (const e of r.errors) say(`pulse: ${e.path}: ${e.message}`);
      return;
    }
    case 'list': {
      const live = await store.listLive();
      const archived = values.all ? await store.listArchived() : { sessions: [], problems: [] };
      for (const p of [...live.problems, ...archived.problems]) say(`pulse: ${p.path}: ${p.message}`);
      const sessions = [...archived.sessions, ...live.sessions].sort((a, b) => (a.id < b.id ? -1 : 1));
      if (values.json) return out(sessions);
      if (sessions.length === 0) return say(values.all ? 'No sessions.' : 'No live sessions.');
      for (const s of sessions) {
        process.stdout.write(`${s.id}  ${s.status.padEnd(9)}  ${formatDuration(s.activeSeconds).padStart(7)}  ${s.startedAt}  ${s.label ?? ''}\n`);
      }
      return;
    }
    case 'show': {
      const id = needId(args[0]);
      const r = await store.get(id);
      if (!r) throw new NotLiveError(`no session ${id}`);
      return out(r.session);
    }
    case 'report': {
      const range = dateRange({ from: values.from, to: values.to });
      const { sessions, problems } = await loadSessions(store, range);
      for (const p of problems) say(`pulse: ${p.path}: ${p.message}`);
      const r = buildReport(sessions, range);
      if (values.json) return out(r);
      for (const d of r.days) process.stdout.write(`${d.date}  ${formatDuration(d.activeSeconds)}\n`);
      process.stdout.write(`total       ${formatDuration(r.totalSeconds)}\n`);
      return;
    }
    case 'export': {
      if (values.format !== 'csv' && values.format !== 'json') throw new UsageError(`--format is csv or json, got "${values.format}"`);
      const range = dateRange({ from: values.from, to: values.to });
      const { sessions, problems } = await loadSessions(store, range);
      for (const p of problems) say(`pulse: ${p.path}: ${p.message}`);
      process.stdout.write(exportSessions(sessionsInRange(sessions, range), values.format));
      return;
    }
    case 'schema':
      return out(sessionJsonSchema());
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || isPulseError(err, 'EBADID') || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      say(`pulse: ${messageOf(err)}\nRun "pulse --help" for usage.`);
      return 2;
    }
    if (err instanceof NotLiveError) {
      say(`pulse: ${err.message}`);
      return 3;
    }
    say(err instanceof PulseError && err.path ? `pulse: ${err.path}: ${err.message}` : `pulse: ${messageOf(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
