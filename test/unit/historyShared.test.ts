// In a store shared through git, a finished file changes only through its owner: label, delete and
// merge refuse another person's sessions and say whose they are; in a private store they do not ask.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { deleteSession, labelSession, mergeWithPrevious } from '../../src/core/store/history';
import { beat, finish } from '../../src/core/session/session';
import type { SessionStore } from '../../src/core/store/store';
import type { Session } from '../../src/core/session/schema';
import { createSession, listTree, makeStore, tempDirs, testOwner } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs();
afterEach(removeAll);
const T0 = Date.parse('2026-03-02T09:00:00.000Z');

async function finishedBy(store: SessionStore, user: string, start: number): Promise<Session> {
  const s = await createSession(store, start, { owner: { ...testOwner, user } });
  await store.update(s.id, (f) => beat(f, start, 86_400_000));
  await store.update(s.id, (f) => beat(f, start + 600_000, 86_400_000));
  const r = await store.update(s.id, (f) => finish(f, start + 600_000, 'user'));
  return (r as { session: Session }).session;
}

test('git mode: label, delete and merge refuse someone else\'s session and change no file', async () => {
  const store = makeStore(fresh(), { share: 'git' });
  const mine = await finishedBy(store, 'alice', T0);
  const bobs = await finishedBy(store, 'bob', T0 + 3_600_000);
  assert.equal(await store.shareState(), 'git');
  const tree = listTree(store.dir);
  const bytes = fs.readFileSync(store.archivePath(bobs), 'utf8');
  const asAlice = { user: 'alice' };
  for (const r of [await labelSession(store, bobs.id, 'x', asAlice), await deleteSession(store, bobs.id, asAlice), await mergeWithPrevious(store, bobs.id, asAlice)]) {
    assert.equal(r.kind, 'refused');
    assert.match((r as { reason: string }).reason, new RegExp(`${bobs.id} belongs to bob; .*shared through git.*you are alice`));
  }
  assert.deepEqual(listTree(store.dir), tree);
  assert.equal(fs.readFileSync(store.archivePath(bobs), 'utf8'), bytes);
  assert.equal((await labelSession(store, mine.id, 'mine', asAlice)).kind, 'done');
  assert.equal((await labelSession(store, mine.id, 'again', {})).kind, 'refused', 'without a user, nobody is the owner');
});

test('private mode: history edits do not depend on the owner', async () => {
  const store = makeStore(fresh());
  const bobs = await finishedBy(store, 'bob', T0);
  assert.equal(await store.shareState(), 'private');
  assert.equal((await labelSession(store, bobs.id, 'fine', { user: 'alice' })).kind, 'done');
});
