// A cloned repository can ship anything in .vscode/sessions. Every bad entry is reported and left
// exactly as it was; nothing outside the store is read through a link or written.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { cleanup } from '../../src/core/store/cleanup';
import { newSession, beat } from '../../src/core/session/session';
import { isPulseError } from '../../src/core/errors';
import { createSession, listTree, makeStore, manualClock, testOwner, tempDirs } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs();
afterEach(removeAll);

function snapshot(root: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const rel of listTree(root)) {
    const p = path.join(root, rel);
    const st = fs.lstatSync(p);
    m.set(rel, st.isSymbolicLink() ? `link:${fs.readlinkSync(p)}` : st.isFile() ? fs.readFileSync(p, 'utf8') : 'dir');
  }
  return m;
}

test('hostile entries are reported, left untouched, and nothing outside the store is written', async () => {
  const root = fresh();
  const outside = path.join(root, 'outside');
  const dir = path.join(root, 'store');
  fs.mkdirSync(outside);
  fs.mkdirSync(dir);
  const clock = manualClock();
  const T = clock.now() - 3 * 3600_000;
  const victim = newSession({ id: 'victim0000000001', now: T, owner: testOwner });
  fs.writeFileSync(path.join(outside, 'victim0000000001.json'), JSON.stringify(victim));
  const base = newSession({ id: 'placeholder', now: T, owner: testOwner });
  const write = (name: string, body: string): void => fs.writeFileSync(path.join(dir, name), body);
  write('truncated0001.json', JSON.stringify({ ...base, id: 'truncated0001' }).slice(0, 40));
  write('wrongtypes001.json', JSON.stringify({ ...base, id: 'wrongtypes001', heartbeats: 'lots' }));
  write('newerschema01.json', JSON.stringify({ ...base, id: 'newerschema01', schemaVersion: 99 }));
  write('mismatched001.json', JSON.stringify({ ...base, id: 'someotherid01' }));
  write('huge00000001.json', `{"id":"huge00000001","pad":"${'x'.repeat(8 * 1024 * 1024)}"}`);
  write('notes.txt', 'my notes');
  write('bad id!.json', JSON.stringify({ ...base, id: 'bad id!' }));
  fs.mkdirSync(path.join(dir, 'adirectory01.json'));
  fs.symlinkSync(path.join(outside, 'victim0000000001.json'), path.join(dir, 'victim0000000001.json'));
  fs.symlinkSync(outside, path.join(dir, 'archive'));
  const good = await createSession(makeStore(dir, { clock }), T);
  // Written three hours ago, in the file system's time too: cleanup will try to close it.
  fs.utimesSync(path.join(dir, `${good.id}.json`), new Date(T), new Date(T));
  const before = snapshot(root);

  const store = makeStore(dir, { clock });
  const listing = await store.listLive();
  assert.deepEqual(listing.sessions.map((s) => s.id), [good.id]);
  const reported = new Map(listing.problems.map((p) => [path.basename(p.path), p]));
  const expectCode = (name: string, code: string): void => assert.equal(reported.get(name)?.code, code, `${name}: ${JSON.stringify(reported.get(name))}`);
  expectCode('truncated0001.json', 'EINVALID');
  expectCode('wrongtypes001.json', 'EINVALID');
  expectCode('newerschema01.json', 'ENEWER');
  expectCode('mismatched001.json', 'EINVALID');
  expectCode('huge00000001.json', 'ETOOBIG');
  expectCode('notes.txt', 'EFOREIGN');
  expectCode('bad id!.json', 'EFOREIGN');
  expectCode('adirectory01.json', 'ENOTFILE');
  expectCode('victim0000000001.json', 'ENOTFILE');
  assert.equal(reported.size, 9);

  // The archive is a symlink out of the store: listing it and archiving into it are refused.
  const archived = await store.listArchived();
  assert.equal(archived.problems[0]?.code, 'EOUTSIDE');
  const r = await cleanup(store, { staleAfterMs: 60_000, sweepAfterMs: 0 });
  assert.deepEqual(r.closed, []);
  assert.ok(r.errors.some((e) => /symlink/.test(e.message) && e.path.endsWith(good.id + '.json')), JSON.stringify(r.errors));
  assert.ok(r.errors.length >= 10);

  // Updating a bad file by id is refused with its code, never "repaired".
  await assert.rejects(store.update('newerschema01', (s) => beat(s, clock.now(), 1000)), (e: unknown) => isPulseError(e, 'ENEWER'));
  await assert.rejects(store.update('victim0000000001', (s) => beat(s, clock.now(), 1000)), (e: unknown) => isPulseError(e, 'ENOTFILE'));
  await assert.rejects(store.update('truncated0001', (s) => s), (e: unknown) => isPulseError(e, 'EINVALID'));

  assert.deepEqual(snapshot(root), before, 'every file, inside and outside the store, is byte for byte as it was');
});

test('a store folder that is itself a symlink is refused', async () => {
  const root = fresh();
  fs.mkdirSync(path.join(root, 'elsewhere'));
  fs.symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'sessions'));
  const store = makeStore(path.join(root, 'sessions'));
  await assert.rejects(createSession(store, Date.now()), (e: unknown) => isPulseError(e, 'EOUTSIDE'));
  assert.deepEqual(fs.readdirSync(path.join(root, 'elsewhere')), []);
  assert.equal((await store.listLive()).problems[0]?.code, 'EOUTSIDE');
});

test('a FIFO or a lock record named like Pulse’s own is reported, never waited on', { timeout: 20_000 }, async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  // Opening a FIFO for reading blocks until a writer comes: a listing, a cleanup or a lock judgment
  // that did would hang for good.
  const fifo = path.join(dir, '20261202T000000000Z-fifofifo.json');
  execFileSync('mkfifo', [fifo]);
  const lockDir = path.join(dir, '20261202T000000000Z-fifofifo.json.lock');
  fs.mkdirSync(lockDir);
  execFileSync('mkfifo', [path.join(lockDir, 'holder.fifo')]);
  const listed = await store.listLive();
  assert.deepEqual(listed.sessions.map((x) => x.id), [s.id]);
  assert.deepEqual(
    listed.problems.map((p) => [path.basename(p.path), p.code]),
    [[path.basename(fifo), 'ENOTFILE']],
  );
  // The cleanup reports the FIFO, and its sweep judges the lock with the FIFO record by its mtime
  // (fresh: kept), without blocking on either.
  const r = await cleanup(store, { staleAfterMs: 60_000 });
  assert.deepEqual(r.errors.map((e) => path.basename(e.path)), [path.basename(fifo)]);
  assert.ok(fs.lstatSync(fifo).isFIFO(), 'left as it was');
  assert.ok(fs.existsSync(lockDir), 'a lock whose record cannot be read is judged by its mtime, and this one is fresh');
});
