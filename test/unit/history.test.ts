// Editing history: delete, label and merge under the files' locks, live or archived, with other
// processes writing at the same time.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deleteSession, findPrevious, labelSession, mergeSessions, mergeWithPrevious } from '../../src/core/store/history';
import { acquireLock, DEFAULT_LOCK } from '../../src/core/store/lock';
import { silentLogger } from '../../src/core/ports';
import { beat, finish } from '../../src/core/session/session';
import { isPulseError } from '../../src/core/errors';
import type { SessionStore } from '../../src/core/store/store';
import { countedOnce, withoutMerged } from '../../src/core/store/storeListing';
import type { Session } from '../../src/core/session/schema';
import { createSession, listTree, makeStore, tempDirs } from '../helpers/tempStore';
import { holdMidHeartbeat } from '../helpers/holder';

const { fresh, removeAll } = tempDirs();
afterEach(removeAll);
const IDLE = 300_000;
const read = (file: string): Session => JSON.parse(fs.readFileSync(file, 'utf8')) as Session;

/** A finished session with activity at [start, start + minutes], archived. */
async function finished(store: SessionStore, start: number, minutes: number, extra: Partial<Session> = {}): Promise<Session> {
  const s = await createSession(store, start, extra);
  const day = 86_400_000; // one stretch of work, however long
  await store.update(s.id, (f) => beat(f, start, day, { file: 'a.ts', language: 'typescript' }));
  await store.update(s.id, (f) => beat(f, start + minutes * 60_000, day, { file: 'a.ts', language: 'typescript' }));
  const r = await store.update(s.id, (f) => finish(f, start + minutes * 60_000, 'user'));
  assert.equal(r.kind, 'written');
  return (r as { session: Session }).session;
}

test('delete removes an archived session under its lock (the one lock of its id, in the live folder), and nothing else', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const t = Date.parse('2026-03-02T09:00:00.000Z');
  const a = await finished(store, t, 10);
  const b = await finished(store, t + 3_600_000, 10);
  const file = store.archivePath(a);
  const held = await acquireLock(fs, store.livePath(a.id), DEFAULT_LOCK, silentLogger);
  let done = false;
  const pending = deleteSession(store, a.id).then((r) => ((done = true), r));
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(done, false, 'the delete waits for the session’s lock');
  assert.ok(fs.existsSync(file));
  await held.release();
  const r = await pending;
  assert.equal(r.kind, 'done');
  assert.ok(!fs.existsSync(file));
  assert.deepEqual(listTree(dir), ['.gitignore', 'archive/', 'archive/2026-03/', `archive/2026-03/${b.id}.json`]);
  assert.equal((await deleteSession(store, a.id)).kind, 'missing');
});

test("a delete in the middle of another process's heartbeat loses nothing: it takes the lock", async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  const holder = await holdMidHeartbeat(dir, s.id, 1200);
  const r = await deleteSession(store, s.id);
  const outcome = await holder.outcome;
  assert.equal(outcome.t, 'ack', 'the heartbeat in flight was written, not aborted');
  assert.equal(r.kind, 'done');
  const deleted = (r as { session: Session }).session;
  assert.equal(deleted.revision, outcome.revision, 'the delete read the file after the heartbeat, inside the lock');
  assert.equal(deleted.heartbeats, 1);
  assert.deepEqual(listTree(dir), ['.gitignore'], 'deleted, and not brought back by the write');
});

test('the same race without the lock: a bare unlink is silently undone by the write in flight', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  const holder = await holdMidHeartbeat(dir, s.id, 800);
  fs.unlinkSync(store.livePath(s.id));
  assert.equal((await holder.outcome).t, 'ack');
  assert.ok(fs.existsSync(store.livePath(s.id)), 'the "deleted" session is back');
});

test("this window's live session is refused, with the reason; another window's may be deleted", async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  const r = await deleteSession(store, s.id, { isMine: (id) => id === s.id });
  assert.equal(r.kind, 'refused');
  assert.match((r as { reason: string }).reason, /this window's live session: end it first/);
  assert.ok(fs.existsSync(store.livePath(s.id)));
  assert.equal((await deleteSession(store, s.id, { isMine: () => false })).kind, 'done');
});

test('label works on archived sessions in place (revision + 1) and on live ones of other windows', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const a = await finished(store, Date.parse('2026-03-02T09:00:00.000Z'), 5);
  const r = await labelSession(store, a.id, '  <img src=x onerror=alert(1)>  ');
  assert.equal(r.kind, 'done');
  const onDisk = read(store.archivePath(a));
  assert.equal(onDisk.label, '<img src=x onerror=alert(1)>');
  assert.equal(onDisk.revision, a.revision + 1);
  const live = await createSession(store, Date.now());
  await labelSession(store, live.id, 'other window');
  assert.equal(read(store.livePath(live.id)).label, 'other window');
  assert.equal((await labelSession(store, live.id, 'x', { isMine: () => true })).kind, 'refused');
});

test('merge: segments united, maps and heartbeats summed, earliest start, latest end, first label and link kept', () => {
  const base = { schemaVersion: 1, status: 'completed', owner: { host: 'h', pid: 1, instance: 'i' }, branch: null, label: null, previousSessionId: null } as const;
  const earlier = {
    ...base, id: '20260302T090000000Z-aaaaaaaa', startedAt: '2026-03-02T09:00:00.000Z', lastHeartbeat: '2026-03-02T09:30:00.000Z',
    lastActivity: '2026-03-02T09:30:00.000Z', endedAt: '2026-03-02T09:30:00.000Z', closedAt: '2026-03-02T09:31:00.000Z', endReason: 'idle',
    revision: 4, heartbeats: 3, segments: [['2026-03-02T09:00:00.000Z', '2026-03-02T09:30:00.000Z']], activeSeconds: 1800,
    languages: { typescript: 1800 }, files: { 'a.ts': 1800 }, label: 'parser', previousSessionId: '20260301T090000000Z-zzzzzzzz',
  } as Session;
  const later = {
    ...base, id: '20260302T092000000Z-bbbbbbbb', startedAt: '2026-03-02T09:20:00.000Z', lastHeartbeat: '2026-03-02T10:00:00.000Z',
    lastActivity: '2026-03-02T10:00:00.000Z', endedAt: '2026-03-02T10:00:00.000Z', closedAt: '2026-03-02T10:00:00.000Z', endReason: 'user',
    revision: 2, heartbeats: 2, segments: [['2026-03-02T09:20:00.000Z', '2026-03-02T10:00:00.000Z']], activeSeconds: 2400,
    languages: { typescript: 600, markdown: 1800 }, files: { 'a.ts': 600, 'b.md': 1800 }, branch: 'main', label: 'ignored', previousSessionId: '20260302T090000000Z-aaaaaaaa',
  } as Session;
  const m = mergeSessions(earlier, later);
  assert.equal(m.id, earlier.id);
  assert.deepEqual(m.segments, [['2026-03-02T09:00:00.000Z', '2026-03-02T10:00:00.000Z']]);
  assert.equal(m.activeSeconds, 3600, 'the 10 overlapping minutes count once');
  assert.deepEqual(m.languages, { typescript: 2400, markdown: 1800 });
  assert.deepEqual(m.files, { 'a.ts': 2400, 'b.md': 1800 });
  assert.equal(m.heartbeats, 5);
  assert.equal(m.startedAt, earlier.startedAt);
  assert.equal(m.endedAt, later.endedAt);
  assert.equal(m.endReason, 'user');
  assert.equal(m.label, 'parser');
  assert.equal(m.branch, 'main');
  assert.equal(m.previousSessionId, earlier.previousSessionId);
  assert.deepEqual(m.mergedFrom, [later.id], 'the merged session names what it holds');
  assert.deepEqual(mergeSessions({ ...m, mergedFrom: ['20260302T080000000Z-cccccccc'] }, { ...later, id: '20260302T095000000Z-dddddddd', mergedFrom: ['20260302T094000000Z-eeeeeeee'] }).mergedFrom, [
    '20260302T080000000Z-cccccccc',
    '20260302T095000000Z-dddddddd',
    '20260302T094000000Z-eeeeeeee',
  ], 'and keeps what each of the two held');

  // A merge cut short leaves the later file beside the merged one: it is counted once, in the merged one.
  assert.deepEqual(withoutMerged([m, later]).map((x) => x.id), [earlier.id]);
  assert.deepEqual(countedOnce([later], [m]).map((x) => x.id), [earlier.id], 'whether it is live or archived');
  // A claim the claimant does not cover hides nothing: its time is not in there.
  const wider = { ...later, segments: [['2026-03-02T09:20:00.000Z', '2026-03-02T11:00:00.000Z']] } as Session;
  assert.deepEqual(withoutMerged([m, wider]).map((x) => x.id).sort(), [earlier.id, later.id].sort());
  // Two files naming each other (hand-edited, or hostile) never hide both.
  const a = { ...earlier, segments: later.segments, mergedFrom: [later.id] } as Session;
  const b = { ...later, mergedFrom: [earlier.id] } as Session;
  assert.equal(withoutMerged([a, b]).length, 1);
  assert.deepEqual(withoutMerged([{ ...m, mergedFrom: [m.id] }]).map((x) => x.id), [m.id], 'naming itself hides nothing');
});

test('merge with previous writes the merged file, removes the later one, and refuses a live later one', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const t = Date.parse('2026-03-02T09:00:00.000Z');
  const a = await finished(store, t, 10, { label: 'first' });
  const b = await finished(store, t + 3_600_000, 20, { previousSessionId: a.id });
  assert.equal(await findPrevious(store, b.id), a.id);
  const r = await mergeWithPrevious(store, b.id);
  assert.equal(r.kind, 'done');
  assert.ok(!fs.existsSync(store.archivePath(b)));
  const m = read(store.archivePath(a));
  assert.equal(m.revision, a.revision + 1);
  assert.equal(m.activeSeconds, 1800);
  assert.equal(m.label, 'first');
  assert.equal(m.endedAt, b.endedAt);
  const live = await createSession(store, t + 7_200_000);
  const refused = await mergeWithPrevious(store, live.id);
  assert.equal(refused.kind, 'refused');
  assert.match((refused as { reason: string }).reason, /still live/);
});

test("merging into another window's live session never loses its concurrent heartbeats", async () => {
  const dir = fresh();
  const mine = makeStore(dir);
  const owner = makeStore(dir); // another process: its own queue, the same locks
  const t = Date.now() - 3_600_000;
  const live = await createSession(owner, t - 60_000);
  const done = await finished(mine, t, 5);
  // The later finished session points back at the live one (findPrevious follows the link).
  await mine.withSession(done.id, async (h) => void (await h!.write({ ...h!.session, previousSessionId: live.id })));
  const beats = Array.from({ length: 10 }, (_, i) => owner.update(live.id, (f) => beat(f, Date.now() + i, IDLE)));
  const [r] = await Promise.all([mergeWithPrevious(mine, done.id), ...beats]);
  assert.equal(r.kind, 'done');
  const onDisk = read(owner.livePath(live.id));
  assert.equal(onDisk.status, 'active');
  assert.equal(onDisk.heartbeats, 10 + 2, 'every heartbeat and the merged ones are there');
  assert.ok(onDisk.activeSeconds >= 300);
  assert.ok(!fs.existsSync(mine.archivePath(done)));
});

test('findPrevious walks back across month folders by id, reading only names', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const jan = await finished(store, Date.parse('2026-01-20T09:00:00.000Z'), 1);
  const mar = await finished(store, Date.parse('2026-03-02T09:00:00.000Z'), 1);
  assert.equal(await findPrevious(store, mar.id), jan.id);
  assert.equal(await findPrevious(store, jan.id), undefined);
  fs.writeFileSync(path.join(dir, 'archive', '2026-01', 'notes.txt'), 'foreign');
  assert.equal(await findPrevious(store, mar.id), jan.id);
});

test('an edit that would move a file is refused', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const a = await finished(store, Date.parse('2026-03-02T09:00:00.000Z'), 1);
  await assert.rejects(
    store.withSession(a.id, (h) => h!.write({ ...h!.session, status: 'active' })),
    (err: unknown) => isPulseError(err, 'EINVALID'),
  );
  assert.equal(read(store.archivePath(a)).revision, a.revision);
});
