import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, perLocalDay } from '../../src/core/reports/report';
import { union } from '../../src/core/session/segments';
import { newSession } from '../../src/core/session/session';
import { localDayStart } from '../../src/core/time';
import type { Session } from '../../src/core/session/schema';
import { testOwner } from '../helpers/tempStore';

const H = 3600_000;
const M = 60_000;

function sessionWith(id: string, segments: [number, number][], extra: Partial<Session> = {}): Session {
  // A file from before attributed spans: only the session-wide maps.
  const s = newSession({ id, now: segments[0]![0], owner: testOwner });
  delete s.spans;
  delete s.spanKeys;
  return {
    ...s,
    segments: segments.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()] as [string, string]),
    activeSeconds: segments.reduce((n, [a, b]) => n + (b - a) / 1000, 0),
    ...extra,
  };
}

test('union merges overlapping and touching intervals and keeps gaps', () => {
  assert.deepEqual(union([[5, 9], [0, 2], [2, 3], [8, 12], [20, 21]]), [[0, 3], [5, 12], [20, 21]]);
});

test('two windows with overlapping activity count once; old files prorate their keys, the later stretch wins', () => {
  const day = localDayStart('2026-03-02');
  const a = sessionWith('windowA00001', [[day + 9 * H, day + 10 * H]], { languages: { typescript: 3600 }, branch: 'main' });
  const b = sessionWith('windowB00001', [[day + 9 * H + 30 * M, day + 10 * H + 30 * M]], { languages: { markdown: 3600 }, branch: 'main' });
  const r = buildReport([a, b]);
  assert.deepEqual(r.days, [{ date: '2026-03-02', activeSeconds: 5400 }]);
  assert.equal(r.totalSeconds, 5400);
  // 09:00-09:30 only A (typescript); 09:30-10:30 B's stretch began last, so it wins the overlap.
  assert.deepEqual(r.languages, { typescript: 1800, markdown: 3600 });
  assert.deepEqual(r.branches, { main: 5400 }, 'an instant on the branch counts once');
});

test('activity across local midnight is split between the two days', () => {
  const day = localDayStart('2026-03-02');
  const s = sessionWith('midnight0001', [[day + 23 * H + 30 * M, day + 24 * H + 45 * M]]);
  const r = buildReport([s]);
  assert.deepEqual(r.days, [
    { date: '2026-03-02', activeSeconds: 1800 },
    { date: '2026-03-03', activeSeconds: 2700 },
  ]);
});

test('a date range clips segments to the local days asked for', () => {
  const day = localDayStart('2026-03-02');
  const s = sessionWith('clipped00001', [[day + 23 * H, day + 25 * H]]);
  const r = buildReport([s], { from: '2026-03-03', to: '2026-03-03' });
  assert.deepEqual(r.days, [{ date: '2026-03-03', activeSeconds: 3600 }]);
  assert.equal(r.totalSeconds, 3600);
  assert.deepEqual(buildReport([s], { from: '2026-03-04' }).days, []);
});

test('per-day split walks whole days', () => {
  const day = localDayStart('2026-03-02');
  const days = perLocalDay([[day, day + 3 * 24 * H]]);
  assert.deepEqual([...days.keys()], ['2026-03-02', '2026-03-03', '2026-03-04']);
});

test('loading a range reads only archived sessions that reach it (through the month index), not whole months of history', async () => {
  const { loadSessions } = await import('../../src/core/reports/report');
  const { SessionStore, serialize } = await import('../../src/core/store/store');
  const { finish } = await import('../../src/core/session/session');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { tempDir, removeDir } = await import('../helpers/tempStore');
  const dir = tempDir();
  try {
    const store = new SessionStore({ dir });
    const day = localDayStart('2026-03-20');
    const write = (id: string, start: number): void => {
      const s = finish(sessionWith(id, [[start, start + H]]), start + H, 'user');
      const month = path.join(dir, 'archive', s.startedAt.slice(0, 7));
      fs.mkdirSync(month, { recursive: true });
      fs.writeFileSync(path.join(month, `${id}.json`), serialize(s));
    };
    const stamp = (t: number): string => new Date(t).toISOString().replace(/[-:.]/g, '');
    write(`${stamp(day + 9 * H)}-todayaaa`, day + 9 * H);
    write(`${stamp(day - 24 * H)}-yesterda`, day - 24 * H);
    // Same month, weeks earlier, and unreadable: a range of one day must not even open it.
    const old = `${stamp(day - 18 * 24 * H)}-oldbroke`;
    fs.writeFileSync(path.join(dir, 'archive', '2026-03', `${old}.json`), '{not json');
    const r = await loadSessions(store, { from: '2026-03-20', to: '2026-03-20' });
    assert.deepEqual(r.problems, [], 'the old file was not read');
    assert.deepEqual(r.sessions.map((s) => s.id.slice(-8)).sort(), ['todayaaa'], "yesterday's session ended before the range");
    assert.ok(fs.existsSync(path.join(dir, 'archive', 'index', 'built.json')), 'the missing index was built');
    const again = await loadSessions(store, { from: '2026-03-19', to: '2026-03-20' });
    assert.deepEqual(again.sessions.map((s) => s.id.slice(-8)).sort(), ['todayaaa', 'yesterda']);
    assert.deepEqual(again.problems, []);
    const all = await loadSessions(store);
    assert.equal(all.problems.length, 1, 'without a range, everything is read (and the bad file reported)');
  } finally {
    removeDir(dir);
  }
});

test('an old-format session across midnight: its per-key time is clipped in proportion to its segments in the range', () => {
  const day = localDayStart('2026-03-02');
  // 23:00 to 01:00 (7200 s): 3600 s on each day. Its maps say typescript 5400, markdown 1800.
  const s = sessionWith('oldformat001', [[day + 23 * H, day + 25 * H]], { languages: { typescript: 5400, markdown: 1800 }, files: { 'a.ts': 7200 }, branch: 'main' });
  const first = buildReport([s], { from: '2026-03-02', to: '2026-03-02' });
  assert.equal(first.totalSeconds, 3600);
  assert.deepEqual(first.languages, { typescript: 2700, markdown: 900 });
  assert.deepEqual(first.files, { 'a.ts': 3600 });
  assert.deepEqual(first.branches, { main: 3600 });
  const second = buildReport([s], { from: '2026-03-03', to: '2026-03-03' });
  assert.deepEqual([second.totalSeconds, second.languages, second.files], [3600, { typescript: 2700, markdown: 900 }, { 'a.ts': 3600 }]);
  // A tool that writes `spans: []` next to its maps is read the same way.
  const emptySpans = buildReport([{ ...s, spans: [], spanKeys: [] }], { from: '2026-03-02', to: '2026-03-02' });
  assert.deepEqual(emptySpans.languages, { typescript: 2700, markdown: 900 });
  // Maps that claim more than the session's time (a hand-edited file) never exceed the total either.
  const inflated = sessionWith('oldformat002', [[day + 9 * H, day + 10 * H]], { languages: { typescript: 7200, json: 7200 } });
  assert.deepEqual(buildReport([inflated]).languages, { typescript: 1800, json: 1800 });
});
