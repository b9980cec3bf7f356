// Sleep and suspend, and a session closed under its owner by a cleanup elsewhere.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { cleanup } from '../../src/core/store/cleanup';
import { buildReport } from '../../src/core/reports/report';
import { SessionStore } from '../../src/core/store/store';
import { iso } from '../../src/core/time';
import { FakeTime, HOUR, MIN, S, removeTempFolders, rig, segs, sessionsOf, tempFolder, typeFor } from './trackerHarness';
import { ageStore } from '../helpers/tempStore';

const T0 = Date.UTC(2026, 2, 3, 8, 0, 0);

after(removeTempFolders);

function ts(folderPath: string): { file: string; language: string; folder: string } {
  return { file: path.join(folderPath, 'main.ts'), language: 'typescript', folder: 'ws' };
}

test('3. an 8-hour sleep counts nothing, and ends the session at the last activity before it', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 10 * MIN, 2 * S, ts(f.path));
  time.sleep(8 * HOUR);
  // First the tick after waking (no event yet): it sees the jump and closes the session.
  await time.advance(10 * S);
  let all = await sessionsOf(f.store);
  assert.equal(all.length, 1);
  assert.equal(all[0]!.status, 'completed');
  assert.equal(all[0]!.endReason, 'idle');
  assert.equal(all[0]!.endedAt, iso(T0 + 10 * MIN));
  assert.deepEqual(all[0]!.segments, segs(T0, [0, 600]));
  assert.equal(all[0]!.activeSeconds, 600);
  assert.equal(r.log.count(/slept for about 480 min/), 1);

  const wake = time.now();
  await typeFor(r, 5 * MIN, 2 * S, ts(f.path));
  await r.tracker.flush();
  all = await sessionsOf(f.store);
  assert.equal(all.length, 2);
  assert.equal(all[1]!.startedAt, iso(wake));
  assert.deepEqual(all[1]!.segments, segs(wake, [0, 300]));
  assert.equal(all[1]!.previousSessionId, null);
  assert.equal(buildReport(all).totalSeconds, 900);
  r.tracker.dispose();
});

test('3b. waking into an event (before the tick runs) is detected the same way', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 10 * MIN, 2 * S, ts(f.path));
  time.sleep(8 * HOUR);
  const wake = time.now();
  await typeFor(r, 5 * MIN, 2 * S, ts(f.path));
  await r.tracker.flush();
  const all = await sessionsOf(f.store);
  assert.equal(all.length, 2);
  assert.equal(all[0]!.endReason, 'idle');
  assert.equal(all[0]!.endedAt, iso(T0 + 10 * MIN));
  assert.deepEqual(all[0]!.segments, segs(T0, [0, 600]));
  assert.deepEqual(all[1]!.segments, segs(wake, [0, 300]));
  assert.equal(r.log.count(/slept for about 480 min/), 1, 'the event itself noticed the sleep');
  r.tracker.dispose();
});

test('4. sleeps shorter than the session gap (even shorter than the idle timeout) keep the session and count nothing', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 10 * MIN, 2 * S, ts(f.path)); // 0 .. 600
  time.sleep(2 * MIN); // shorter than the idle timeout: only the clocks can tell
  await typeFor(r, 3 * MIN, 2 * S, ts(f.path)); // 720 .. 900
  time.sleep(20 * MIN);
  await time.advance(5 * MIN); // awake, idle: 2100 .. 2400
  await typeFor(r, 5 * MIN, 2 * S, ts(f.path)); // 2400 .. 2700
  await r.tracker.flush();
  const all = await sessionsOf(f.store);
  assert.equal(all.length, 1);
  assert.equal(all[0]!.status, 'active');
  assert.deepEqual(all[0]!.segments, segs(T0, [0, 600], [720, 900], [2400, 2700]));
  assert.equal(all[0]!.activeSeconds, 1080);
  assert.deepEqual(all[0]!.files, { 'main.ts': 1080 });
  r.tracker.dispose();
});

test('10. closed under its owner: never overwritten; the unsaved activity goes to a new linked session', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 10 * MIN + 30 * S, 2 * S, ts(f.path)); // 0 .. 630; last write at 600 holds 0 .. 598
  const [written] = await sessionsOf(f.store);
  assert.deepEqual(written!.segments, segs(T0, [0, 598]));

  // The laptop sleeps 25 minutes; meanwhile another window's cleanup finds the session stale.
  time.sleep(25 * MIN);
  ageStore(f.storeDir, 25 * MIN);
  const other = new SessionStore({ dir: f.storeDir, clock: time });
  const cleaned = await cleanup(other, { staleAfterMs: 15 * MIN });
  assert.deepEqual(cleaned.closed, [written!.id]);
  const [stale] = await sessionsOf(f.store);

  const wake = time.now();
  await typeFor(r, 100 * S, 2 * S, ts(f.path)); // wake .. wake + 100
  assert.equal(await r.tracker.flush(), true);

  const all = await sessionsOf(f.store);
  assert.equal(all.length, 2);
  const [old, next] = all;
  assert.deepEqual(old, stale, 'the closed session is left exactly as the cleanup wrote it');
  assert.equal(old!.endReason, 'stale');
  assert.equal(old!.endedAt, iso(T0 + 598 * S));
  assert.equal(next!.previousSessionId, old!.id);
  assert.equal(next!.status, 'active');
  assert.equal(next!.startedAt, iso(T0 + 598 * S));
  assert.deepEqual(next!.segments, [...segs(T0, [598, 630]), ...segs(wake, [0, 100])]);
  // Nothing lost: 630 s before the sleep and 100 s after it.
  assert.equal(old!.activeSeconds + next!.activeSeconds, 730);
  assert.equal(buildReport(all).totalSeconds, 730);
  assert.equal(r.log.count(/was closed elsewhere/), 1);
  assert.equal(r.tracker.status().sessionId, next!.id);
  r.tracker.dispose();
});

test('10b. closed under its owner with nothing unsaved: the next activity starts the linked session', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 2 * MIN, 2 * S, ts(f.path));
  await r.tracker.flush();
  const [first] = await sessionsOf(f.store);
  time.sleep(20 * MIN);
  ageStore(f.storeDir, 20 * MIN);
  const other = new SessionStore({ dir: f.storeDir, clock: time });
  assert.deepEqual((await cleanup(other, { staleAfterMs: 15 * MIN })).closed, [first!.id]);
  // The liveness beat after waking finds it closed; nothing to carry, so no session yet.
  await time.advance(10 * S);
  assert.equal(r.log.count(/was closed elsewhere.*next activity starts a new session/), 1);
  assert.equal((await sessionsOf(f.store)).length, 1);
  assert.equal(r.tracker.status().state, 'none');

  await typeFor(r, MIN, 2 * S, ts(f.path));
  await r.tracker.flush();
  const all = await sessionsOf(f.store);
  assert.equal(all.length, 2);
  assert.equal(all[1]!.previousSessionId, first!.id);
  assert.equal(all[1]!.activeSeconds, 60);
  assert.equal(r.log.count(/was closed elsewhere/), 1);
  r.tracker.dispose();
});
