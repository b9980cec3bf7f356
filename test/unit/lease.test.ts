// The session declares its own lease, and a cleaner with a shorter stale time honours it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { cleanup } from '../../src/core/store/cleanup';
import { FakeTime, removeTempFolders, rig, sessionsOf, tempFolder } from './trackerHarness';
import { createSession, makeStore, manualClock, tempDirs } from '../helpers/tempStore';
import { closableAfterMs } from '../../src/core/session/lease';
import type { Session } from '../../src/core/session/schema';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const { fresh, removeAll } = tempDirs('pulse-lease-');
after(() => {
  removeTempFolders();
  removeAll();
});

test('a window set to 60 minutes stale sits idle for 3 hours; a cleanup with the 15-minute default never closes it', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  // A day-long session gap, so only staleness could end it.
  const r = rig(time, [f], { settings: { staleAfterMs: 60 * MIN, sessionGapMs: 24 * 60 * MIN } });
  r.tracker.record('edit', { file: path.join(f.path, 'a.ts'), language: 'typescript', folder: f.key });
  await time.advance(MIN);
  await r.tracker.flush();
  const [first] = await sessionsOf(f.store);
  assert.equal(first?.leaseSeconds, 3600, 'the window declares its own stale time as its lease');
  let longestSilence = 0;
  for (let i = 0; i < 180; i++) {
    await time.advance(MIN);
    // Another process (a CLI cleanup with its 900 s default) sweeps the same store, every minute.
    const c = await cleanup(f.store, { staleAfterMs: 15 * MIN });
    assert.deepEqual(c.closed, [], `closed after ${i + 1} idle minutes`);
    const [s] = await sessionsOf(f.store);
    longestSilence = Math.max(longestSilence, time.now() - Date.parse(s!.lastHeartbeat));
  }
  const [s] = await sessionsOf(f.store);
  assert.equal(s?.status, 'active');
  assert.ok(longestSilence > 15 * MIN, 'the window was silent longer than the cleaner’s own stale time');
  assert.ok(longestSilence <= 20 * MIN, 'its idle keep-alive comes thrice per lease');
  r.tracker.dispose();
});

test('a session with a lease is closed once the lease (with its margin) has passed, and one without keeps the old rule', async () => {
  const dir = fresh();
  const clock = manualClock(T0);
  const store = makeStore(dir, { clock });
  const leased = await createSession(store, T0, { leaseSeconds: 3600 });
  const old = await createSession(store, T0 + 1);
  assert.equal(closableAfterMs(leased, 15 * MIN), 75 * MIN);
  assert.equal(closableAfterMs(old, 15 * MIN), 15 * MIN);
  // Cleanup judges silence in the file system's time: the files age as the clock moves.
  const at = (t: number): void => {
    clock.set(t);
    for (const n of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const when = new Date(Date.now() - (t - T0));
      fs.utimesSync(path.join(dir, n), when, when);
    }
  };
  at(T0 + 16 * MIN);
  assert.deepEqual((await cleanup(store, { staleAfterMs: 15 * MIN })).closed, [old.id], 'no lease: today’s rule');
  at(T0 + 74 * MIN);
  assert.deepEqual((await cleanup(store, { staleAfterMs: 15 * MIN })).closed, []);
  at(T0 + 76 * MIN);
  assert.deepEqual((await cleanup(store, { staleAfterMs: 15 * MIN })).closed, [leased.id]);
  // A cleaner whose own stale time is longer than the lease waits for its own.
  assert.equal(closableAfterMs(leased, 120 * MIN), 120 * MIN);
});

test('pulse start declares a lease (900 s by default) that a cleanup with --stale-after 0 honours', () => {
  const dir = fresh();
  const run = (...args: string[]): { code: number | null; out: string } => {
    const r = spawnSync(process.execPath, [CLI, '--dir', dir, ...args], { encoding: 'utf8', env: { ...process.env, PULSE_DATA_DIR: path.join(dir, '..', `${path.basename(dir)}-data`) } });
    return { code: r.status, out: r.stdout };
  };
  const s = JSON.parse(run('start').out) as Session;
  assert.equal(s.leaseSeconds, 900);
  const c = JSON.parse(run('cleanup', '--stale-after', '0').out) as { closed: string[] };
  assert.deepEqual(c.closed, []);
  assert.ok(fs.existsSync(path.join(dir, `${s.id}.json`)));
});
