// Pause and resume, start and end, settings that apply live, a failing store, and shutdown.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SessionStore } from '../../src/core/store/store';
import { iso } from '../../src/core/time';
import { MAX_FILES } from '../../src/core/tracking/activityBuffer';
import { FakeTime, HOUR, MIN, S, removeTempFolders, rig, segs, sessionsOf, tempFolder, typeFor } from './trackerHarness';
import type { StoreFs } from '../../src/core/store/fsio';
import type { TrackerStatus } from '../../src/core/tracking/trackerTypes';

const T0 = Date.UTC(2026, 2, 5, 10, 0, 0);

after(removeTempFolders);

function src(root: string, name = 'a.ts'): { file: string; language: string; folder: string } {
  return { file: path.join(root, name), language: 'typescript', folder: 'ws' };
}

test('pause and resume stop and restart counting; the file says paused meanwhile', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, MIN, 2 * S, src(f.path)); // 0 .. 60
  await r.tracker.pause();
  assert.equal((await sessionsOf(f.store))[0]!.status, 'paused');
  assert.equal(r.tracker.status().state, 'paused');
  await time.advance(2 * S);
  await typeFor(r, 4 * MIN, 2 * S, src(f.path)); // ignored: 62 .. 302
  await time.advanceTo(T0 + 400 * S);
  await r.tracker.resume();
  await typeFor(r, MIN, 2 * S, src(f.path)); // 400 .. 460
  await r.tracker.flush();
  const [s] = await sessionsOf(f.store);
  assert.equal(s!.status, 'active');
  assert.deepEqual(s!.segments, segs(T0, [0, 60], [400, 460]));
  assert.equal(s!.activeSeconds, 120);
  r.tracker.dispose();
});

test('startNew ends the current session and starts a labelled one now; end with autoStart off stays ended', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f], { settings: { autoStart: false } });
  await typeFor(r, MIN, 2 * S, src(f.path));
  assert.equal(r.tracker.status().state, 'none', 'autoStart off: activity alone starts nothing');
  await r.tracker.startNew('  Fix   the parser ');
  const started = r.tracker.status();
  assert.equal(started.state, 'active');
  assert.ok(started.sessionId, 'an explicit start is written at once');
  await typeFor(r, MIN, 2 * S, src(f.path));
  await r.tracker.startNew();
  await typeFor(r, 30 * S, 2 * S, src(f.path));
  await r.tracker.end();
  await typeFor(r, MIN, 2 * S, src(f.path));
  await r.tracker.flush();
  const all = await sessionsOf(f.store);
  assert.equal(all.length, 2);
  assert.equal(all[0]!.label, 'Fix the parser');
  assert.equal(all[0]!.endReason, 'user');
  assert.equal(all[0]!.activeSeconds, 60);
  assert.equal(all[1]!.endReason, 'user');
  assert.equal(all[1]!.activeSeconds, 30);
  assert.equal(r.tracker.status().state, 'none');
  r.tracker.dispose();
});

test('settings apply live: a shorter idle timeout, and file names turned off', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 40 * S, 2 * S, src(f.path)); // 0 .. 40, not yet written
  r.tracker.updateSettings({ idleTimeoutMs: MIN, recordFileNames: false, heartbeatIntervalMs: -5 });
  assert.equal(r.tracker.settings.heartbeatIntervalMs, 60_000, 'an out-of-range value is ignored');
  assert.equal(r.log.count(/ignoring heartbeatIntervalMs/), 1);
  await time.advance(2 * MIN); // a 2-minute gap no longer counts
  await typeFor(r, MIN, 2 * S, src(f.path, 'b.ts')); // 160 .. 220
  await r.tracker.flush();
  const [s] = await sessionsOf(f.store);
  assert.deepEqual(s!.segments, segs(T0, [0, 40], [160, 220]));
  assert.deepEqual(s!.files, {}, 'no file names once the setting is off, not even unsaved ones');
  assert.deepEqual(s!.languages, { typescript: 100 });
  r.tracker.dispose();
});

test('per-file maps are bounded; time on further files still counts', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f], { settings: { heartbeatIntervalMs: HOUR } });
  for (let i = 0; i < MAX_FILES + 500; i++) {
    r.tracker.record('edit', { file: path.join(f.path, `f${i}.ts`), folder: 'ws' });
    await time.advance(100);
  }
  await r.tracker.flush();
  const [s] = await sessionsOf(f.store);
  assert.equal(Object.keys(s!.files).length, MAX_FILES);
  assert.equal(s!.activeSeconds, (MAX_FILES + 499) / 10);
  r.tracker.dispose();
});

test('a failing store keeps everything in memory, backs off, says so once, and loses nothing', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  // A file where the store's folder should be.
  fs.mkdirSync(path.dirname(f.storeDir), { recursive: true });
  fs.writeFileSync(f.storeDir, 'not a folder');
  const r = rig(time, [f]);
  const states: TrackerStatus[] = [];
  const sub = r.tracker.onDidChangeState((s) => states.push(s));
  await typeFor(r, 10 * MIN, 2 * S, src(f.path));
  const st = r.tracker.status();
  assert.equal(st.failing, true);
  assert.ok(st.lastError);
  assert.equal(st.unflushed, true);
  assert.equal(st.activeSeconds, 600);
  assert.equal(r.log.lines.filter((l) => l.level === 'warn').length, 1, 'one warning, not one per retry');
  assert.ok(states.some((s) => s.failing), 'listeners heard about it');

  fs.unlinkSync(f.storeDir);
  await time.advance(5 * MIN); // the back-off caps at 5 minutes
  const stOk = r.tracker.status();
  assert.equal(stOk.failing, false);
  assert.equal(r.log.count(/works again; nothing was lost/), 1);
  const [s] = await sessionsOf(f.store);
  assert.deepEqual(s!.segments, segs(T0, [0, 600]));
  assert.equal(s!.activeSeconds, 600);
  sub.dispose();
  r.tracker.dispose();
});

test('shutdown ends every session as window-closed in one write, and gives up at its deadline', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  await typeFor(r, 90 * S, 2 * S, src(f.path));
  const before = (await sessionsOf(f.store))[0]!;
  assert.equal(await r.tracker.shutdown(), true);
  const [s] = await sessionsOf(f.store);
  assert.equal(s!.revision, before.revision + 1);
  assert.equal(s!.endReason, 'window-closed');
  assert.equal(s!.endedAt, iso(T0 + 90 * S));
  assert.equal(s!.activeSeconds, 90);
  r.tracker.record('edit', src(f.path));
  assert.equal(r.tracker.status().state, 'none', 'nothing is recorded after shutdown');

  // A store whose disk never answers: shutdown still returns, at its deadline.
  const time2 = new FakeTime(T0);
  const g = tempFolder(time2, 'hang');
  let reachedRename: () => void = () => undefined;
  const stuck = new Promise<void>((resolve) => (reachedRename = resolve));
  const hanging: StoreFs = {
    ...fs,
    promises: {
      ...fs.promises,
      rename: () => {
        reachedRename();
        return new Promise<void>(() => undefined);
      },
    },
  };
  const r2 = rig(time2, [{ ...g, store: new SessionStore({ dir: g.storeDir, clock: time2, fs: hanging }) }]);
  await typeFor(r2, 10 * S, 2 * S, src(g.path));
  time2.settle = () => Promise.resolve();
  const done = r2.tracker.shutdown(4000);
  await time2.advance(4000);
  assert.equal(await done, false);
  assert.equal(r2.log.count(/could not be saved before the window closed/), 1);
  // The real write is still under way; let it reach its hang before the temp folder goes.
  await stuck;
});

test('a finishing write that lands but fails afterwards is not mistaken for a session closed elsewhere', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  let failUnlinks = 1;
  const flaky: StoreFs = {
    ...fs,
    promises: {
      ...fs.promises,
      unlink: async (p: fs.PathLike) => {
        if (String(p).endsWith('.json') && failUnlinks-- > 0) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
        return fs.promises.unlink(p);
      },
    },
  };
  const r = rig(time, [{ ...f, store: new SessionStore({ dir: f.storeDir, clock: time, fs: flaky }) }]);
  await typeFor(r, 90 * S, 2 * S, src(f.path));
  assert.equal(await r.tracker.end(), false, 'the first attempt fails after the archive copy is written');
  assert.equal(await r.tracker.flush(), true);
  const all = await sessionsOf(f.store);
  assert.equal(all.length, 1, 'no second session');
  assert.equal(all[0]!.endReason, 'user');
  assert.equal(all[0]!.activeSeconds, 90);
  assert.equal(r.log.count(/closed elsewhere/), 0);
  r.tracker.dispose();
});

test('the first event of a new session announces it as active (the palette\'s when clauses depend on it)', () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f]);
  const seen: string[] = [];
  r.tracker.onDidChangeState((s) => seen.push(s.state));
  r.tracker.record('edit', src(f.path));
  assert.equal(r.tracker.status().state, 'active');
  assert.equal(seen[seen.length - 1], 'active', `states announced: ${seen.join(', ')}`);
  r.tracker.dispose();
});

test('status says idle once no event has come within the idle timeout, or the window lost focus', async () => {
  const time = new FakeTime(T0);
  const f = tempFolder(time);
  const r = rig(time, [f], { settings: { idleTimeoutMs: 5 * MIN } });
  assert.equal(r.tracker.status().idle, true, 'nothing happened yet');
  r.tracker.record('edit', src(f.path));
  assert.equal(r.tracker.status().idle, false);
  await time.advance(5 * MIN + S);
  assert.equal(r.tracker.status().idle, true);
  r.tracker.record('edit', src(f.path));
  r.tracker.windowState({ focused: false });
  assert.equal(r.tracker.status().idle, true);
  r.tracker.dispose();
});
