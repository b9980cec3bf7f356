// One process of a stress or crash test. Modes:
//   owner   <dir> <ms> <staleAfterMs>  beats its session at a pace around staleAfter; on finding it
//                                     closed, starts a linked one. Prints one JSON line per ack.
//   cleaner <dir> <ms> <staleAfterMs>  sweeps with cleanup() in a loop; prints what it closed.
//   writer  <dir> <first>             rewrites large sessions forever, until it is killed.
//   reader  <dir> <ms> <expected> [<inRange>]  lists live + archived (and a report's load) in a loop;
//                                     with inRange, also loads the range from yesterday to tomorrow,
//                                     every other time through a new store object (as a CLI would);
//                                     prints one line per listing whose count of distinct ids or of rows is off.
//   pulled  <dir> <n>                 shares the store through git, archives one session of 200 days
//                                     ago and builds the month index, then puts n finished sessions
//                                     into earlier month folders behind the index (as `git pull`
//                                     does), each running into the last hour.
// PULSE_LEASE_MS: owners declare this lease in their sessions.
//   steady  <dir> <ms> <everyMs>       beats its session every everyMs, on time (its clock may be
//                                     shifted with --require clockShift.js); prints each ack.
// PULSE_SLOW_FS_MS slows every fs call by up to that many ms.
import * as path from 'node:path';
import { SessionStore } from '../../src/core/store/store';
import { cleanup } from '../../src/core/store/cleanup';
import { beat, finish, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { slowFs } from '../helpers/slowFs';
import { silentLogger, type Logger } from '../../src/core/ports';
import { withLease } from '../../src/core/session/lease';
import { isPulseError } from '../../src/core/errors';
import { loadSessions } from '../../src/core/reports/report';
import { localDate } from '../../src/core/time';
import * as nodeFs from 'node:fs';
import type { Session } from '../../src/core/session/schema';

const [mode = '', dir = '', arg1 = '0', arg2 = '0', arg3 = '-1'] = process.argv.slice(2);
const fs = slowFs(Number(process.env.PULSE_SLOW_FS_MS ?? 0));
const emit = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
// Lock waits longer than the lock's stale time: a frozen holder kept its lock, as it must.
const waits: Logger = {
  ...silentLogger,
  debug: (m: string) => {
    const waited = /after (\d+) ms/.exec(m);
    if (waited && Number(waited[1]) > 2000) emit({ t: 'waited', ms: Number(waited[1]) });
  },
};
const store = new SessionStore({ dir, fs, lock: { staleMs: 2000 }, log: waits });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const owner = { host: 'stress', pid: process.pid, instance: `w${process.pid}` };

async function ownerLoop(durationMs: number, staleAfterMs: number): Promise<void> {
  const until = Date.now() + durationMs;
  const leaseMs = Number(process.env.PULSE_LEASE_MS ?? 0);
  const withLeaseIfAny = (x: Session): Session => (leaseMs > 0 ? withLease(x, leaseMs) : x);
  let s = await store.create(withLeaseIfAny(newSession({ id: newSessionId(Date.now()), now: Date.now(), owner })));
  emit({ t: 'new', id: s.id, prev: null });
  while (Date.now() < until) {
    // Mostly on time, sometimes late enough to be (correctly) closed by a cleaner.
    await sleep(staleAfterMs * (Math.random() < 0.8 ? Math.random() * 0.8 : 1 + Math.random()));
    let r;
    try {
      r = await store.update(s.id, (f) => withLeaseIfAny(beat(f, Date.now(), 60_000)));
    } catch (err) {
      // A frozen cleaner holds our lock (ELOCKED): not acknowledged, nothing written; beat again later.
      if (isPulseError(err, 'ELOCKED')) {
        emit({ t: 'nack', id: s.id, code: err.code });
        continue;
      }
      throw err;
    }
    if (r.kind === 'written') {
      emit({ t: 'ack', id: s.id, hb: r.session.lastHeartbeat, rev: r.session.revision });
    } else {
      const prev = s.id;
      s = await store.create(withLeaseIfAny(newSession({ id: newSessionId(Date.now()), now: Date.now(), owner, previousSessionId: prev })));
      emit({ t: 'new', id: s.id, prev });
    }
  }
}

async function steadyLoop(durationMs: number, everyMs: number): Promise<void> {
  const until = Date.now() + durationMs;
  let s = await store.create(newSession({ id: newSessionId(Date.now()), now: Date.now(), owner }));
  emit({ t: 'new', id: s.id, prev: null, at: Date.now() });
  while (Date.now() < until) {
    await sleep(everyMs);
    const r = await store.update(s.id, (f) => beat(f, Date.now(), 60_000));
    if (r.kind === 'written') {
      emit({ t: 'ack', id: s.id, hb: r.session.lastHeartbeat, rev: r.session.revision });
    } else {
      const prev = s.id;
      s = await store.create(newSession({ id: newSessionId(Date.now()), now: Date.now(), owner, previousSessionId: prev }));
      emit({ t: 'new', id: s.id, prev, at: Date.now() });
    }
  }
  // A window that closes ends its session; only a killed one leaves it for cleanup.
  await store.update(s.id, (f) => finish(f, Date.now(), 'window-closed'));
}

async function cleanerLoop(durationMs: number, staleAfterMs: number): Promise<void> {
  const until = Date.now() + durationMs;
  while (Date.now() < until) {
    const r = await cleanup(store, { staleAfterMs });
    for (const id of r.closed) emit({ t: 'closed', id, at: Date.now() });
    for (const e of r.errors) emit({ t: 'error', ...e });
    await sleep(Number(process.env.PULSE_CLEANUP_EVERY_MS ?? Math.random() * staleAfterMs * 0.5));
  }
}

async function readerLoop(durationMs: number, expected: number, inRange: number): Promise<void> {
  const until = Date.now() + durationMs;
  const day = 24 * 3600_000;
  let n = 0;
  let during = 0;
  while (Date.now() < until) {
    const all = await store.listAll();
    // Taken while finishes were going on: some sessions already finished, others not yet.
    if (all.sessions.some((x) => x.status === 'completed') && all.sessions.some((x) => x.status !== 'completed')) during++;
    const loaded = await loadSessions(store, {});
    const checks: [string, Session[], number][] = [
      ['listAll', all.sessions, expected],
      ['report', loaded.sessions, expected],
    ];
    if (inRange >= 0) {
      // Through the month index: its folder stamps and what it learns, as this process keeps them and as a new one finds them.
      const reader = n % 2 ? new SessionStore({ dir, fs, lock: { staleMs: 2000 }, log: waits }) : store;
      const ranged = await loadSessions(reader, { from: localDate(Date.now() - day), to: localDate(Date.now() + day) });
      checks.push(['range', ranged.sessions, inRange]);
    }
    n++;
    for (const [what, l, want] of checks) {
      const ids = new Set(l.map((x) => x.id));
      // expected < 0: sessions come and go, so only "no id twice" can be checked.
      if (ids.size !== l.length || (want >= 0 && l.length !== want)) emit({ t: 'miscount', what, rows: l.length, distinct: ids.size, expected: want });
    }
  }
  emit({ t: 'reads', n, during });
}

/** A finished session beating every minute through each [from, to] stretch (ms). */
function finished(stretches: [number, number][]): Session {
  let s = newSession({ id: newSessionId(stretches[0]![0]), now: stretches[0]![0], owner: { ...owner, user: 'teammate@example.com' } });
  for (const [from, to] of stretches) for (let at = from; at <= to; at += 60_000) s = beat(s, at, 5 * 60_000);
  return finish(s, stretches[stretches.length - 1]![1], 'user');
}

function placeArchived(s: Session): void {
  const month = path.join(dir, 'archive', s.startedAt.slice(0, 7));
  nodeFs.mkdirSync(month, { recursive: true });
  nodeFs.writeFileSync(path.join(month, `${s.id}.json`), `${JSON.stringify(s, null, 2)}\n`);
}

async function pulled(n: number): Promise<void> {
  const day = 24 * 3600_000;
  // Sessions arrive by pull only in a store shared through git.
  await store.setShare('git');
  const old = Date.now() - 200 * day;
  placeArchived(finished([[old, old + 10 * 60_000]]));
  await loadSessions(store, { from: localDate(old), to: localDate(old) });
  if (!nodeFs.existsSync(path.join(dir, 'archive', 'index', 'built.json'))) throw new Error('no index was built');
  for (let i = 0; i < n; i++) {
    const start = Date.now() - (35 + 5 * i) * day;
    const s = finished([
      [start, start + 10 * 60_000],
      [Date.now() - 3600_000, Date.now() - 3300_000],
    ]);
    placeArchived(s);
    emit({ t: 'pulled', id: s.id, folder: s.startedAt.slice(0, 7) });
  }
}

async function writerLoop(first: number): Promise<void> {
  // Large bodies (~200 KB) so that a SIGKILL often lands in the middle of a write.
  const files: Record<string, number> = {};
  for (let i = 0; i < 3000; i++) files[path.join('src', `module${i}`, 'index.ts')] = i;
  const ids = Array.from({ length: 8 }, (_, i) => `crashsession${String(i).padStart(4, '0')}`);
  for (const id of ids) {
    if (!(await store.get(id))) await store.create({ ...newSession({ id, now: Date.now(), owner }), files });
  }
  emit({ t: 'ready' });
  for (let i = first; ; i++) {
    const id = ids[i % ids.length]!;
    await store.update(id, (f) => ({ ...beat(f, Date.now(), 60_000), files: { ...f.files, [`n${i}.ts`]: 1 } }));
  }
}

async function main(): Promise<void> {
  if (mode === 'owner') return ownerLoop(Number(arg1), Number(arg2));
  if (mode === 'cleaner') return cleanerLoop(Number(arg1), Number(arg2));
  if (mode === 'writer') return writerLoop(Number(arg1));
  if (mode === 'reader') return readerLoop(Number(arg1), Number(arg2), Number(arg3));
  if (mode === 'pulled') return pulled(Number(arg1));
  if (mode === 'seed') {
    for (let i = 0; i < Number(arg1); i++) await store.create(newSession({ id: newSessionId(Date.now() + i), now: Date.now(), owner }));
    return;
  }
  if (mode === 'steady') return steadyLoop(Number(arg1), Number(arg2));
  if (mode === 'end') {
    // End every live session of this store (used to leave a quiet store behind), and say so.
    for (const s of (await store.listLive()).sessions) {
      await store.update(s.id, (f) => finish(f, Date.now(), 'user'));
      emit({ t: 'ended', id: s.id });
    }
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
