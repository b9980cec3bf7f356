// The dashboard's comparisons and its axes: this week against last week, the daily average, the
// goal, and value axes in durations at steps a person would pick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDashboard, filterRange, normalizeFilters } from '../../src/core/reports/dashboard';
import { durationStep, durationTick } from '../../src/webview/dashboard/axis';
import { goalText } from '../../src/core/reports/goal';
import { normalizeSettings } from '../../src/core/settings';
import { newSession } from '../../src/core/session/session';
import { iso, localDayStart } from '../../src/core/time';
import type { Session } from '../../src/core/session/schema';

const owner = { host: 'h', pid: 1, instance: 'i' };
function session(id: string, segs: [number, number][]): Session {
  const s = newSession({ id, now: segs[0]![0], owner });
  const total = segs.reduce((a, [x, y]) => a + (y - x), 0) / 1000;
  return { ...s, segments: segs.map(([a, b]) => [iso(a), iso(b)]), activeSeconds: total };
}
const at = (date: string, h: number): number => localDayStart(date) + h * 3_600_000;
const today = '2026-03-04'; // a Wednesday; this week is 03-02..03-08, last week 02-23..03-01

test('this week against last week (Monday to Sunday), and the daily average over the range', () => {
  const input = [
    session('sessionaaaa1', [[at('2026-03-02', 9), at('2026-03-02', 11)]]), // this Monday: 2h
    session('sessionbbbb2', [[at('2026-02-23', 9), at('2026-02-23', 10)]]), // last Monday: 1h
    session('sessioncccc3', [[at('2026-03-01', 20), at('2026-03-01', 23)]]), // last Sunday: 3h
    session('sessiondddd4', [[at('2026-02-20', 9), at('2026-02-20', 10)]]), // the week before: not counted
  ].map((s) => ({ folder: 'app', session: s }));
  const f = normalizeFilters({ range: 'last7' }, []);
  const d = buildDashboard(input, f, filterRange(f, today), at(today, 18), 2 * 3600);
  assert.deepEqual(d.week, { from: '2026-03-02', to: today, activeSeconds: 2 * 3600 });
  assert.deepEqual(d.lastWeek, { from: '2026-02-23', to: '2026-03-01', activeSeconds: 4 * 3600 });
  // Last 7 days = 02-26..03-04: 3h + 2h over 7 days, idle days included.
  assert.equal(d.dailyAverageSeconds, (5 * 3600) / 7);
  assert.equal(d.goalSeconds, 2 * 3600);
});

test('duration axes step in minutes or hours, never fractions of an hour', () => {
  assert.equal(durationStep(0), 60);
  assert.equal(durationStep(7 * 60), 120, '7 minutes: 2-minute steps');
  assert.equal(durationStep(40 * 60), 600);
  assert.equal(durationStep(2.5 * 3600), 1800);
  assert.equal(durationStep(9 * 3600), 7200);
  for (const max of [5, 400, 3000, 20_000, 90_000, 500_000]) {
    const step = durationStep(max);
    assert.ok(max / step <= 5, `${max}: at most 5 steps`);
    assert.ok(step % 60 === 0, 'whole minutes');
  }
  assert.deepEqual([0, 120, 1800, 3600, 5400].map(durationTick), ['0', '2m', '30m', '1h 00m', '1h 30m']);
});

test('a goal reads as people say it, and pulse.dailyGoalMinutes is off by default and bounded', () => {
  assert.deepEqual([7200, 5400, 2700].map(goalText), ['2h', '1h 30m', '45m']);
  assert.equal(normalizeSettings({}).dailyGoalSeconds, 0);
  assert.equal(normalizeSettings({}).goalNotification, false);
  assert.equal(normalizeSettings({ dailyGoalMinutes: 120 }).dailyGoalSeconds, 7200);
  assert.equal(normalizeSettings({ dailyGoalMinutes: -5 }).dailyGoalSeconds, 0);
  assert.equal(normalizeSettings({ dailyGoalMinutes: 99_999 }).dailyGoalSeconds, 1440 * 60);
  assert.equal(normalizeSettings({ dailyGoalMinutes: 'lots' }).dailyGoalSeconds, 0);
});
