// The bug this product exists to get right: a cleanup that lists stale sessions and then closes
// them races with the owner's heartbeat. A hook between the pre-filter and the lock lets a
// heartbeat land exactly there, every time.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { cleanup, describeCleanup } from '../../src/core/store/cleanup';
import { beat, finish } from '../../src/core/session/session';
import { serialize, type SessionStore } from '../../src/core/store/store';
import { validateSession, type Session } from '../../src/core/session/schema';
import { ms } from '../../src/core/time';
import { ageStore, createSession, makeStore, manualClock, type ManualClock, tempDirs } from '../helpers/tempStore';

const STALE = 15 * 60_000;
const IDLE = 5 * 60_000;
const { fresh, removeAll } = tempDirs();
afterEach(removeAll);

/** The seed's "before" algorithm, kept only here: list, then write `completed` without re-checking. */
async function naiveCleanup(store: SessionStore, clock: ManualClock, between: () => Promise<void>): Promise<string[]> {
  const { sessions } = await store.listLive();
  const stale = sessions.filter((s) => clock.now() - ms(s.lastHeartbeat) > STALE);
  await between();
  for (const s of stale) {
    const closed: Session = { ...finish(s, clock.now(), 'stale', ms(s.lastActivity)), revision: s.revision + 1 };
    fs.writeFileSync(store.livePath(s.id), serialize(closed));
  }
  return stale.map((s) => s.id);
}

async function staleLookingSession(): Promise<{ store: SessionStore; clock: ManualClock; id: string }> {
  const dir = fresh();
  const clock = manualClock();
  const store = makeStore(dir, { clock });
  const s = await createSession(store, clock.now());
  await store.update(s.id, (f) => beat(f, clock.now(), IDLE));
  clock.advance(STALE + 60_000); // the owner was quiet (a long build, a sleep that just ended)
  ageStore(dir, STALE + 60_000);
  return { store, clock, id: s.id };
}

const ownerBeats = (store: SessionStore, clock: ManualClock, id: string) => async (): Promise<void> => {
  const r = await store.update(id, (f) => beat(f, clock.now(), IDLE));
  assert.equal(r.kind, 'written', 'the owner heartbeat was acknowledged');
};

test('the naive list-then-close cleanup closes a live session and loses its heartbeat', async () => {
  const { store, clock, id } = await staleLookingSession();
  const closed = await naiveCleanup(store, clock, ownerBeats(store, clock, id));
  assert.deepEqual(closed, [id]);
  const onDisk = JSON.parse(fs.readFileSync(store.livePath(id), 'utf8')) as Session;
  assert.equal(onDisk.status, 'completed', 'the live session was closed');
  assert.equal(onDisk.heartbeats, 1, 'the acknowledged second heartbeat is gone');
});

test("Pulse's cleanup re-checks inside the lock: the live session stays open and keeps its heartbeat", async () => {
  const { store, clock, id } = await staleLookingSession();
  let candidates: readonly string[] = [];
  const r = await cleanup(store, {
    staleAfterMs: STALE,
    afterPrefilter: async (c) => {
      candidates = c;
      await ownerBeats(store, clock, id)();
    },
  });
  assert.deepEqual(candidates, [id], 'the pre-filter did think it was stale');
  assert.deepEqual(r.closed, []);
  assert.deepEqual(r.skipped, [{ id, reason: 'it sent a heartbeat meanwhile' }]);
  assert.equal(describeCleanup(r), 'No stale sessions · 1 skipped: it sent a heartbeat meanwhile');
  const got = await store.get(id);
  assert.equal(got?.live, true);
  assert.equal(got?.session.status, 'active');
  assert.equal(got?.session.heartbeats, 2);
  assert.equal(got?.session.revision, 3);
});

test('a really stale session is closed at its last activity, archived, and the owner cannot resurrect it', async () => {
  const { store, clock, id } = await staleLookingSession();
  const before = (await store.get(id))!.session;
  const r = await cleanup(store, { staleAfterMs: STALE });
  assert.deepEqual(r.closed, [id]);
  const got = await store.get(id);
  assert.equal(got?.live, false);
  const s = got.session;
  assert.equal(s.status, 'completed');
  assert.equal(s.endReason, 'stale');
  assert.equal(s.endedAt, before.lastActivity, 'a crash at 17:00 found at 09:00 is not a 16-hour session');
  assert.equal(s.closedAt, new Date(clock.now()).toISOString());
  assert.ok(validateSession(s).ok);
  const late = await store.update(id, (f) => beat(f, clock.now(), IDLE));
  assert.equal(late.kind, 'not-live', 'a late heartbeat never reopens a closed session');
  assert.equal((await store.get(id))?.session.heartbeats, 1);
});

test('cleanup leaves fresh sessions, paused-but-beating sessions and excluded ids alone', async () => {
  const dir = fresh();
  const clock = manualClock();
  const store = makeStore(dir, { clock });
  const old = await createSession(store, clock.now());
  const mine = await createSession(store, clock.now());
  clock.advance(STALE + 5000);
  ageStore(dir, STALE + 5000);
  const freshOne = await createSession(store, clock.now());
  const r = await cleanup(store, { staleAfterMs: STALE, exclude: new Set([mine.id]) });
  assert.deepEqual(r.closed, [old.id]);
  assert.deepEqual((await store.listLive()).sessions.map((s) => s.id).sort(), [mine.id, freshOne.id].sort());
});
