// The tracker's time rules on a fake clock: steady typing, the idle timeout, and the flush policy.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beat, newSession } from '../../src/core/session/session';
import { iso } from '../../src/core/time';
import { FakeTime, HOUR, MIN, S, removeTempFolders, rig, segs, sessionsOf, tempFolder, typeFor } from './trackerHarness';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const TS = (f: { path: string }): { file: string; language: string; folder: string } => ({
  file: path.join(f.path, 'src', 'a.ts'),
  language: 'typescript',
  folder: 'ws',
});

after(removeTempFolders);

test('1. steady typing: ten minutes of typing is ten minutes, in one segment', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 10 * MIN, 2 * S, TS(f));
  assert.equal(r.tracker.status().activeSeconds, 600);
  assert.equal(await r.tracker.flush(), true);

  const [s, ...rest] = await sessionsOf(f.store);
  assert.equal(rest.length, 0);
  assert.equal(s!.status, 'active');
  assert.equal(s!.startedAt, iso(T0));
  assert.equal(s!.lastActivity, iso(T0 + 10 * MIN));
  assert.deepEqual(s!.segments, segs(T0, [0, 600]));
  assert.equal(s!.activeSeconds, 600);
  assert.deepEqual(s!.files, { 'src/a.ts': 600 });
  assert.deepEqual(s!.languages, { typescript: 600 });
  // Privacy: the file holds paths relative to the folder, never the folder itself.
  const text = fs.readFileSync(f.store.livePath(s!.id), 'utf8');
  assert.ok(!text.includes(f.path), 'no absolute path in the session file');

  assert.equal(await r.tracker.shutdown(), true);
  const [closed] = await sessionsOf(f.store);
  assert.equal(closed!.status, 'completed');
  assert.equal(closed!.endReason, 'window-closed');
  assert.equal(closed!.endedAt, iso(T0 + 10 * MIN));
  assert.equal(closed!.activeSeconds, 600);
});

test('2. gaps just under and just over the idle timeout (and the tracker agrees with `pulse beat`)', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  // Offsets in seconds. Gaps: 299 (counts), 301 (does not), 300 = the timeout itself (counts, as in beat).
  const events = [0, 299, 600, 900];
  for (const at of events) {
    await time.advanceTo(T0 + at * S);
    r.tracker.record('edit', TS(f));
  }
  await r.tracker.flush();
  const [s] = await sessionsOf(f.store);
  assert.deepEqual(s!.segments, segs(T0, [0, 299], [600, 900]));
  assert.equal(s!.activeSeconds, 599);
  assert.deepEqual(s!.files, { 'src/a.ts': 599 });

  // The CLI's beat applies the same rule to the same trace.
  let viaBeat = newSession({ id: 'beat-check-0001', now: T0, owner: { host: 'h', pid: 1, instance: 'i' } });
  for (const at of events) viaBeat = beat(viaBeat, T0 + at * S, 5 * MIN);
  assert.deepEqual(viaBeat.segments, s!.segments);
  assert.equal(viaBeat.activeSeconds, s!.activeSeconds);
  r.tracker.dispose();
});

test('flush policy: an hour of typing every 200 ms costs at most 60 writes', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, HOUR, 200, TS(f));
  await r.tracker.whenIdle();
  const [s] = await sessionsOf(f.store);
  // Every write adds one to `revision` (create = 1): one write per heartbeat interval, no more.
  assert.equal(s!.revision, 60);
  assert.ok(s!.activeSeconds >= 3540, `written so far: ${s!.activeSeconds}`);
  await r.tracker.flush();
  const [done] = await sessionsOf(f.store);
  assert.equal(done!.activeSeconds, 3600);
  r.tracker.dispose();
});

test('flush policy: an idle hour with the window open costs 12 liveness writes, and never goes stale', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 10 * S, 1 * S, TS(f));
  await r.tracker.flush();
  const [before] = await sessionsOf(f.store);
  let maxSilence = 0;
  let lastBeat = Date.parse(before!.lastHeartbeat);
  for (let i = 0; i < 60; i++) {
    await time.advance(MIN);
    const [s] = await sessionsOf(f.store);
    maxSilence = Math.max(maxSilence, time.now() - lastBeat);
    lastBeat = Date.parse(s!.lastHeartbeat);
  }
  const [s] = await sessionsOf(f.store);
  assert.equal(s!.revision - before!.revision, 12);
  assert.equal(s!.status, 'active', 'an idle gap of exactly the session gap does not end it');
  assert.ok(maxSilence <= 15 * MIN, `longest time without a heartbeat: ${maxSilence / MIN} min`);
  assert.equal(s!.activeSeconds, 10, 'liveness beats add no time');
  r.tracker.dispose();
});

test('flush policy: no activity, no session, no writes', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await time.advance(2 * HOUR);
  r.tracker.windowState({ focused: false });
  await time.advance(HOUR);
  assert.equal(fs.existsSync(f.storeDir), false);
  assert.equal(r.tracker.status().state, 'none');
  r.tracker.dispose();
});

test('session gap: an idle gap longer than the session gap ends the session at its last activity', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 5 * MIN, 2 * S, TS(f));
  await time.advance(HOUR + 10 * S);
  const [s] = await sessionsOf(f.store);
  assert.equal(s!.status, 'completed');
  assert.equal(s!.endReason, 'idle');
  assert.equal(s!.endedAt, iso(T0 + 5 * MIN));
  assert.deepEqual(s!.segments, segs(T0, [0, 300]));
  // The next activity starts a new session (not linked: an idle end is an ordinary boundary).
  await typeFor(r, MIN, 2 * S, TS(f));
  await r.tracker.flush();
  const all = await sessionsOf(f.store);
  assert.equal(all.length, 2);
  assert.equal(all[1]!.status, 'active');
  assert.equal(all[1]!.previousSessionId, null);
  assert.equal(all[1]!.activeSeconds, 60);
  r.tracker.dispose();
});
