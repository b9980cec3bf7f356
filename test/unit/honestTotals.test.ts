// Fake-clock traces through the real tracker and real stores: each states its exact day totals and
// its per-language, per-file and per-branch totals, as `pulse report` computes them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildReport, loadSessions, type DateRange, type Report } from '../../src/core/reports/report';
import { SessionStore } from '../../src/core/store/store';
import { localDayStart } from '../../src/core/time';
import { FakeTime, MIN, S, removeTempFolders, rig, segs, sessionsOf, tempFolder, typeFor, type Rig } from './trackerHarness';

after(removeTempFolders);

async function report(store: SessionStore, range: DateRange): Promise<Report> {
  const { sessions, problems } = await loadSessions(store, range);
  assert.deepEqual(problems, []);
  return buildReport(sessions, range);
}

const day = (date: string): DateRange => ({ from: date, to: date });

/** Both windows type on the same fake clock, every `everyMs`, each while its own interval lasts. */
async function typeSideBySide(time: FakeTime, t0: number, lanes: { r: Rig; from: number; to: number; file: string }[], everyMs: number): Promise<void> {
  const end = Math.max(...lanes.map((l) => l.to));
  for (let t = t0; t <= end; t += everyMs) {
    await time.advanceTo(t);
    for (const l of lanes) if (t >= l.from && t <= l.to) l.r.tracker.record('edit', { file: l.file, language: 'typescript', folder: 'ws' });
  }
}

test('two windows overlapping, one language, different files: the overlap counts once, for the stretch begun last', async () => {
  const t0 = localDayStart('2026-11-20') + 10 * 60 * MIN;
  const time = new FakeTime(t0);
  const f = tempFolder(time);
  const a = rig(time, [f], { owner: { host: 'h', pid: 1, instance: 'window-a' } });
  const b = rig(time, [{ ...f, store: new SessionStore({ dir: f.storeDir, clock: time }) }], { owner: { host: 'h', pid: 2, instance: 'window-b' } });
  a.tracker.setBranch('ws', 'main');
  b.tracker.setBranch('ws', 'main');
  // A edits a.ts 10:00-10:10, B edits b.ts 10:05-10:15.
  await typeSideBySide(
    time,
    t0,
    [
      { r: a, from: t0, to: t0 + 10 * MIN, file: path.join(f.path, 'a.ts') },
      { r: b, from: t0 + 5 * MIN, to: t0 + 15 * MIN, file: path.join(f.path, 'b.ts') },
    ],
    5 * S,
  );
  await a.tracker.flush();
  await b.tracker.flush();
  const r = await report(f.store, day('2026-11-20'));
  assert.deepEqual(r.days, [{ date: '2026-11-20', activeSeconds: 900 }]);
  assert.equal(r.totalSeconds, 900);
  assert.deepEqual(r.languages, { typescript: 900 });
  // 10:05-10:10 both windows typed; B's stretch began last (10:05), so it gets those minutes.
  assert.deepEqual(r.files, { 'a.ts': 300, 'b.ts': 600 });
  assert.deepEqual(r.branches, { main: 900 });
  a.tracker.dispose();
  b.tracker.dispose();
});

test('across midnight (the issue\'s example): two windows 10:00-10:10 plus one session 23:56-00:04', async () => {
  const t0 = localDayStart('2026-11-20') + 10 * 60 * MIN;
  const time = new FakeTime(t0);
  const f = tempFolder(time);
  const a = rig(time, [f], { owner: { host: 'h', pid: 1, instance: 'window-a' } });
  const b = rig(time, [{ ...f, store: new SessionStore({ dir: f.storeDir, clock: time }) }], { owner: { host: 'h', pid: 2, instance: 'window-b' } });
  await typeSideBySide(
    time,
    t0,
    [
      { r: a, from: t0, to: t0 + 10 * MIN, file: path.join(f.path, 'a.ts') },
      { r: b, from: t0, to: t0 + 10 * MIN, file: path.join(f.path, 'a.ts') },
    ],
    5 * S,
  );
  await a.tracker.end();
  await b.tracker.end();
  const late = localDayStart('2026-11-21') - 4 * MIN;
  await time.advanceTo(late);
  await typeFor(a, 8 * MIN, 5 * S, { file: path.join(f.path, 'late.ts'), language: 'typescript', folder: 'ws' });
  await a.tracker.end();

  const d20 = await report(f.store, day('2026-11-20'));
  assert.deepEqual(d20.days, [{ date: '2026-11-20', activeSeconds: 840 }]);
  assert.deepEqual(d20.languages, { typescript: 840 }, 'was 1680 when per-key maps were whole-session sums');
  assert.deepEqual(d20.files, { 'a.ts': 600, 'late.ts': 240 });
  const d21 = await report(f.store, day('2026-11-21'));
  assert.deepEqual(d21.days, [{ date: '2026-11-21', activeSeconds: 240 }]);
  assert.deepEqual(d21.languages, { typescript: 240 }, 'was 480');
  assert.deepEqual(d21.files, { 'late.ts': 240 });
  assert.deepEqual(d21.branches, {});
  a.tracker.dispose();
  b.tracker.dispose();
});

test('the clock set back 10 min mid-typing: all 50 min count, once, and no key exceeds the total', async () => {
  const t0 = localDayStart('2026-11-20') + 14 * 60 * MIN;
  const time = new FakeTime(t0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  r.tracker.setBranch('ws', 'feature');
  const src = { file: path.join(f.path, 'a.ts'), language: 'typescript', folder: 'ws' };
  await typeFor(r, 20 * MIN, 2 * S, src);
  time.wall -= 10 * MIN; // NTP or a person sets the clock back; the monotonic clock runs on
  await time.advance(2 * S);
  await typeFor(r, 30 * MIN, 2 * S, src);
  await r.tracker.flush();
  const [s, ...rest] = await sessionsOf(f.store);
  assert.equal(rest.length, 0);
  assert.equal(s!.activeSeconds, 3002, '20 min + the 2 s across the step + 30 min (was 2410)');
  assert.deepEqual(s!.segments, segs(t0, [0, 3002]), 'session time never runs backwards');
  assert.deepEqual(s!.languages, { typescript: 3002 });
  assert.equal(s!.lastHeartbeat, new Date(time.now()).toISOString(), "lastHeartbeat follows the writer's clock");
  assert.equal(r.log.count(/clock was set back by about 10 min/), 1, 'said once');
  const d = await report(f.store, day('2026-11-20'));
  assert.deepEqual(d.days, [{ date: '2026-11-20', activeSeconds: 3002 }]);
  assert.deepEqual(d.languages, { typescript: 3002 });
  assert.deepEqual(d.files, { 'a.ts': 3002 });
  assert.deepEqual(d.branches, { feature: 3002 });
  r.tracker.dispose();
});

test('Pause after 30 s of reading, and End after 4 min without an edit: commands are not work', async () => {
  const t0 = localDayStart('2026-11-20') + 9 * 60 * MIN;
  const time = new FakeTime(t0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  r.tracker.setBranch('ws', 'main');
  const src = { file: path.join(f.path, 'a.ts'), language: 'typescript', folder: 'ws' };
  await typeFor(r, 22 * S, S, src); // 0 .. 22
  await time.advance(31 * S); // reading the status-bar menu
  await r.tracker.pause();
  await time.advance(2 * MIN);
  await r.tracker.resume();
  await time.advance(10 * S);
  await typeFor(r, 60 * S, S, src); // 183 .. 243
  await time.advance(4 * MIN + 10 * S); // dashboard, Sessions view, walkthrough: no edit
  assert.equal(r.tracker.status().activeSeconds, 82, 'the status bar says 82 s before End');
  await r.tracker.end();
  const [s] = await sessionsOf(f.store);
  assert.equal(s!.status, 'completed');
  assert.deepEqual(s!.segments, segs(t0, [0, 22], [183, 243]));
  assert.equal(s!.activeSeconds, 82, 'and the file says 82 s after it (was 304)');
  const d = await report(f.store, day('2026-11-20'));
  assert.deepEqual(d.days, [{ date: '2026-11-20', activeSeconds: 82 }]);
  assert.deepEqual(d.languages, { typescript: 82 });
  assert.deepEqual(d.files, { 'a.ts': 82 });
  assert.deepEqual(d.branches, { main: 82 });
  r.tracker.dispose();
});
