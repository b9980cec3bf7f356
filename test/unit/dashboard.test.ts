// The dashboard's numbers: the union across windows, every day of the range, today's lanes, and
// untrusted filters from the webview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDashboard, normalizeFilters, filterRange } from '../../src/core/reports/dashboard';
import { buildReport, sessionsInRange } from '../../src/core/reports/report';
import { addDays, parseRange, weekStart, presetRange } from '../../src/core/reports/dateRanges';
import { newSession } from '../../src/core/session/session';
import { iso, localDate, localDayStart } from '../../src/core/time';
import type { Session } from '../../src/core/session/schema';

const owner = { host: 'h', pid: 1, instance: 'i' };
function session(id: string, segs: [number, number][], extra: Partial<Session> = {}): Session {
  const s = newSession({ id, now: segs[0]![0], owner });
  const total = segs.reduce((a, [x, y]) => a + (y - x), 0) / 1000;
  return { ...s, segments: segs.map(([a, b]) => [iso(a), iso(b)]), activeSeconds: total, languages: { typescript: total }, ...extra };
}

const today = '2026-03-04'; // a Wednesday
const at = (date: string, h: number, m = 0): number => localDayStart(date) + (h * 60 + m) * 60_000;
const now = at(today, 18);

test('today and this week are the union across windows; days cover the whole range', () => {
  const a = session('sessionaaaa1', [[at(today, 9), at(today, 11)]], { label: 'window A' });
  const b = session('sessionbbbb2', [[at(today, 10), at(today, 12)]]);
  const mon = session('sessioncccc3', [[at('2026-03-02', 9), at('2026-03-02', 10)]]);
  const old = session('sessiondddd4', [[at('2026-02-01', 9), at('2026-02-01', 10)]]);
  const input = [a, b, mon, old].map((session) => ({ folder: 'app', session }));
  const f = normalizeFilters({ range: 'last30' }, []);
  const d = buildDashboard(input, f, filterRange(f, today), now);
  assert.equal(d.today.activeSeconds, 3 * 3600, '9-12, the overlap counted once');
  assert.equal(d.week.from, '2026-03-02');
  assert.equal(d.week.activeSeconds, 4 * 3600);
  assert.equal(d.days.length, 30);
  assert.equal(d.days.at(-1)!.date, today);
  assert.deepEqual(d.report, buildReport([a, b, mon, old], { from: addDays(today, -29), to: today }));
  assert.equal(d.days.find((x) => x.date === '2026-02-01'), undefined, 'outside the last 30 days');
  // Lanes are named for people: the label, or the times (and branch) of an unlabelled session.
  assert.deepEqual(d.timeline.lanes.map((l) => l.label), ['window A', '10:00–12:00']);
  assert.deepEqual(d.timeline.lanes.map((l) => l.id), ['sessionaaaa1', 'sessionbbbb2'], 'the id stays with the lane');
  assert.deepEqual(d.timeline.union, [[at(today, 9), at(today, 12)]]);
  assert.equal(d.sessionCount, 3);
});

test('filters from the webview are untrusted: unknown folders, presets, scopes, groupings and bad dates fall back', () => {
  const dflt = { scope: 'window', by: 'user', person: '' };
  assert.deepEqual(normalizeFilters({ folder: '../../etc', range: 'forever' }, ['file:///a']), { folder: '*', range: 'last30', ...dflt });
  assert.deepEqual(normalizeFilters('<script>', []), { folder: '*', range: 'last30', ...dflt });
  assert.deepEqual(normalizeFilters({ folder: 'file:///a', range: 'custom', from: '2026-02-30', to: '2026-03-01' }, ['file:///a']), { folder: 'file:///a', range: 'last30', ...dflt });
  assert.deepEqual(normalizeFilters({ range: 'custom', from: '2026-03-01', to: '2026-03-04' }, []), { folder: '*', range: 'custom', from: '2026-03-01', to: '2026-03-04', ...dflt });
  assert.deepEqual(normalizeFilters({ scope: 'everything', by: 'mood', person: 42 }, []), { folder: '*', range: 'last30', ...dflt });
  assert.deepEqual(normalizeFilters({ scope: 'allProjects', person: ' bob ' }, []), { folder: '*', range: 'last30', scope: 'allProjects', by: 'project', person: 'bob' });
});

test('ranges: weeks start on Monday, presets, and typed ranges are validated', () => {
  assert.equal(weekStart('2026-03-04'), '2026-03-02');
  assert.equal(weekStart('2026-03-01'), '2026-02-23', 'a Sunday belongs to the week before');
  assert.deepEqual(presetRange('thisMonth', today), { from: '2026-03-01', to: today });
  assert.deepEqual(presetRange('last7', today), { from: '2026-02-26', to: today });
  assert.deepEqual(parseRange(' 2026-03-01..2026-03-31 '), { from: '2026-03-01', to: '2026-03-31' });
  assert.match(parseRange('2026-03-31..2026-03-01') as string, /after/);
  assert.match(parseRange('2026-02-30..2026-03-01') as string, /not a date/);
  assert.match(parseRange('March') as string, /YYYY-MM-DD\.\.YYYY-MM-DD/);
  assert.equal(localDate(at('2026-03-29', 12)), '2026-03-29');
});

test('sessionsInRange keeps sessions with activity in the range, or that started in it', () => {
  const inside = session('sessioneeee5', [[at('2026-03-02', 9), at('2026-03-02', 10)]]);
  const before = session('sessionffff6', [[at('2026-02-01', 9), at('2026-02-01', 10)]]);
  const empty = { ...session('sessiongggg7', [[at('2026-03-03', 9), at('2026-03-03', 9)]]), segments: [] };
  const got = sessionsInRange([inside, before, empty], { from: '2026-03-01', to: '2026-03-31' }).map((s) => s.id);
  assert.deepEqual(got, ['sessioneeee5', 'sessiongggg7']);
  assert.equal(sessionsInRange([inside, before], {}).length, 2);
});
