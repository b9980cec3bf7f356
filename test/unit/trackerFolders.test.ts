// Folder routing details: relative paths, nested and changing folders, file-less events, labels
// and branches.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { containingFolder, relativeInside } from '../../src/core/tracking/folderPaths';
import { FakeTime, MIN, S, removeTempFolders, rig, segs, sessionsOf, tempFolder, typeFor } from './trackerHarness';

const T0 = Date.UTC(2026, 2, 6, 15, 0, 0);

after(removeTempFolders);

test('relative paths: inside only, `/` separators, never `..`', () => {
  assert.equal(relativeInside('/w/proj', '/w/proj/src/a.ts', '/'), 'src/a.ts');
  assert.equal(relativeInside('/w/proj/', '/w/proj/src/a.ts', '/'), 'src/a.ts');
  assert.equal(relativeInside('/w/proj', '/w/project/a.ts', '/'), undefined, 'a sibling with a longer name');
  assert.equal(relativeInside('/w/proj', '/w/proj', '/'), undefined);
  assert.equal(relativeInside('/w/proj', '/w/proj/../etc/passwd', '/'), undefined);
  assert.equal(relativeInside('/w/proj', '/w/proj/./a.ts', '/'), undefined);
  assert.equal(relativeInside('/w/proj', '/w/proj/.eslintrc.json', '/'), '.eslintrc.json');
  assert.equal(relativeInside('C:\\w\\proj', 'C:\\w\\proj\\src\\a.ts', '\\'), 'src/a.ts');
  assert.equal(relativeInside('C:\\w\\proj', 'C:\\w\\proj\\src\\..\\..\\x', '\\'), undefined);
  const folders = [{ key: 'outer', path: '/w' }, { key: 'inner', path: '/w/inner' }];
  assert.equal(containingFolder(folders, '/w/inner/a.ts', '/')?.key, 'inner', 'the innermost folder wins');
  assert.equal(containingFolder(folders, '/w/b.ts', '/')?.key, 'outer');
  assert.equal(containingFolder(folders, '/x/b.ts', '/'), undefined);
});

test('file-less events (terminal, debugger) keep the folder alive and never start a session', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 2 * MIN, 10 * S, {}, 'terminal');
  assert.equal(r.tracker.status().state, 'none', 'a terminal alone starts nothing');
  r.tracker.record('edit', { file: path.join(f.path, 'a.ts'), folder: 'ws' }); // 120
  await time.advance(30 * S);
  await typeFor(r, 3 * MIN, 30 * S, {}, 'terminal'); // 150 .. 330, the only folder
  await r.tracker.flush();
  const [s] = await sessionsOf(f.store);
  assert.deepEqual(s!.segments, segs(T0, [120, 330]));
  assert.deepEqual(s!.files, { 'a.ts': 210 }, 'terminal time goes to the file last worked on');
  r.tracker.dispose();
});

test('a folder added later gets its own session; a removed one ends as window-closed', async () => {
  const time = new FakeTime(T0);
  const fa = tempFolder(time, 'a');
  const fb = tempFolder(time, 'b');
  const r = rig(time, [fa]);
  await typeFor(r, MIN, 2 * S, { file: path.join(fb.path, 'b.ts') }); // not a folder yet: nothing
  assert.equal(r.tracker.status().state, 'none');
  r.tracker.addFolder(fb);
  await typeFor(r, MIN, 2 * S, { file: path.join(fb.path, 'b.ts') });
  assert.equal(await r.tracker.removeFolder('b'), true);
  const [s] = await sessionsOf(fb.store);
  assert.equal(s!.endReason, 'window-closed');
  assert.deepEqual(s!.segments, segs(T0, [60, 120]));
  r.tracker.record('edit', { file: path.join(fb.path, 'b.ts'), folder: 'b' });
  assert.equal(r.tracker.status('b').state, 'none', 'a removed folder takes no activity');
  r.tracker.dispose();
});

test('label and branch go into the session; the label survives until changed', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  r.tracker.setBranch('ws', 'main');
  await typeFor(r, 30 * S, 2 * S, { file: path.join(f.path, 'a.ts'), folder: 'ws' });
  assert.equal(await r.tracker.setLabel('  Release   prep '), true);
  assert.equal(r.tracker.label(), 'Release prep');
  let [s] = await sessionsOf(f.store);
  assert.equal(s!.label, 'Release prep');
  assert.equal(s!.branch, 'main');
  assert.equal(s!.issue, null, 'main names no issue');
  r.tracker.setBranch('ws', 'feature/x');
  await typeFor(r, MIN, 2 * S, { file: path.join(f.path, 'a.ts'), folder: 'ws' });
  await r.tracker.flush();
  [s] = await sessionsOf(f.store);
  assert.equal(s!.branch, 'feature/x');
  assert.equal(s!.label, 'Release prep');
  r.tracker.dispose();
});

test('the issue key of the branch goes into the session with it', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  r.tracker.setBranch('ws', 'feature/PAY-142-refunds');
  await typeFor(r, 30 * S, 2 * S, { file: path.join(f.path, 'a.ts'), folder: 'ws' });
  await r.tracker.flush();
  let [s] = await sessionsOf(f.store);
  assert.equal(s!.issue, 'PAY-142');
  // The host's own pattern (pulse.issuePattern) decides when it passes the key.
  r.tracker.setBranch('ws', 'fix/318-crash', '318');
  await typeFor(r, MIN, 2 * S, { file: path.join(f.path, 'a.ts'), folder: 'ws' });
  await r.tracker.flush();
  [s] = await sessionsOf(f.store);
  assert.deepEqual([s!.branch, s!.issue], ['fix/318-crash', '318']);
  r.tracker.dispose();
});
