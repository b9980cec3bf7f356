// The clock rules for `beat` (the CLI's path: store.update with the pure transition), with exact
// day totals and per-key totals: a beat a millisecond before `start`, a file written by a faster
// clock, pause and resume, and a session that runs for nine days.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport, loadSessions, type DateRange, type Report } from '../../src/core/reports/report';
import { aheadOfClock, beat, finish, newSession, pause, resume } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { isStale } from '../../src/core/store/cleanup';
import { iso, localDayStart } from '../../src/core/time';
import type { Session } from '../../src/core/session/schema';
import type { SessionStore } from '../../src/core/store/store';
import { makeStore, manualClock, tempDirs, testOwner, type ManualClock } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs('pulse-beat-');
afterEach(removeAll);
const MIN = 60_000;
const IDLE = 5 * MIN;
const TS = { language: 'typescript', file: 'src/a.ts' };

async function started(store: SessionStore, at: number, branch: string | null = 'main'): Promise<Session> {
  return store.create(newSession({ id: newSessionId(at), now: at, owner: testOwner, branch }));
}

async function beatAt(store: SessionStore, clock: ManualClock, id: string, at: number): Promise<Session> {
  clock.set(at);
  const r = await store.update(id, (s) => beat(s, clock.now(), IDLE, TS));
  assert.equal(r.kind, 'written');
  return r.session;
}

async function report(store: SessionStore, range: DateRange): Promise<Report> {
  const { sessions, problems } = await loadSessions(store, range);
  assert.deepEqual(problems, []);
  return buildReport(sessions, range);
}

test('a beat 1 ms before start keeps the segment open: nothing lost across midnight', async () => {
  const start = localDayStart('2026-11-21') - 2 * MIN + 141; // 23:58:00.141
  const clock = manualClock(start);
  const store = makeStore(fresh(), { clock });
  const s = await started(store, start);
  const early = await beatAt(store, clock, s.id, start - 1); // another process's clock, 1 ms behind
  assert.deepEqual(early.segments, [[iso(start), iso(start)]], 'the early beat opens nothing before the start');
  assert.equal(early.lastHeartbeat, iso(start - 1), "lastHeartbeat follows the writer's clock");
  await beatAt(store, clock, s.id, start + 3 * MIN - 141); // 00:01
  const last = await beatAt(store, clock, s.id, start + 5 * MIN - 141); // 00:03
  assert.deepEqual(last.segments, [[iso(start), iso(start + 5 * MIN - 141)]], 'one segment (was two, three minutes lost)');
  assert.equal(last.activeSeconds, 299.859);
  const d1 = await report(store, { from: '2026-11-20', to: '2026-11-20' });
  assert.deepEqual(d1.days, [{ date: '2026-11-20', activeSeconds: 119.859 }]);
  assert.deepEqual([d1.languages, d1.files, d1.branches], [{ typescript: 119.859 }, { 'src/a.ts': 119.859 }, { main: 119.859 }]);
  const d2 = await report(store, { from: '2026-11-21', to: '2026-11-21' });
  assert.deepEqual(d2.days, [{ date: '2026-11-21', activeSeconds: 180 }]);
  assert.deepEqual([d2.languages, d2.files, d2.branches], [{ typescript: 180 }, { 'src/a.ts': 180 }, { main: 180 }]);
});

test('a file 2 h ahead of this clock never freezes the session: the next beats count, the heartbeat follows this clock', async () => {
  const t = localDayStart('2026-11-20') + 9 * 60 * MIN;
  const fast = t + 120 * MIN; // a host whose clock is 2 h fast started it and beat once
  const clock = manualClock(fast);
  const store = makeStore(fresh(), { clock });
  const s = await started(store, fast);
  await beatAt(store, clock, s.id, fast);
  await beatAt(store, clock, s.id, fast + MIN);
  const onFast = (await store.get(s.id))!.session;
  assert.equal(aheadOfClock(onFast, t), 2 * 60 * MIN + MIN, 'this writer sees the file ahead of it');
  const first = await beatAt(store, clock, s.id, t); // this host's clock
  assert.equal(first.activeSeconds, 60, 'the first beat here cannot tell how long since: it counts nothing');
  assert.equal(first.lastHeartbeat, iso(t));
  assert.equal(aheadOfClock(first, t + MIN), 0, 'said once: the next beat sees its own heartbeat');
  await beatAt(store, clock, s.id, t + MIN);
  const third = await beatAt(store, clock, s.id, t + 2 * MIN);
  assert.equal(third.activeSeconds, 180, 'each later beat counts the minute since the previous one');
  assert.deepEqual(third.segments, [[iso(fast), iso(fast + 3 * MIN)]], 'after the stored times: time never runs backwards');
  assert.ok(isStale(third, t + 2 * MIN + 16 * MIN, 15 * MIN), 'and it can go stale on this clock, so a cleanup can close it');
  const d = await report(store, { from: '2026-11-20', to: '2026-11-20' });
  assert.deepEqual(d.days, [{ date: '2026-11-20', activeSeconds: 180 }]);
  assert.deepEqual([d.languages, d.files, d.branches], [{ typescript: 180 }, { 'src/a.ts': 180 }, { main: 180 }]);
});

test('an event earlier than lastActivity extends nothing, opens nothing, loses nothing', () => {
  const t = Date.parse('2026-11-20T09:00:00.000Z');
  let s = newSession({ id: newSessionId(t), now: t, owner: testOwner });
  s = beat(s, t, IDLE, TS);
  s = beat(s, t + MIN, IDLE, TS);
  const before = s;
  s = beat(s, t + 30_000, IDLE, TS); // a beat from a clock 30 s behind, after one from the faster clock
  assert.deepEqual(s.segments, before.segments);
  assert.equal(s.activeSeconds, 60);
  assert.equal(s.lastActivity, before.lastActivity);
});

test('CLI pause and resume are not work: the next beat opens a new stretch', () => {
  const t = Date.parse('2026-11-20T09:00:00.000Z');
  let s = newSession({ id: newSessionId(t), now: t, owner: testOwner });
  s = beat(s, t, IDLE, TS);
  s = beat(s, t + MIN, IDLE, TS);
  s = pause(s, t + 90_000);
  s = resume(s, t + 2 * MIN);
  s = beat(s, t + 3 * MIN, IDLE, TS);
  s = beat(s, t + 4 * MIN, IDLE, TS);
  assert.deepEqual(s.segments, [
    [iso(t), iso(t + MIN)],
    [iso(t + 3 * MIN), iso(t + 4 * MIN)],
  ]);
  assert.equal(s.activeSeconds, 120);
  assert.deepEqual(s.languages, { typescript: 120 });
  assert.equal(finish(s, t + 9 * MIN, 'user').activeSeconds, 120, 'and End adds nothing');
});

test('a 9-day session across a month boundary is in the reports of both ends, live and after it is finished', async () => {
  const d1 = localDayStart('2026-10-28') + 9 * 60 * MIN;
  const d9 = localDayStart('2026-11-05') + 9 * 60 * MIN;
  const clock = manualClock(d1);
  const store = makeStore(fresh(), { clock });
  const s = await started(store, d1);
  for (let m = 0; m <= 4; m++) await beatAt(store, clock, s.id, d1 + m * MIN);
  for (let m = 0; m <= 4; m++) await beatAt(store, clock, s.id, d9 + m * MIN);
  // Many other sessions in between, so a report reads an index, not everything.
  for (let i = 0; i < 5; i++) {
    const at = localDayStart('2026-11-01') + i * 60 * MIN;
    const o = await started(store, at);
    await store.update(o.id, (x) => finish(beat(beat(x, at, IDLE), at + MIN, IDLE), at + MIN, 'user'));
  }
  const check = async (what: string): Promise<void> => {
    const late = await report(store, { from: '2026-11-05', to: '2026-11-05' });
    assert.deepEqual(late.days, [{ date: '2026-11-05', activeSeconds: 240 }], `${what}: Nov 5 (was 0 s)`);
    assert.deepEqual([late.languages, late.files, late.branches], [{ typescript: 240 }, { 'src/a.ts': 240 }, { main: 240 }]);
    const early = await report(store, { from: '2026-10-28', to: '2026-10-28' });
    assert.deepEqual(early.days, [{ date: '2026-10-28', activeSeconds: 240 }], `${what}: Oct 28`);
    assert.deepEqual([early.languages, early.files, early.branches], [{ typescript: 240 }, { 'src/a.ts': 240 }, { main: 240 }]);
  };
  await check('live');
  clock.set(d9 + 10 * MIN);
  await store.update(s.id, (x) => finish(x, clock.now(), 'user'));
  await check('finished');
});
