// Importing another tracker's history: each fixture is a small file in the documented format, and
// the sessions and totals it must give are worked out by hand in the comments next to them.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importHistory, type ImportOptions } from '../../src/core/imports/importer';
import { buildReport, loadSessions } from '../../src/core/reports/report';
import type { Session } from '../../src/core/session/schema';
import type { SessionStore } from '../../src/core/store/store';
import { tempDirs, makeStore, listTree } from '../helpers/tempStore';

// Local days in the hand-computed totals are UTC days.
process.env.TZ = 'UTC';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'imports');
const fixture = (name: string): string => path.join(FIXTURES, name);
const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const MIN = 60;
const { fresh, removeAll } = tempDirs('pulse-import-');
afterEach(removeAll);

function options(store: SessionStore, file: string, extra: Partial<ImportOptions> = {}): ImportOptions {
  return { file, route: () => store, idleTimeoutMs: 5 * 60_000, sessionGapMs: 60 * 60_000, now: NOW, ...extra };
}

async function archived(store: SessionStore): Promise<Session[]> {
  const l = await store.listArchived();
  assert.deepEqual(l.problems, []);
  return l.sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || (a.project ?? '').localeCompare(b.project ?? ''));
}

test('a WakaTime dump: sessions by the idle timeout and session gap, per project, across midnight', async () => {
  const store = makeStore(fresh());
  // An index that is built (as any report leaves it): the import must add to it, not leave it stale.
  await store.archiveIndex.rebuild();
  const r = await importHistory(options(store, fixture('wakatime.json'), { user: 'ada@example.com' }));
  assert.equal(r.tool, 'wakatime');
  assert.deepEqual([r.sessions, r.added, r.alreadyImported], [3, 3, 0]);
  // 16 heartbeats in the file: 1 exact repeat, 1 browsing, 1 domain -> 13 imported.
  assert.equal(r.heartbeats, 13);
  assert.equal(r.duplicates, 1);
  assert.deepEqual(r.skipped, { 'category browsing': 1, 'type domain': 1 });
  assert.equal(r.droppedPaths, 1, '/somewhere/else/notes.md is outside the project');
  const [night, morning, site] = await archived(store);
  // 23:50 a.ts, 23:52 a.ts (+2 min a.ts), 23:58 b.ts (6 min > idle: new segment), 00:01 b.ts (+3 b.ts),
  // 00:04 README (+3 b.ts), 00:06 notes (+2 README), 00:08 a.ts (+2, notes: file dropped).
  assert.equal(night!.project, 'pulse');
  assert.deepEqual(night!.segments, [
    ['2026-03-01T23:50:00.000Z', '2026-03-01T23:52:00.000Z'],
    ['2026-03-01T23:58:00.000Z', '2026-03-02T00:08:00.000Z'],
  ]);
  assert.equal(night!.activeSeconds, 12 * MIN);
  assert.deepEqual(night!.languages, { typescript: 8 * MIN, markdown: 4 * MIN });
  assert.deepEqual(night!.files, { 'src/a.ts': 2 * MIN, 'src/b.ts': 6 * MIN, 'README.md': 2 * MIN });
  assert.equal(night!.issue, 'PUL-7');
  assert.equal(night!.status, 'completed');
  assert.equal(night!.owner.user, 'ada@example.com', 'the person importing');
  assert.deepEqual(night!.source, { tool: 'wakatime', file: 'wakatime.json', importedAt: new Date(NOW).toISOString() });
  // 09:00 c.ts, 09:04 (+4), 09:30 (26 min idle: new segment), 09:33 (+3).
  assert.equal(morning!.project, 'pulse');
  assert.equal(morning!.activeSeconds, 7 * MIN);
  assert.equal(morning!.segments.length, 2);
  assert.equal(morning!.branch, 'main');
  assert.equal(morning!.issue, null);
  // site: 09:02 and 09:06 -> 4 min, inside pulse's 09:00-09:04 for two of them.
  assert.equal(site!.project, 'site');
  assert.deepEqual(site!.files, { 'index.html': 4 * MIN });
  // One person: the union. 03-01: 23:50-23:52 + 23:58-24:00 = 4 min. 03-02: 00:00-00:08 (8) +
  // 09:00-09:06 (6) + 09:30-09:33 (3) = 17 min.
  const report = buildReport((await loadSessions(store)).sessions);
  assert.deepEqual(report.days, [{ date: '2026-03-01', activeSeconds: 4 * MIN }, { date: '2026-03-02', activeSeconds: 17 * MIN }]);
  assert.equal(report.totalSeconds, 21 * MIN);
  // Per key, attributed stretch by stretch: main is 09:00-09:06 (pulse and site together) + 09:30-09:33;
  // where pulse's c.ts and site's index.html overlap (09:02-09:04), the stretch begun last has it.
  assert.deepEqual(report.branches, { 'feature/PUL-7-import': 12 * MIN, main: 9 * MIN });
  assert.deepEqual(report.languages, { typescript: 13 * MIN, markdown: 4 * MIN, html: 4 * MIN });
  assert.deepEqual(report.issues, { 'PUL-7': 12 * MIN });
  // The month index knows them, so a range report finds them without reading the archive.
  const indexed = JSON.parse(fs.readFileSync(path.join(store.dir, 'archive', 'index', '2026-03.json'), 'utf8')) as { sessions: [string][] };
  assert.deepEqual(indexed.sessions.map((e) => e[0]).sort(), [night!.id, morning!.id, site!.id].sort());
  assert.equal(buildReport((await loadSessions(store, { from: '2026-03-02', to: '2026-03-02' })).sessions, { from: '2026-03-02', to: '2026-03-02' }).totalSeconds, 17 * MIN);
});

test('importing the same file twice adds nothing, and --project takes one project', async () => {
  const store = makeStore(fresh());
  await importHistory(options(store, fixture('wakatime.json')));
  const before = listTree(store.dir);
  const again = await importHistory(options(store, fixture('wakatime.json')));
  assert.deepEqual([again.added, again.alreadyImported], [0, 3]);
  assert.deepEqual(listTree(store.dir), before);
  const other = makeStore(fresh());
  const onlySite = await importHistory(options(other, fixture('wakatime.json'), { project: 'site' }));
  assert.equal(onlySite.added, 1);
  // pulse's coding heartbeats, the exact repeat included: 4 on 03-01, 8 on 03-02.
  assert.equal(onlySite.skipped['other projects'], 12);
  assert.deepEqual((await archived(other)).map((s) => s.project), ['site']);
});

test('imported time that overlaps Pulse\'s own sessions counts once', async () => {
  const store = makeStore(fresh());
  await importHistory(options(store, fixture('wakatime.json')));
  // Pulse itself recorded 09:03-09:10 on 03-02 while WakaTime ran too: the union grows by 4 minutes only
  // (09:06-09:10), and the day's total becomes 21 min.
  const own = (await archived(store))[0]!;
  await store.create({
    ...own,
    id: '20260302T090300000Z-ownsess1',
    status: 'active',
    endedAt: null,
    endReason: null,
    startedAt: '2026-03-02T09:03:00.000Z',
    segments: [['2026-03-02T09:03:00.000Z', '2026-03-02T09:10:00.000Z']],
    activeSeconds: 7 * MIN,
    project: null,
    source: undefined,
  });
  assert.equal(buildReport((await loadSessions(store)).sessions).totalSeconds, 25 * MIN);
});

test('a Wakapi CSV and an ActivityWatch export', async () => {
  const store = makeStore(fresh());
  const csv = await importHistory(options(store, fixture('wakapi.csv')));
  assert.equal(csv.tool, 'wakapi');
  assert.deepEqual(csv.skipped, { 'type domain': 1 });
  const aw = await importHistory(options(store, fixture('activitywatch.json')));
  assert.equal(aw.tool, 'activitywatch');
  assert.deepEqual(aw.skipped, { 'bucket type currentwindow': 2 });
  const [wakapi, watch] = await archived(store);
  // 10:00 d.ts, 10:03 d.ts (+3), 10:04:30 e.ts (+1.5 to d.ts; the domain row between is skipped).
  assert.deepEqual(wakapi!.files, { 'src/d.ts': 4.5 * MIN });
  // Events (newest first in the file): 10:00+5m y.py, 10:04+1m y.py (inside it), 10:10+2m x.ts.
  assert.deepEqual(watch!.segments, [
    ['2026-03-04T10:00:00.000Z', '2026-03-04T10:05:00.000Z'],
    ['2026-03-04T10:10:00.000Z', '2026-03-04T10:12:00.000Z'],
  ]);
  assert.deepEqual(watch!.files, { 'src/y.py': 5 * MIN, 'src/x.ts': 2 * MIN });
  assert.deepEqual(watch!.languages, { python: 5 * MIN, typescript: 2 * MIN });
  assert.equal(watch!.issue, '#42');
});

test('a dry run writes nothing and still says what would be new', async () => {
  const dir = fresh();
  const store = makeStore(path.join(dir, 'store'));
  const r = await importHistory(options(store, fixture('wakatime.json'), { dryRun: true }));
  assert.deepEqual([r.added, r.alreadyImported, r.dryRun], [3, 0, true]);
  assert.deepEqual(fs.readdirSync(dir), []);
});

let variants = 0;

/** A file with this text. */
function raw(dir: string, text: string): string {
  const file = path.join(dir, `bad-${++variants}`);
  fs.writeFileSync(file, text);
  return file;
}

/** The JSON fixture with one change made by `edit`. */
interface Dump {
  days: { heartbeats: Record<string, unknown>[] }[];
  buckets: Record<string, { events: Record<string, unknown>[] }>;
}

function variant(dir: string, name: string, edit: (dump: Dump) => void): string {
  const dump = JSON.parse(fs.readFileSync(fixture(name), 'utf8')) as Dump;
  edit(dump);
  return raw(dir, JSON.stringify(dump));
}

test('bad input is refused with a clear message and nothing written', async () => {
  const src = fresh();
  const whole = fs.readFileSync(fixture('wakatime.json'), 'utf8');
  const cases: [string, string, RegExp][] = [
    ['truncated', raw(src, whole.slice(0, Math.floor(whole.length * 0.7))), /truncated|not valid JSON/],
    ['foreign JSON', raw(src, '{"name": "my-package", "version": "1.0.0"}'), /not a WakaTime or Wakapi data dump/],
    ['not JSON at all', raw(src, '<html><body>hi</body></html>'), /not a WakaTime/],
    ['time as a string', variant(src, 'wakatime.json', (d) => (d.days[1]!.heartbeats[3]!.time = 'soon')), /days\[1\]\.heartbeats\[3\]: "time" is the string "soon"/],
    ['language as a number', variant(src, 'wakatime.json', (d) => (d.days[0]!.heartbeats[0]!.language = 7)), /"language" is a number/],
    ['time in the future', variant(src, 'wakatime.json', (d) => (d.days[1]!.heartbeats.at(-1)!.time = NOW / 1000 + 86400)), /in the future/],
    ['days out of order', variant(src, 'wakatime.json', (d) => void d.days.reverse()), /not in time order/],
    ['ActivityWatch without a timestamp', variant(src, 'activitywatch.json', (d) => delete d.buckets['aw-watcher-vscode_ada-laptop']!.events[1]!.timestamp), /"timestamp" is missing/],
    ['a CSV cut mid-row', raw(src, fs.readFileSync(fixture('wakapi.csv'), 'utf8').slice(0, -40)), /row|CSV/],
    ['an empty file', raw(src, ''), /empty/],
    ['--format that disagrees', fixture('activitywatch.json'), /not --format wakatime/],
  ];
  for (const [what, file, message] of cases) {
    const dir = fresh();
    // Something already in the store stays exactly as it was.
    const store = makeStore(dir);
    await importHistory(options(store, fixture('wakapi.csv')));
    const before = listTree(dir);
    await assert.rejects(importHistory(options(store, file, { format: what.startsWith('--format') ? 'wakatime' : undefined })), (err: Error) => {
      assert.match(err.message, message, what);
      assert.match(err.message, /nothing was imported|empty|truncated/, `${what}: says nothing was written`);
      return true;
    });
    assert.deepEqual(listTree(dir), before, `${what}: nothing written`);
  }
});
