import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beat, finish, pause } from '../../src/core/session/session';
import { isPulseError } from '../../src/core/errors';
import type { StoreFs } from '../../src/core/store/fsio';
import { spawnSync } from 'node:child_process';
import { serialize } from '../../src/core/store/sessionFile';
import { labelSession } from '../../src/core/store/history';
import { cleanup } from '../../src/core/store/cleanup';
import { holderFile } from '../../src/core/store/lock';
import { selfHolder } from '../../src/core/store/lockHolder';
import { createSession, listTree, makeStore, manualClock, tempDirs } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs();
afterEach(removeAll);

test('create writes the file and a .gitignore; update bumps the revision by one per write', async () => {
  const dir = fresh();
  const clock = manualClock();
  const store = makeStore(dir, { clock });
  const s = await createSession(store, clock.now());
  assert.deepEqual(listTree(dir), ['.gitignore', `${s.id}.json`]);
  assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), '*\n');
  for (let i = 0; i < 3; i++) {
    clock.advance(1000);
    const r = await store.update(s.id, (f) => beat(f, clock.now(), 300_000));
    assert.equal(r.kind, 'written');
  }
  const onDisk = JSON.parse(fs.readFileSync(store.livePath(s.id), 'utf8')) as { revision: number; heartbeats: number };
  assert.equal(onDisk.revision, 4);
  assert.equal(onDisk.heartbeats, 3);
});

test('gitignore: false writes no .gitignore, and an existing one is never overwritten', async () => {
  const a = fresh();
  await createSession(makeStore(a, { gitignore: false }), Date.now());
  assert.ok(!fs.existsSync(path.join(a, '.gitignore')));
  const b = fresh();
  fs.writeFileSync(path.join(b, '.gitignore'), 'mine\n');
  await createSession(makeStore(b), Date.now());
  assert.equal(fs.readFileSync(path.join(b, '.gitignore'), 'utf8'), 'mine\n');
});

test('an updater returning undefined writes nothing', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  const before = fs.statSync(store.livePath(s.id)).mtimeMs;
  const r = await store.update(s.id, () => undefined);
  assert.equal(r.kind, 'unchanged');
  assert.equal(fs.statSync(store.livePath(s.id)).mtimeMs, before);
  assert.equal(JSON.parse(fs.readFileSync(store.livePath(s.id), 'utf8')).revision, 1);
});

test('finishing moves the session into archive/<YYYY-MM>/ and later updates see it as not live', async () => {
  const dir = fresh();
  const clock = manualClock(Date.parse('2026-03-31T23:30:00.000Z'));
  const store = makeStore(dir, { clock });
  const s = await createSession(store, clock.now());
  clock.advance(3_600_000); // ends in April; it stays under its start month
  const r = await store.update(s.id, (f) => finish(f, clock.now(), 'user'));
  assert.equal(r.kind, 'written');
  assert.deepEqual(listTree(dir), ['.gitignore', 'archive/', 'archive/2026-03/', `archive/2026-03/${s.id}.json`]);
  const again = await store.update(s.id, (f) => beat(f, clock.now(), 1000));
  assert.equal(again.kind, 'not-live');
  assert.equal(again.session?.status, 'completed');
  const got = await store.get(s.id);
  assert.equal(got?.live, false);
  assert.equal(got?.session.endReason, 'user');
  assert.equal(got?.session.revision, 2);
  assert.equal((await store.listLive()).sessions.length, 0);
  assert.deepEqual((await store.listArchived({ from: '2026-03', to: '2026-03' })).sessions.map((x) => x.id), [s.id]);
  assert.equal((await store.listArchived({ from: '2026-04' })).sessions.length, 0);
});

test('a finish interrupted between the archive write and the unlink is completed by the next update', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  const done = finish({ ...s, revision: 2 }, Date.now(), 'user');
  const target = store.archivePath(s);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(done));
  const r = await store.update(s.id, (f) => pause(f, Date.now()));
  assert.equal(r.kind, 'not-live');
  assert.ok(!fs.existsSync(store.livePath(s.id)), 'the live copy is removed');
  assert.equal(JSON.parse(fs.readFileSync(target, 'utf8')).status, 'completed');
});

test('archived wins in every reader, and in history edits, however the live copy looks', async () => {
  const dir = fresh();
  const clock = manualClock(Date.now());
  const store = makeStore(dir, { clock });
  const s = await createSession(store, clock.now());
  // The live copy is newer (revision 5) than the archived one (2): the archived one still wins.
  fs.writeFileSync(store.livePath(s.id), serialize({ ...s, revision: 5, heartbeats: 4 }));
  const done = finish({ ...s, revision: 2 }, clock.now(), 'user');
  fs.mkdirSync(path.dirname(store.archivePath(s)), { recursive: true });
  fs.writeFileSync(store.archivePath(s), serialize(done));
  const live = await store.listLive();
  assert.deepEqual(live.sessions, [], 'not listed as live');
  assert.deepEqual(live.moving, [s.id]);
  assert.deepEqual((await store.listAll()).sessions.map((x) => [x.id, x.status]), [[s.id, 'completed']], 'listed once, as finished');
  assert.deepEqual(await store.get(s.id).then((g) => [g?.live, g?.session.status]), [false, 'completed']);
  const labelled = await labelSession(store, s.id, 'after the crash');
  assert.equal(labelled.kind, 'done');
  assert.ok(!fs.existsSync(store.livePath(s.id)), 'the history edit completed the move first');
  assert.equal(JSON.parse(fs.readFileSync(store.archivePath(s), 'utf8')).label, 'after the crash', 'and edited the archived copy');
});

test('cleanup completes an interrupted finish at once, with a live copy however fresh', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  fs.mkdirSync(path.dirname(store.archivePath(s)), { recursive: true });
  fs.writeFileSync(store.archivePath(s), serialize(finish({ ...s, revision: 2 }, Date.now(), 'user')));
  const r = await cleanup(store, { staleAfterMs: 3_600_000 });
  assert.deepEqual(r.finished, [s.id]);
  assert.deepEqual(r.closed, []);
  assert.ok(!fs.existsSync(store.livePath(s.id)));
});

test('a failed write (disk full) leaves the old file and no temp file behind', async () => {
  const dir = fresh();
  let full = false;
  const faulty: StoreFs = {
    ...fs,
    promises: {
      ...fs.promises,
      rename: async (a: fs.PathLike, b: fs.PathLike) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return fs.promises.rename(a, b);
      },
    },
  };
  const store = makeStore(dir, { fs: faulty });
  const s = await createSession(store, Date.now());
  const before = fs.readFileSync(store.livePath(s.id), 'utf8');
  full = true;
  await assert.rejects(store.update(s.id, (f) => beat(f, Date.now(), 1000)), /ENOSPC/);
  assert.equal(fs.readFileSync(store.livePath(s.id), 'utf8'), before);
  assert.deepEqual(listTree(dir), ['.gitignore', `${s.id}.json`], 'no temp file or lock left');
  full = false;
  assert.equal((await store.update(s.id, (f) => beat(f, Date.now(), 1000))).kind, 'written');
});

test('a revision that changed under a held lock aborts the write (two holders of one stale lock)', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  // The "other holder" writes while our updater runs, as if it had also reclaimed the lock.
  await assert.rejects(
    store.update(s.id, (f) => {
      fs.writeFileSync(store.livePath(s.id), JSON.stringify({ ...f, revision: 7, heartbeats: 42 }));
      return beat(f, Date.now(), 1000);
    }),
    (err: unknown) => isPulseError(err, 'ECONFLICT'),
  );
  assert.equal(JSON.parse(fs.readFileSync(store.livePath(s.id), 'utf8')).heartbeats, 42, 'the other write survives');
});

test('a version that lands while the lock is being taken is the one an update decides on', async () => {
  const dir = fresh();
  const real = makeStore(dir);
  const s = await createSession(real, Date.now());
  const live = real.livePath(s.id);
  // The read taken while the lock is being acquired sees revision 1. Then, before the update looks
  // at the file again under its lock, another writer's version lands (a rename, as every writer
  // does): the update must decide on that one, not on what it read before it held the lock.
  let landed = false;
  const racing: StoreFs = {
    ...fs,
    promises: {
      ...fs.promises,
      lstat: (async (p: fs.PathLike, ...rest: unknown[]) => {
        if (!landed && String(p) === live && fs.readdirSync(dir).some((n) => n.endsWith('.json.lock'))) {
          landed = true;
          const theirs = `${live}.theirs`;
          fs.writeFileSync(theirs, serialize({ ...s, revision: 2, heartbeats: 7, label: 'theirs' }));
          fs.renameSync(theirs, live);
        }
        return (fs.promises.lstat as (...a: unknown[]) => Promise<fs.Stats>)(p, ...rest);
      }) as typeof fs.promises.lstat,
    },
  };
  const store = makeStore(dir, { fs: racing });
  const r = await store.update(s.id, (f) => beat(f, Date.now(), 300_000));
  assert.ok(landed, 'the other version landed in between');
  assert.equal(r.kind, 'written');
  const onDisk = JSON.parse(fs.readFileSync(live, 'utf8')) as { revision: number; heartbeats: number; label: string };
  assert.equal(onDisk.label, 'theirs', 'their change is kept');
  assert.equal(onDisk.revision, 3, 'ours is the next revision after theirs');
  assert.equal(onDisk.heartbeats, 8);
});

test('updates from one process to one file are serialized, none lost', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  await Promise.all(Array.from({ length: 40 }, () => store.update(s.id, (f) => beat(f, Date.now(), 300_000))));
  const onDisk = JSON.parse(fs.readFileSync(store.livePath(s.id), 'utf8')) as { revision: number; heartbeats: number };
  assert.equal(onDisk.heartbeats, 40);
  assert.equal(onDisk.revision, 41);
});

test('a bad id is refused before it becomes a path', async () => {
  const store = makeStore(fresh());
  await assert.rejects(store.update('../../etc/passwd', (f) => f), (e: unknown) => isPulseError(e, 'EBADID'));
  await assert.rejects(store.get('..'), (e: unknown) => isPulseError(e, 'EBADID'));
});

test('sweep removes old temp files and dead holders’ lock folders, and nothing that may be held', async () => {
  const dir = fresh();
  const clock = manualClock(Date.now());
  const store = makeStore(dir, { clock });
  const s = await createSession(store, clock.now());
  const tmp = path.join(dir, `.${s.id}.json.0123456789ab.tmp`);
  const notOurs = path.join(dir, 'notes.tmp');
  const me = await selfHolder();
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const plant = (lockDir: string, rec: object | undefined, ageMs = 0): string => {
    fs.mkdirSync(lockDir);
    if (rec) fs.writeFileSync(holderFile(lockDir, (rec as { token: string }).token), JSON.stringify(rec));
    const t = new Date(Date.now() - ageMs);
    fs.utimesSync(lockDir, t, t);
    return lockDir;
  };
  const deadLock = plant(path.join(dir, 'abcdefgh.json.lock'), { ...me, pid: Number(dead.stdout), token: 'd' });
  const liveLock = plant(path.join(dir, 'livelock.json.lock'), { ...me, token: 'l' }, 3_600_000);
  const remoteFresh = plant(path.join(dir, 'remotefr.json.lock'), { ...me, host: 'elsewhere', token: 'r' });
  const legacyOld = plant(path.join(dir, 'legacyol.json.lock'), undefined, 120_000);
  // An empty lock folder is a release cut short: free at once, however fresh.
  const emptyFresh = plant(path.join(dir, 'emptyfre.json.lock'), undefined);
  fs.writeFileSync(tmp, '{"half');
  fs.writeFileSync(notOurs, 'user file');
  assert.deepEqual((await store.sweep(60_000)).removed.sort(), [deadLock, legacyOld, emptyFresh].sort(), 'dead holders and empty lock folders at once; the temp file is too young');
  clock.advance(120_000);
  // Two minutes pass for the temp file too: the sweep judges its age in the file system's time.
  const old = new Date(fs.statSync(tmp).mtimeMs - 120_000);
  fs.utimesSync(tmp, old, old);
  const r = await store.sweep(60_000);
  assert.deepEqual(r.removed, [tmp]);
  assert.ok(fs.existsSync(liveLock), 'a live holder’s lock stays, however old its mtime');
  assert.ok(fs.existsSync(remoteFresh), 'another host’s fresh lock stays');
  assert.ok(fs.existsSync(notOurs) && fs.existsSync(store.livePath(s.id)));
});
