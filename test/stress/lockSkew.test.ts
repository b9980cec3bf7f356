// Locks between processes whose clocks disagree by 20 minutes. A holder 20 minutes behind keeps
// its lock while it lives; a dead holder 20 minutes ahead loses it within the stale time, not 20
// minutes later. On one host the lock judges its holder by process identity, so no clock is read;
// a holder that says it is on another host (a network file system) is judged by its lock's age in
// the file system's time, which its refreshes stamp: the runs with PULSE_TEST_HOSTNAME test that.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { beat } from '../../src/core/session/session';
import { createSession, makeStore, tempDirs } from '../helpers/tempStore';
import { SessionStore } from '../../src/core/store/store';

const HOLDER = path.join(__dirname, '..', 'helpers', 'heartbeatHolder.js');
const SHIFT = path.join(__dirname, '..', 'helpers', 'clockShift.js');
const MIN20 = 20 * 60_000;
/** The lock's stale time in the other-host runs: short, so a dead holder's lock is free in seconds. */
const STALE_MS = 2000;
const { fresh, removeAll } = tempDirs();
afterEach(removeAll);

/** The holder in a child whose clock is off by `offsetMs`; resolves once it holds the lock mid-write. */
function hold(dir: string, id: string, holdMs: number, offsetMs: number, host?: string): Promise<{ child: ChildProcess; outcome: Promise<{ t: string; code?: string; heartbeats?: number }> }> {
  const child = spawn(process.execPath, ['--require', SHIFT, HOLDER, dir, id, String(holdMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PULSE_TEST_CLOCK_OFFSET_MS: String(offsetMs), ...(host ? { PULSE_TEST_HOSTNAME: host, PULSE_TEST_LOCK_STALE_MS: String(STALE_MS) } : {}) },
  });
  const lines: { t: string }[] = [];
  let buf = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const p of parts) if (p) lines.push(JSON.parse(p) as { t: string });
    for (const w of waiters.splice(0)) w();
  });
  const next = (t: string): Promise<{ t: string }> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = lines.find((l) => l.t === t || l.t === 'error');
        if (hit) resolve(hit);
        else waiters.push(check);
      };
      child.once('exit', () => setImmediate(() => (lines.find((l) => l.t === t || l.t === 'error') ? check() : reject(new Error(`holder exited before "${t}"`)))));
      check();
    });
  return next('writing').then((first) => {
    if (first.t === 'error') throw new Error(`holder failed: ${JSON.stringify(first)}`);
    return { child, outcome: next('ack') };
  });
}

for (const host of [undefined, 'far-host']) {
  const where = host ? ' (holder on another host: judged in file-system time)' : '';
  const lock = host ? { staleMs: STALE_MS } : {};
test(`a live holder 20 minutes behind keeps its lock: the real-time writer waits, and both writes land${where}`, { timeout: 60_000 }, async () => {
  const dir = fresh();
  const store = makeStore(dir, { lock });
  const s = await createSession(store, Date.now());
  // Held 4 s: several of the holder's refreshes (with its slow clock), within the waiter's retries.
  const h = await hold(dir, s.id, 4000, -MIN20, host);
  const mine = new SessionStore({ dir, lock });
  const r = await mine.update(s.id, (f) => beat(f, Date.now(), 300_000));
  assert.deepEqual(await h.outcome, { t: 'ack', revision: 2, heartbeats: 1 }, 'the holder was not robbed of its lock');
  assert.equal(r.kind, 'written');
  assert.equal(r.kind === 'written' ? r.session.heartbeats : 0, 2, 'the waiting write came after, on top of it');
});

test(`a dead holder 20 minutes ahead: its lock is recovered after the stale time, not 20 minutes later${where}`, { timeout: 60_000 }, async () => {
  const dir = fresh();
  const store = makeStore(dir, { lock });
  const s = await createSession(store, Date.now());
  const h = await hold(dir, s.id, 60_000, MIN20, host);
  // Let it refresh the lock at least once with its fast clock, then kill it mid-write.
  await new Promise((r) => setTimeout(r, 3500));
  const died = h.outcome.then(
    () => 'finished',
    () => 'killed',
  );
  h.child.kill('SIGKILL');
  assert.equal(await died, 'killed');
  const mine = new SessionStore({ dir, lock });
  const r = await mine.update(s.id, (f) => beat(f, Date.now(), 300_000));
  assert.equal(r.kind, 'written', 'the dead lock was taken over within the bounded retries');
});
}
