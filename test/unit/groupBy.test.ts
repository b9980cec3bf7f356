// The counting rule: an instant counts once per person. One person's two machines at the same
// minute count once; two people at the same minute count twice; every total is the sum of each
// person's union, and a group's total is the same rule applied to that group's sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { iso, localDate } from '../../src/core/time';
import { buildReport } from '../../src/core/reports/report';
import { groupBy } from '../../src/core/reports/groupBy';
import type { Session } from '../../src/core/session/schema';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const MIN = 60_000;
let seq = 0;

/** A finished session of `user` on `host` with activity [a, b] minutes after T0. */
function session(user: string | undefined, host: string, spans: [number, number][], extra: Partial<Session> = {}): Session {
  const s = newSession({ id: newSessionId(T0 + seq++), now: T0, owner: { host, pid: 1, instance: `i${seq}`, ...(user ? { user } : {}) } });
  return { ...s, segments: spans.map(([a, b]) => [iso(T0 + a * MIN), iso(T0 + b * MIN)]), ...extra };
}

test('one person on two machines counts once; two people count twice; the total sums people', () => {
  const sessions = [
    session('alice', 'A', [[0, 30]]),
    session('alice', 'C', [[20, 50]]), // overlaps alice@A by 10 min: alice = 50 min
    session('bob', 'B', [[10, 40]]), // overlaps alice entirely in time: bob = 30 min
    session(undefined, 'old', [[0, 5]]), // before owner.user: its own person
  ];
  const r = buildReport(sessions);
  assert.equal(r.totalSeconds, (50 + 30 + 5) * 60);
  assert.deepEqual(r.days, [{ date: localDate(T0), activeSeconds: (50 + 30 + 5) * 60 }]);
  const byUser = groupBy(
    sessions.map((session) => ({ session, project: 'p' })),
    'user',
  );
  assert.deepEqual(Object.keys(byUser), ['alice', 'bob', '(unknown)'], 'largest first');
  assert.equal(byUser.alice!.totalSeconds, 50 * 60);
  assert.equal(byUser.bob!.totalSeconds, 30 * 60);
  const sum = Object.values(byUser).reduce((a, g) => a + g.totalSeconds, 0);
  assert.equal(sum, r.totalSeconds, 'by user adds up to the plain total');
  const byHost = groupBy(
    sessions.map((session) => ({ session, project: 'p' })),
    'host',
  );
  assert.deepEqual(
    Object.fromEntries(Object.entries(byHost).map(([k, g]) => [k, g.totalSeconds / 60])),
    { A: 30, C: 30, B: 30, old: 5 },
  );
});

test('groups by project, label and branch apply the rule inside each group, clipped to the range', () => {
  const items = [
    { session: session('alice', 'A', [[0, 30]], { label: 'parser', branch: 'main' }), project: 'api' },
    { session: session('alice', 'A', [[15, 45]], { label: 'parser', branch: null }), project: 'web' },
    { session: session('bob', 'B', [[0, 60]], { label: null, branch: 'main' }), project: 'api' },
  ];
  const minutes = (g: Record<string, { totalSeconds: number }>): Record<string, number> =>
    Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.totalSeconds / 60]));
  assert.deepEqual(minutes(groupBy(items, 'project')), { api: 90, web: 30 });
  assert.deepEqual(minutes(groupBy(items, 'label')), { '(no label)': 60, parser: 45 });
  assert.deepEqual(minutes(groupBy(items, 'branch')), { main: 90, '(no branch)': 30 });
  const tomorrow = localDate(T0 + 24 * 3600_000);
  assert.deepEqual(groupBy(items, 'user', { from: tomorrow, to: tomorrow }), {}, 'nothing outside the range');
});
