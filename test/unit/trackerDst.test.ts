// 8. A DST change: Europe/Amsterdam, last Sunday of October 2026 (clocks go from 03:00 back to 02:00).
// Node reads TZ once, at first use, so the trace runs in a child process started with the zone set.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { buildReport, rangeBounds } from '../../src/core/reports/report';
import { localDayStart, nextLocalMidnight } from '../../src/core/time';
import { FakeTime, HOUR, MIN, removeTempFolders, rig, segs, sessionsOf, tempFolder, typeFor } from './trackerHarness';

const CHILD_FLAG = 'PULSE_TRACKER_DST_CHILD';

if (process.env[CHILD_FLAG] === '1') {
  after(removeTempFolders);

  test('the child really runs in Europe/Amsterdam', () => {
    assert.equal(new Date(Date.UTC(2026, 9, 24, 12)).getTimezoneOffset(), -120, 'CEST before the change');
    assert.equal(new Date(Date.UTC(2026, 9, 25, 12)).getTimezoneOffset(), -60, 'CET after it');
  });

  test('a 25-hour day: 25 h of work on it are 25 h, cut at the right midnights', async () => {
    const day = localDayStart('2026-10-25');
    assert.equal(day, Date.UTC(2026, 9, 24, 22), 'local midnight is 22:00 UTC (CEST)');
    assert.equal(nextLocalMidnight(day), Date.UTC(2026, 9, 25, 23), 'the next one is 23:00 UTC (CET)');
    const [from, to] = rangeBounds({ from: '2026-10-25', to: '2026-10-25' });
    assert.equal(to - from, 25 * HOUR);

    const time = new FakeTime(day);
    const f = tempFolder(time);
    const r = rig(time, [f], { settings: { heartbeatIntervalMs: 10 * MIN } });
    r.tracker.setBranch('ws', 'main');
    // Typing once a minute from local midnight through 00:30 the next day: 25.5 hours of wall time.
    await typeFor(r, 25 * HOUR + 30 * MIN, MIN, { file: path.join(f.path, 'dst.ts'), language: 'typescript', folder: 'ws' });
    await r.tracker.flush();
    const all = await sessionsOf(f.store);
    assert.equal(all.length, 1, 'a DST change is not a session boundary');
    assert.deepEqual(all[0]!.segments, segs(day, [0, 25.5 * 3600]));
    assert.equal(all[0]!.activeSeconds, 91_800);
    assert.deepEqual(buildReport(all).days, [
      { date: '2026-10-25', activeSeconds: 90_000 },
      { date: '2026-10-26', activeSeconds: 1_800 },
    ]);
    // Per-key time is cut at the same midnights: the 25-hour day holds 25 hours of typescript.
    const d25 = buildReport(all, { from: '2026-10-25', to: '2026-10-25' });
    assert.deepEqual([d25.totalSeconds, d25.languages, d25.files, d25.branches], [90_000, { typescript: 90_000 }, { 'dst.ts': 90_000 }, { main: 90_000 }]);
    const d26 = buildReport(all, { from: '2026-10-26', to: '2026-10-26' });
    assert.deepEqual([d26.totalSeconds, d26.languages, d26.files, d26.branches], [1_800, { typescript: 1_800 }, { 'dst.ts': 1_800 }, { main: 1_800 }]);
    r.tracker.dispose();
  });

  test('the repeated hour (02:00-03:00 twice) counts twice, as it was lived', async () => {
    // 01:30 CEST (23:30 UTC) to 03:30 CET (02:30 UTC): the wall clock says 2 h, the person worked 3 h.
    const start = Date.UTC(2026, 9, 24, 23, 30);
    const time = new FakeTime(start);
    const f = tempFolder(time);
    const r = rig(time, [f]);
    await typeFor(r, 3 * HOUR, 10_000, { file: path.join(f.path, 'dst.ts'), folder: 'ws' });
    await r.tracker.flush();
    const [s] = await sessionsOf(f.store);
    assert.equal(s!.activeSeconds, 10_800);
    assert.deepEqual(buildReport([s!]).days, [{ date: '2026-10-25', activeSeconds: 10_800 }]);
    r.tracker.dispose();
  });
} else {
  test('8. DST change (TZ=Europe/Amsterdam, last Sunday of October), in a child process', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'Europe/Amsterdam', [CHILD_FLAG]: '1' };
    // Why: inherited, this makes the child talk the parent runner's protocol instead of plain TAP.
    delete env.NODE_TEST_CONTEXT;
    const child = spawnSync(process.execPath, ['--enable-source-maps', __filename], { env, encoding: 'utf8', timeout: 120_000 });
    const out = `${child.stdout}\n${child.stderr}`;
    assert.equal(child.status, 0, out);
    assert.match(out, /# pass 3/, out);
    assert.match(out, /# fail 0/, out);
  });
}
