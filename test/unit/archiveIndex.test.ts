// The archive's month index: kept by every finishing write under the locks, rebuilt when missing or
// damaged, and never the reason a session is missing from a report.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport, loadSessions } from '../../src/core/reports/report';
import { beat, finish, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { mergeWithPrevious } from '../../src/core/store/history';
import { serialize, type SessionStore } from '../../src/core/store/store';
import { localDayStart } from '../../src/core/time';
import type { Session } from '../../src/core/session/schema';
import { makeStore, manualClock, tempDirs, testOwner, type ManualClock } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs('pulse-index-');
afterEach(removeAll);
const MIN = 60_000;

/** A session that beats every minute for `minutes` from `at`, then ends (through the store). */
async function worked(store: SessionStore, clock: ManualClock, at: number, minutes: number): Promise<Session> {
  clock.set(at);
  const s = await store.create(newSession({ id: newSessionId(at), now: at, owner: testOwner }));
  for (let m = 0; m <= minutes; m++) {
    clock.set(at + m * MIN);
    await store.update(s.id, (x) => beat(x, clock.now(), 5 * MIN, { language: 'go' }));
  }
  const r = await store.update(s.id, (x) => finish(x, clock.now(), 'user'));
  assert.equal(r.kind, 'written');
  return r.session;
}

async function secondsOn(store: SessionStore, date: string): Promise<number> {
  const { sessions, problems } = await loadSessions(store, { from: date, to: date });
  assert.deepEqual(problems, []);
  return buildReport(sessions, { from: date, to: date }).totalSeconds;
}

const indexDir = (dir: string): string => path.join(dir, 'archive', 'index');
const monthEntries = (dir: string, month: string): string[] =>
  (JSON.parse(fs.readFileSync(path.join(indexDir(dir), `${month}.json`), 'utf8')) as { sessions: [string][] }).sessions.map((e) => e[0]);

test('a finish adds the session to every month it touches, once the index exists', async () => {
  const dir = fresh();
  const clock = manualClock(localDayStart('2026-05-10'));
  const store = makeStore(dir, { clock });
  await worked(store, clock, localDayStart('2026-05-10') + 9 * 60 * MIN, 2);
  assert.equal(fs.existsSync(indexDir(dir)), false, 'no index before any report asks for one');
  assert.equal(await secondsOn(store, '2026-05-10'), 120);
  assert.ok(fs.existsSync(path.join(indexDir(dir), 'built.json')), 'built from the archive when missing');
  // A session from May 31 to June 2: finishing it writes it into both months' index files.
  const s = await store.create(newSession({ id: newSessionId(Date.UTC(2026, 4, 31, 10)), now: Date.UTC(2026, 4, 31, 10), owner: testOwner }));
  for (const t of [Date.UTC(2026, 4, 31, 10), Date.UTC(2026, 4, 31, 10, 3), Date.UTC(2026, 5, 2, 10), Date.UTC(2026, 5, 2, 10, 4)]) {
    clock.set(t);
    await store.update(s.id, (x) => beat(x, t, 5 * MIN));
  }
  await store.update(s.id, (x) => finish(x, clock.now(), 'user'));
  assert.ok(monthEntries(dir, '2026-05').includes(s.id));
  assert.ok(monthEntries(dir, '2026-06').includes(s.id), 'found from June although archived under May');
  assert.ok(!fs.existsSync(path.join(dir, 'archive', 'index.lock')), 'the index lock is released');
  assert.equal(await secondsOn(store, '2026-06-02'), 240);
});

test('a deleted or damaged index is rebuilt, and reports stay right meanwhile', async () => {
  const dir = fresh();
  const clock = manualClock(localDayStart('2026-05-10'));
  const store = makeStore(dir, { clock });
  await worked(store, clock, localDayStart('2026-05-10') + 9 * 60 * MIN, 3);
  assert.equal(await secondsOn(store, '2026-05-10'), 180);
  fs.writeFileSync(path.join(indexDir(dir), '2026-05.json'), '{"version": 1, "sessions": [["broken"]]}');
  assert.equal(await secondsOn(store, '2026-05-10'), 180, 'a damaged month file is rebuilt');
  fs.rmSync(indexDir(dir), { recursive: true });
  assert.equal(await secondsOn(store, '2026-05-10'), 180, 'a deleted index is rebuilt');
  assert.equal(monthEntries(dir, '2026-05').length, 1);
});

test('an archive file the index does not know (another tool wrote it) is still read; an entry without a file is skipped', async () => {
  const dir = fresh();
  const clock = manualClock(localDayStart('2026-05-10'));
  const store = makeStore(dir, { clock });
  const day = localDayStart('2026-05-10') + 9 * 60 * MIN;
  await worked(store, clock, day, 1);
  assert.equal(await secondsOn(store, '2026-05-10'), 60);
  // Written straight into the month folder, bypassing the index.
  const t = day + 60 * MIN;
  const foreign = finish(beat(beat(newSession({ id: newSessionId(t), now: t, owner: testOwner }), t, 5 * MIN), t + 2 * MIN, 5 * MIN), t + 2 * MIN, 'user');
  fs.writeFileSync(path.join(dir, 'archive', foreign.startedAt.slice(0, 7), `${foreign.id}.json`), serialize(foreign));
  assert.equal(await secondsOn(store, '2026-05-10'), 180);
  // A finish that crashed after the index write and before the archive write leaves such an entry.
  const ghost = [newSessionId(day), '2026-05', day, day + MIN];
  const file = path.join(indexDir(dir), '2026-05.json');
  const body = JSON.parse(fs.readFileSync(file, 'utf8')) as { sessions: unknown[] };
  fs.writeFileSync(file, JSON.stringify({ ...body, sessions: [...body.sessions, ghost] }));
  assert.equal(await secondsOn(store, '2026-05-10'), 180, 'skipped without a problem');
});

test('merging an archived session with a later one moves its end in the index', async () => {
  const dir = fresh();
  const clock = manualClock(localDayStart('2026-05-30'));
  const store = makeStore(dir, { clock });
  const a = await worked(store, clock, Date.UTC(2026, 4, 30, 9), 2);
  assert.equal(await secondsOn(store, '2026-05-30'), 120, 'builds the index');
  const b = await worked(store, clock, Date.UTC(2026, 5, 3, 9), 2);
  const r = await mergeWithPrevious(store, b.id);
  assert.equal(r.kind, 'done');
  assert.ok(monthEntries(dir, '2026-06').includes(a.id), 'the merged session (archived under May) is found from June');
  assert.equal(await secondsOn(store, '2026-06-03'), 120);
});

test("the Sessions view's Today holds a session that started two weeks ago and ended today", async () => {
  const { recentGroups } = await import('../../src/core/reports/sessionGroups');
  const dir = fresh();
  const today = localDayStart('2026-05-20') + 15 * 60 * MIN;
  const clock = manualClock(today);
  const store = makeStore(dir, { clock });
  const long = await store.create(newSession({ id: newSessionId(today - 14 * 24 * 60 * MIN), now: today - 14 * 24 * 60 * MIN, owner: testOwner }));
  for (const t of [today - 14 * 24 * 60 * MIN, today - 14 * 24 * 60 * MIN + MIN, today - 2 * MIN, today]) {
    clock.set(t);
    await store.update(long.id, (x) => beat(x, t, 5 * MIN));
  }
  await store.update(long.id, (x) => finish(x, today, 'user'));
  const old = await worked(store, clock, today - 10 * 24 * 60 * MIN, 2);
  clock.set(today);
  const g = await recentGroups(store, today);
  assert.deepEqual(g.problems, []);
  assert.deepEqual(g.today.map((s) => s.id), [long.id]);
  assert.ok(!g.week.some((s) => s.id === old.id), 'one that ended last week is in neither group');
});
