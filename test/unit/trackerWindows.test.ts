// Focus and window state, two windows on one folder, midnight, and multi-root workspaces.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport, loadSessions } from '../../src/core/reports/report';
import { SessionStore } from '../../src/core/store/store';
import { localDayStart } from '../../src/core/time';
import { Tracker } from '../../src/core/tracking/tracker';
import { FakeTime, HOUR, MIN, S, MemoryLog, removeTempFolders, rig, segs, sessionsOf, tempFolder, typeFor } from './trackerHarness';

const T0 = Date.UTC(2026, 2, 4, 13, 0, 0);

after(removeTempFolders);

test('5. focus lost while a build runs: the build is not the person; counting resumes on return', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  const src = { file: path.join(f.path, 'a.ts'), language: 'typescript', folder: 'ws' };
  await typeFor(r, 5 * MIN, 2 * S, src); // 0 .. 300
  r.tracker.record('terminal', { folder: 'ws' }); // starts the build at 300
  await time.advanceTo(T0 + 310 * S);
  r.tracker.windowState({ focused: false, active: true }); // off to the browser at 310
  await time.advance(10 * S);
  await typeFor(r, 70 * S, 10 * S, { folder: 'ws' }, 'terminal'); // build output 320 .. 390
  await time.advanceTo(T0 + 400 * S);
  // The build rewrites a file that is open in an editor.
  r.tracker.record('edit', { file: path.join(f.path, 'dist', 'out.js'), language: 'javascript', folder: 'ws' });
  await time.advance(10 * S);
  await typeFor(r, 70 * S, 10 * S, { folder: 'ws' }, 'terminal'); // 410 .. 480
  await time.advanceTo(T0 + 540 * S);
  r.tracker.windowState({ focused: true, active: true }); // back at 540
  await typeFor(r, MIN, 2 * S, src); // 540 .. 600
  // Focused but inactive (VS Code 1.89+): also a hint; the time up to it counts, nothing after.
  await time.advanceTo(T0 + 690 * S);
  r.tracker.windowState({ focused: true, active: false });
  await time.advanceTo(T0 + 900 * S);
  r.tracker.windowState({ focused: true, active: true });
  await typeFor(r, MIN, 2 * S, src); // 900 .. 960
  await r.tracker.flush();

  const [s, ...rest] = await sessionsOf(f.store);
  assert.equal(rest.length, 0);
  assert.deepEqual(s!.segments, segs(T0, [0, 310], [540, 690], [900, 960]));
  assert.equal(s!.activeSeconds, 520);
  assert.deepEqual(s!.files, { 'a.ts': 520 }, 'the generated file is not listed; build time is nobody\'s');
  r.tracker.dispose();
});

test('6. two windows with overlapping activity in one folder: two sessions, the report counts the overlap once', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const storeB = new SessionStore({ dir: f.storeDir, clock: time });
  const a = rig(time, [f], { owner: { host: 'h', pid: 1, instance: 'window-a' } });
  const b = rig(time, [{ ...f, store: storeB }], { owner: { host: 'h', pid: 2, instance: 'window-b' } });
  const file = (n: string): { file: string; folder: string } => ({ file: path.join(f.path, n), folder: 'ws' });
  // A types 0 .. 1800, B types 1200 .. 3000 (both windows side by side).
  for (let t = 0; t <= 3000; t += 5) {
    await time.advanceTo(T0 + t * S);
    if (t <= 1800) a.tracker.record('edit', file('a.ts'));
    if (t >= 1200) b.tracker.record('edit', file('b.ts'));
  }
  await Promise.all([a.tracker.flush(), b.tracker.flush()]);
  const { sessions } = await loadSessions(f.store);
  assert.equal(sessions.length, 2);
  const byOwner = new Map(sessions.map((s) => [s.owner.instance, s]));
  assert.deepEqual(byOwner.get('window-a')!.segments, segs(T0, [0, 1800]));
  assert.deepEqual(byOwner.get('window-b')!.segments, segs(T0, [1200, 3000]));
  assert.equal(byOwner.get('window-a')!.activeSeconds + byOwner.get('window-b')!.activeSeconds, 3600);
  const report = buildReport(sessions);
  assert.equal(report.totalSeconds, 3000);
  assert.deepEqual(report.days.map((d) => d.activeSeconds), [3000]);
  a.tracker.dispose();
  b.tracker.dispose();
});

test('7. activity across local midnight: one session, split between the two days in reports', async () => {
  const midnight = localDayStart('2026-06-11');
  const time = new FakeTime(midnight - 30 * MIN);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, HOUR, 5 * S, { file: path.join(f.path, 'night.ts'), folder: 'ws' });
  await r.tracker.flush();
  const all = await sessionsOf(f.store);
  assert.equal(all.length, 1);
  assert.deepEqual(all[0]!.segments, segs(midnight, [-1800, 1800]));
  assert.deepEqual(buildReport(all).days, [
    { date: '2026-06-10', activeSeconds: 1800 },
    { date: '2026-06-11', activeSeconds: 1800 },
  ]);
  r.tracker.dispose();
});

test('9. multi-root: time goes to the folder worked in, paths stay relative, outside files keep the last folder alive', async () => {
  const time = new FakeTime(T0);
  const fa = tempFolder(time, 'a');
  const fb = tempFolder(time, 'b');
  const r = rig(time, [fa, fb]);
  const x = { file: path.join(fa.path, 'src', 'x.ts'), language: 'typescript', folder: 'a' };
  const y = { file: path.join(fb.path, 'lib', 'y.ts'), language: 'typescript', folder: 'b' };
  // No folder key: the tracker finds the folder that contains the file.
  const xNoKey = { file: x.file, language: 'typescript' };
  const outside = { file: path.join(path.dirname(fa.path), 'notes.md'), language: 'markdown' };
  const trace: [number, typeof outside][] = [
    [0, x], [30, y], [60, xNoKey], [90, y], [120, x], [150, outside], [180, x],
  ];
  for (const [at, info] of trace) {
    await time.advanceTo(T0 + at * S);
    r.tracker.record('edit', info);
  }
  await r.tracker.flush();
  const [a] = await sessionsOf(fa.store);
  const [b] = await sessionsOf(fb.store);
  assert.deepEqual(a!.segments, segs(T0, [0, 30], [60, 90], [120, 180]));
  assert.equal(a!.activeSeconds, 120);
  assert.deepEqual(a!.files, { 'src/x.ts': 90 });
  assert.deepEqual(a!.languages, { typescript: 90, markdown: 30 });
  assert.deepEqual(b!.segments, segs(T0, [30, 60], [90, 120]));
  assert.equal(b!.activeSeconds, 60);
  assert.deepEqual(b!.files, { 'lib/y.ts': 60 });
  assert.equal(buildReport([a!, b!]).totalSeconds, 180, 'alternating folders never double-count');
  for (const [store, s] of [[fa.store, a!], [fb.store, b!]] as const) {
    const text = fs.readFileSync(store.livePath(s.id), 'utf8');
    assert.ok(!text.includes(fa.path) && !text.includes(fb.path) && !text.includes('notes.md'));
  }
  r.tracker.dispose();
});

test('9b. activity outside every folder never starts a session', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const tracker = new Tracker({ folders: [f], clock: time, monotonic: time, timers: time, log: new MemoryLog() });
  time.settle = () => tracker.whenIdle();
  await typeFor({ time, tracker }, 5 * MIN, 2 * S, { file: path.join(path.dirname(f.path), 'elsewhere.txt') });
  await tracker.flush();
  assert.equal(tracker.status().state, 'none');
  assert.equal(fs.existsSync(f.storeDir), false);
  tracker.dispose();
});
