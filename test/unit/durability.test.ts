// Every rename, unlink and mkdir that commits a change is followed by an fsync of its folder, so a
// power cut cannot undo an acknowledged write or make a new session file or month folder vanish.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beat, finish } from '../../src/core/session/session';
import { deleteSession, labelSession } from '../../src/core/store/history';
import { TEMP_PATTERN } from '../../src/core/store/fsio';
import { createSession, makeStore, tempDirs } from '../helpers/tempStore';
import { recordingFs, type RecordedOp } from '../helpers/recordingFs';

const { fresh, removeAll } = tempDirs('pulse-durable-');
afterEach(removeAll);

/** The operations that commit a change to the store: not the lock's own bookkeeping or temp files. */
function committing(o: RecordedOp): boolean {
  const base = path.basename(o.path);
  if (o.op === 'fsync' || base.startsWith('holder.') || TEMP_PATTERN.test(base) || base.endsWith('.lock')) return false;
  return true;
}

test('each committing rename, unlink and mkdir is followed by an fsync of its folder', async () => {
  const dir = path.join(fresh(), 'sessions');
  const ops: RecordedOp[] = [];
  const store = makeStore(dir, { fs: recordingFs(ops) });
  const s = await createSession(store, Date.now());
  await store.update(s.id, (f) => beat(f, Date.now(), 1000));
  await store.update(s.id, (f) => finish(f, Date.now(), 'user'));
  await labelSession(store, s.id, 'archived label');
  const t = await createSession(store, Date.now() + 1);
  await deleteSession(store, t.id);
  const commits = ops.map((o, i) => ({ o, i })).filter(({ o }) => committing(o));
  const kinds = new Set(commits.map(({ o }) => `${o.op} ${(path.relative(dir, o.path) || '.').replace(/[0-9A-Za-z_-]{20,}/, '<id>').replace(/\d{4}-\d{2}/, 'M')}`));
  // The run covered every kind of commit, or it proved nothing.
  for (const k of ['mkdir .', 'rename <id>.json', 'mkdir archive', 'mkdir archive/M', 'rename archive/M/<id>.json', 'unlink <id>.json']) assert.ok(kinds.has(k), `${k} in ${[...kinds].join(', ')}`);
  for (const { o, i } of commits) {
    const folder = path.dirname(o.path);
    const next = ops.slice(i + 1).findIndex((x) => x.op === 'fsync' && x.path === folder);
    const before = ops.slice(i + 1).findIndex((x) => x.op !== 'fsync' && committing(x));
    assert.ok(next >= 0 && (before < 0 || next < before), `${o.op} ${o.path} is followed by an fsync of ${folder} before the next commit`);
  }
  assert.ok(fs.existsSync(store.archivePath(s)));
});
