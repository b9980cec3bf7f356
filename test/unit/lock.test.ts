// The lock keeps its promise when holders freeze or die: a live holder's lock is never taken, however
// long it is frozen; a dead holder's lock is free at once; another host's falls back to mtime.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { isPulseError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/ports';
import { beat, finish } from '../../src/core/session/session';
import { acquireLock, DEFAULT_LOCK, HOLDER_PREFIX, holderFile } from '../../src/core/store/lock';
import { selfHolder } from '../../src/core/store/lockHolder';
import { serialize } from '../../src/core/store/sessionFile';
import type { StoreFs } from '../../src/core/store/fsio';
import { holdMidHeartbeat } from '../helpers/holder';
import { createSession, makeStore, tempDirs } from '../helpers/tempStore';

const { fresh, removeAll } = tempDirs('pulse-lock-');
afterEach(removeAll);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const FAST = { retries: 3, minTimeoutMs: 10, maxTimeoutMs: 50 };

function readRecord(lockDir: string): { token: string; pid: number } {
  const name = fs.readdirSync(lockDir).find((n) => n.startsWith(HOLDER_PREFIX))!;
  const file = path.join(lockDir, name);
  // Pulse writes the record as a symlink's target; a planted one may be a plain file.
  const text = fs.lstatSync(file).isSymbolicLink() ? fs.readlinkSync(file) : fs.readFileSync(file, 'utf8');
  return JSON.parse(text) as { token: string; pid: number };
}

/** Another process takes the lock over in place: its record replaces ours. */
function replaceRecord(lockDir: string, rec: { token: string }): void {
  for (const n of fs.readdirSync(lockDir)) fs.unlinkSync(path.join(lockDir, n));
  fs.writeFileSync(holderFile(lockDir, rec.token), JSON.stringify(rec));
}

/** A lock folder as another process would leave it. */
function plantLock(lockDir: string, rec: object, ageMs = 0): void {
  fs.mkdirSync(lockDir);
  fs.writeFileSync(holderFile(lockDir, (rec as { token: string }).token), JSON.stringify(rec));
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(lockDir, t, t);
}

test('a holder frozen (SIGSTOP) for longer than any stale time keeps its lock, and its write lands', { timeout: 30_000 }, async () => {
  const dir = fresh();
  const store = makeStore(dir, { lock: { staleMs: 2000, ...FAST } });
  const s = await createSession(store, Date.now());
  const holder = await holdMidHeartbeat(dir, s.id, 300);
  process.kill(holder.pid, 'SIGSTOP');
  try {
    await sleep(2600); // past the 2 s stale time: an mtime-only lock would now be taken over
    await assert.rejects(
      store.update(s.id, (f) => finish(f, Date.now(), 'user')),
      (e: unknown) => isPulseError(e, 'ELOCKED'),
    );
  } finally {
    process.kill(holder.pid, 'SIGCONT');
  }
  const outcome = await holder.outcome;
  assert.equal(outcome.t, 'ack', JSON.stringify(outcome));
  const got = await store.get(s.id);
  assert.equal(got?.live, true, 'still live: nobody ended it under the frozen holder');
  assert.equal(got?.session.heartbeats, 1);
  assert.equal(got?.session.revision, 2);
});

test('a SIGKILLed holder’s lock is taken at once, without waiting for any stale time', { timeout: 30_000 }, async () => {
  const dir = fresh();
  const s = await createSession(makeStore(dir), Date.now());
  const holder = await holdMidHeartbeat(dir, s.id, 60_000);
  holder.outcome.catch(() => undefined);
  process.kill(holder.pid, 'SIGKILL');
  await new Promise<void>((resolve) => {
    const wait = (): void => (spawnSync('kill', ['-0', String(holder.pid)]).status === 0 ? void setTimeout(wait, 20) : resolve());
    wait();
  });
  assert.ok(fs.existsSync(`${path.join(dir, s.id)}.json.lock`), 'the dead holder left its lock behind');
  // No retries at all and a stale time of a day: only the holder record can free it.
  const store = makeStore(dir, { lock: { staleMs: 86_400_000, retries: 0 } });
  const r = await store.update(s.id, (f) => beat(f, Date.now(), 1000));
  assert.equal(r.kind, 'written');
  assert.equal(r.session?.revision, 2, 'the dead holder wrote nothing');
});

test('a holder killed but not yet reaped by its parent (a zombie) is dead: its lock is taken at once', { timeout: 30_000 }, async () => {
  const dir = fresh();
  const s = await createSession(makeStore(dir), Date.now());
  const lockDir = `${path.join(dir, s.id)}.json.lock`;
  const script = path.join(__dirname, '..', 'helpers', 'heartbeatHolder.js');
  // The holder's parent execs into `sleep`, which never waits for its children.
  const parent = spawn('sh', ['-c', `"${process.execPath}" "${script}" "${dir}" ${s.id} 60000 >/dev/null & exec sleep 60`], { stdio: 'ignore' });
  try {
    let pid = 0;
    while (!pid) {
      await sleep(20);
      if (fs.existsSync(lockDir) && fs.readdirSync(lockDir).some((n) => n.startsWith(HOLDER_PREFIX))) pid = readRecord(lockDir).pid;
    }
    process.kill(pid, 'SIGKILL');
    while (!/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) await sleep(20);
    const store = makeStore(dir, { lock: { staleMs: 86_400_000, retries: 0 } });
    const r = await store.update(s.id, (f) => beat(f, Date.now(), 1000));
    assert.equal(r.kind, 'written');
  } finally {
    parent.kill('SIGKILL');
  }
});

test('another host’s lock is judged by its mtime, with a generous stale time', async () => {
  const dir = fresh();
  const store = makeStore(dir, { lock: { ...DEFAULT_LOCK, ...FAST } });
  const s = await createSession(store, Date.now());
  const lockDir = `${store.livePath(s.id)}.lock`;
  const other = { host: `not-${os.hostname()}`, pid: process.pid, start: '1', boot: 'b', pidns: 'n', token: 'theirs' };
  plantLock(lockDir, other, 20_000);
  await assert.rejects(store.update(s.id, (f) => beat(f, Date.now(), 1000)), (e: unknown) => isPulseError(e, 'ELOCKED'), '20 s old: still theirs');
  fs.utimesSync(lockDir, new Date(Date.now() - 31_000), new Date(Date.now() - 31_000));
  assert.equal((await store.update(s.id, (f) => beat(f, Date.now(), 1000))).kind, 'written', '31 s old: taken over');
});

test('a holder with this host’s name but another boot id is judged by its mtime: host names repeat across machines', async () => {
  const dir = fresh();
  const store = makeStore(dir, { lock: { ...DEFAULT_LOCK, ...FAST } });
  const s = await createSession(store, Date.now());
  const lockDir = `${store.livePath(s.id)}.lock`;
  // Another machine named like this one, writing to the same network folder: its pid means nothing here.
  const twin = { ...(await selfHolder()), pid: 999_999_999, boot: 'another-machine', token: 'twin' };
  plantLock(lockDir, twin, 1000);
  await assert.rejects(store.update(s.id, (f) => beat(f, Date.now(), 1000)), (e: unknown) => isPulseError(e, 'ELOCKED'), 'refreshed 1 s ago: still theirs');
  fs.utimesSync(lockDir, new Date(Date.now() - 31_000), new Date(Date.now() - 31_000));
  assert.equal((await store.update(s.id, (f) => beat(f, Date.now(), 1000))).kind, 'written', 'not refreshed for 31 s: taken over');
});

test('an empty lock folder (a release or eviction cut short between its two steps) is free at once, however fresh', async () => {
  const dir = fresh();
  const file = path.join(dir, 'abcdefgh.json');
  const lockDir = `${file}.lock`;
  fs.mkdirSync(lockDir);
  // No retries at all: taking it must not wait for any stale time.
  const held = await acquireLock(fs, file, { ...DEFAULT_LOCK, retries: 0 }, silentLogger);
  assert.equal(readRecord(lockDir).pid, process.pid, 'the lock now holds our record');
  assert.ok(await held.release());
  assert.ok(!fs.existsSync(lockDir), 'and the release removed it');
});

test('the record is written as a symlink’s target and never followed', async () => {
  const dir = fresh();
  const file = path.join(dir, 'abcdefgh.json');
  const lockDir = `${file}.lock`;
  const held = await acquireLock(fs, file, DEFAULT_LOCK, silentLogger);
  const name = fs.readdirSync(lockDir).find((n) => n.startsWith(HOLDER_PREFIX))!;
  assert.ok(fs.lstatSync(path.join(lockDir, name)).isSymbolicLink(), 'one symlink() wrote it');
  assert.ok(await held.release());
  // A planted link pointing at a file that holds a live holder's record: followed, it would look
  // alive; read as a link, its target is no record, so only the folder's (old) mtime counts.
  const bait = path.join(dir, 'bait.json');
  const live = JSON.stringify({ ...(await selfHolder()), token: 'bait' });
  fs.writeFileSync(bait, live);
  fs.mkdirSync(lockDir);
  fs.symlinkSync(bait, holderFile(lockDir, 'bait'));
  const old = new Date(Date.now() - 3_600_000);
  fs.utimesSync(lockDir, old, old);
  const taken = await acquireLock(fs, file, { ...DEFAULT_LOCK, retries: 0 }, silentLogger);
  assert.ok(await taken.release());
  assert.equal(fs.readFileSync(bait, 'utf8'), live, 'the link’s target was never touched');
});

test('where symlinks are refused (EPERM), the record is a regular file, and the lock works the same', async () => {
  const dir = fresh();
  const noLinks: StoreFs = {
    ...fs,
    promises: {
      ...fs.promises,
      symlink: (): Promise<void> => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, symlink'), { code: 'EPERM' })),
    },
  };
  const file = path.join(dir, 'abcdefgh.json');
  const lockDir = `${file}.lock`;
  const held = await acquireLock(noLinks, file, DEFAULT_LOCK, silentLogger);
  const name = fs.readdirSync(lockDir).find((n) => n.startsWith(HOLDER_PREFIX))!;
  assert.ok(fs.lstatSync(path.join(lockDir, name)).isFile());
  assert.equal(readRecord(lockDir).pid, process.pid);
  await assert.rejects(acquireLock(fs, file, { ...DEFAULT_LOCK, ...FAST }, silentLogger), (e: unknown) => isPulseError(e, 'ELOCKED'), 'a live holder’s file record keeps its lock');
  assert.ok(await held.release());
  assert.ok(!fs.existsSync(lockDir));
});

test('something that is not a lock folder at the lock’s name is named, not waited on', async () => {
  const dir = fresh();
  const file = path.join(dir, 'abcdefgh.json');
  fs.writeFileSync(`${file}.lock`, 'not a folder');
  await assert.rejects(acquireLock(fs, file, DEFAULT_LOCK, silentLogger), (e: unknown) => isPulseError(e, 'ENOTFILE') && /not a lock folder/.test(String(e)));
  assert.equal(fs.readFileSync(`${file}.lock`, 'utf8'), 'not a folder', 'and it is left as it was');
});

test('release never removes a lock it no longer owns', async () => {
  const dir = fresh();
  const file = path.join(dir, 'abcdefgh.json');
  const held = await acquireLock(fs, file, DEFAULT_LOCK, silentLogger);
  const lockDir = `${file}.lock`;
  const mine = readRecord(lockDir);
  assert.equal(mine.pid, process.pid);
  // Someone took it over (as another host may, after 30 s without a refresh).
  replaceRecord(lockDir, { ...(await selfHolder()), token: 'someone-else' });
  await assert.rejects(held.assertHeld(), (e: unknown) => isPulseError(e, 'ECOMPROMISED'));
  await held.release();
  assert.equal(readRecord(lockDir).token, 'someone-else', 'their lock is still there');
});

test('a lock lost before the commit aborts the write: nothing is written', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  const s = await createSession(store, Date.now());
  const lockDir = `${store.livePath(s.id)}.lock`;
  await assert.rejects(
    store.update(s.id, (f) => {
      replaceRecord(lockDir, { host: 'x', pid: 1, token: 'taker' } as { token: string });
      return beat(f, Date.now(), 1000);
    }),
    (err: unknown) => isPulseError(err, 'ECOMPROMISED'),
  );
  assert.equal(JSON.parse(fs.readFileSync(store.livePath(s.id), 'utf8')).revision, 1, 'nothing was written');
  assert.equal(readRecord(lockDir).token, 'taker', 'and the taker keeps its lock');
});

test('a lock lost during the commit is caught after the rename, and a finished session is not brought back', async () => {
  const dir = fresh();
  let takeover: (() => void) | undefined;
  const racing: StoreFs = {
    ...fs,
    promises: {
      ...fs.promises,
      rename: async (a: fs.PathLike, b: fs.PathLike): Promise<void> => {
        await fs.promises.rename(a, b);
        // Right after our rename lands, the taker (which judged us dead) ends the session.
        if (String(b).endsWith('.json') && takeover) takeover();
      },
    },
  };
  const store = makeStore(dir, { fs: racing });
  const s = await createSession(store, Date.now());
  const lockDir = `${store.livePath(s.id)}.lock`;
  takeover = (): void => {
    takeover = undefined;
    replaceRecord(lockDir, { host: 'x', pid: 1, token: 'taker' } as { token: string });
    const ended = finish({ ...s, revision: 2 }, Date.now(), 'stale');
    fs.mkdirSync(path.dirname(store.archivePath(s)), { recursive: true });
    fs.writeFileSync(store.archivePath(s), serialize(ended));
  };
  await assert.rejects(store.update(s.id, (f) => beat(f, Date.now(), 1000)), (err: unknown) => isPulseError(err, 'ECOMPROMISED'));
  assert.ok(!fs.existsSync(store.livePath(s.id)), 'the live file our late rename brought back is gone again');
  assert.equal((await store.get(s.id))?.session.status, 'completed');
});
