// Archived files the month index does not know yet (a teammate's sessions arriving with `git pull`,
// a file replaced by a pull of its owner's merge, an index missing or built before them) are
// counted by every report whose range they touch: once, whatever month folder they sit in.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildReport, loadSessions, type DateRange } from '../../src/core/reports/report';
import { groupBy } from '../../src/core/reports/groupBy';
import { beat, finish, newSession } from '../../src/core/session/session';
import { newSessionId } from '../../src/core/session/ids';
import { SessionStore, serialize, type StoreOptions } from '../../src/core/store/store';
import type { StoreFs } from '../../src/core/store/fsio';
import type { Session } from '../../src/core/session/schema';
import { makeStore, tempDirs, testOwner } from '../helpers/tempStore';

process.env.TZ = 'UTC';
const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const { fresh, removeAll } = tempDirs('pulse-foreign-');
afterEach(removeAll);
const MIN = 60_000;
const t = (iso: string): number => Date.parse(iso);

/** A live session that beat every minute through each [from, to] stretch (ISO times). */
function working(user: string, stretches: [string, string][]): Session {
  const start = t(stretches[0]![0]);
  let s = newSession({ id: newSessionId(start), now: start, owner: { ...testOwner, user } });
  for (const [from, to] of stretches) {
    for (let at = t(from); at <= t(to); at += MIN) s = beat(s, at, 5 * MIN, { language: 'go', file: 'main.go' });
  }
  return s;
}

/** The same session, ended at its last beat. */
function trace(user: string, stretches: [string, string][]): Session {
  return finish(working(user, stretches), t(stretches[stretches.length - 1]![1]), 'user');
}

/** Where Pulse archives a session; written straight there, as `git pull` or another tool does. */
function archivedPath(dir: string, s: Session): string {
  return path.join(dir, 'archive', s.startedAt.slice(0, 7), `${s.id}.json`);
}
function place(dir: string, s: Session, file = archivedPath(dir, s)): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, serialize(s));
  return file;
}

async function report(store: SessionStore, range: DateRange): Promise<{ total: number; byUser: Record<string, number>; ids: string[] }> {
  const { sessions, problems } = await loadSessions(store, range);
  assert.deepEqual(problems, []);
  const ids = sessions.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'no session is listed twice');
  const by = groupBy(
    sessions.map((session) => ({ session, project: 'p' })),
    'user',
    range,
  );
  return { total: buildReport(sessions, range).totalSeconds, byUser: Object.fromEntries(Object.entries(by).map(([k, g]) => [k, g.totalSeconds])), ids };
}

const DECEMBER = { from: '2026-12-01', to: '2026-12-31' };
const JANUARY_SESSION = ['2026-01-15T10:00:00.000Z', '2026-01-15T10:10:00.000Z'] as [string, string];

/**
 * A store shared through git with a built index: one session of its own from January (outside
 * every range below), archived and read by a report.
 */
async function indexedStore(dir: string, o: Partial<StoreOptions> = {}): Promise<SessionStore> {
  place(dir, trace('alice@example.com', [JANUARY_SESSION]));
  const store = makeStore(dir, o);
  await store.setShare('git');
  assert.equal((await report(store, { from: '2026-01-15', to: '2026-01-15' })).total, 600);
  assert.ok(fs.existsSync(path.join(dir, 'archive', 'index', 'built.json')), 'the store has an index');
  return store;
}
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
const indexIds = (dir: string, month: string): string[] =>
  (JSON.parse(fs.readFileSync(path.join(dir, 'archive', 'index', `${month}.json`), 'utf8')) as { sessions: [string][] }).sessions.map((e) => e[0]);

test("a teammate's session pulled into an earlier month's folder counts in the range it runs into, once", async () => {
  const dir = fresh();
  const mine = trace('alice@example.com', [['2026-12-02T10:00:00.000Z', '2026-12-02T10:30:00.000Z']]);
  place(dir, mine);
  const store = makeStore(dir);
  assert.deepEqual(await report(store, DECEMBER), { total: 1800, byUser: { 'alice@example.com': 1800 }, ids: [mine.id] });
  assert.ok(fs.existsSync(path.join(dir, 'archive', 'index', 'built.json')), 'the store has an index');
  // Bob's session, 23:00 on Nov 30 to 01:30 on Dec 1, arrives in archive/2026-11/ with a pull.
  const bobs = trace('bob@example.com', [['2026-11-30T23:00:00.000Z', '2026-12-01T01:30:00.000Z']]);
  place(dir, bobs);
  const expected = { total: 1800 + 5400, byUser: { 'alice@example.com': 1800, 'bob@example.com': 5400 }, ids: [bobs.id, mine.id] };
  assert.deepEqual(await report(store, DECEMBER), expected, 'its 1.5 h in December');
  assert.deepEqual(await report(store, DECEMBER), expected, 'again: counted once, not twice');
  assert.deepEqual(await report(makeStore(dir), DECEMBER), expected, 'a fresh process (the CLI) sees the same');
  assert.deepEqual(await report(makeStore(dir), NOVEMBER), { total: 3600, byUser: { 'bob@example.com': 3600 }, ids: [bobs.id] });
  assert.ok(indexIds(dir, '2026-11').includes(bobs.id) && indexIds(dir, '2026-12').includes(bobs.id), 'the index learned it, in both months');
});

test('a pulled session across several month boundaries counts its own part in each month, and in a range across them', async () => {
  const dir = fresh();
  await indexedStore(dir);
  const long = trace('bob@example.com', [
    ['2026-09-30T22:00:00.000Z', '2026-09-30T23:00:00.000Z'],
    ['2026-10-15T10:00:00.000Z', '2026-10-15T10:20:00.000Z'],
    ['2026-11-20T09:00:00.000Z', '2026-11-20T09:40:00.000Z'],
    ['2026-11-30T23:30:00.000Z', '2026-12-01T02:00:00.000Z'],
  ]);
  place(dir, long);
  const total = async (range: DateRange): Promise<number> => (await report(makeStore(dir), range)).total;
  assert.equal(await total(DECEMBER), 2 * 3600);
  assert.equal(await total(NOVEMBER), 40 * 60 + 30 * 60);
  assert.equal(await total({ from: '2026-10-01', to: '2026-10-31' }), 20 * 60);
  assert.equal(await total({ from: '2026-09-01', to: '2026-09-30' }), 3600);
  assert.equal(await total({ from: '2026-10-15', to: '2026-12-01' }), 20 * 60 + 40 * 60 + 30 * 60 + 2 * 3600);
  assert.equal(await total({ from: '2027-01-01', to: '2027-01-31' }), 0);
});

test('sessions finished before the index existed, and an index deleted or damaged, still count across months', async () => {
  const dir = fresh();
  const clock = { now: () => t('2026-12-01T02:00:00.000Z') };
  const store = makeStore(dir, { clock });
  // Finished through the store while there was no index: nothing records it anywhere but its file.
  const s = await store.create(working('alice@example.com', [['2026-11-30T22:00:00.000Z', '2026-12-01T01:00:00.000Z']]));
  assert.equal((await store.update(s.id, (x) => finish(x, clock.now(), 'user'))).kind, 'written');
  assert.ok(!fs.existsSync(path.join(dir, 'archive', 'index')), 'no index yet');
  assert.equal((await report(store, DECEMBER)).total, 3600);
  assert.equal((await report(makeStore(dir), NOVEMBER)).total, 2 * 3600);
  fs.rmSync(path.join(dir, 'archive', 'index'), { recursive: true });
  assert.equal((await report(makeStore(dir), DECEMBER)).total, 3600, 'a deleted index is rebuilt');
  fs.writeFileSync(path.join(dir, 'archive', 'index', '2026-11.json'), '{"version": 1, "sessions": [[');
  assert.equal((await report(makeStore(dir), DECEMBER)).total, 3600, 'a damaged one too');
  fs.rmSync(path.join(dir, 'archive', 'index', 'built.json'));
  const pulled = place(dir, trace('bob@example.com', [['2026-10-31T23:00:00.000Z', '2026-12-01T00:30:00.000Z']]));
  assert.ok(fs.existsSync(pulled));
  assert.equal((await report(makeStore(dir), DECEMBER)).total, 3600 + 1800, 'a file pulled while the index was missing');
});

test('a known session whose file a pull replaced (its owner merged it on another machine) counts its new end', async () => {
  const dir = fresh();
  const first = trace('alice@example.com', [['2026-11-30T22:00:00.000Z', '2026-11-30T23:00:00.000Z']]);
  const file = place(dir, first);
  const store = await indexedStore(dir);
  assert.equal((await report(store, NOVEMBER)).total, 3600);
  assert.equal((await report(store, DECEMBER)).total, 0);
  assert.ok(indexIds(dir, '2026-11').includes(first.id), 'the index knows it, ending on Nov 30');
  // The merged file: the same id, now running to 01:00 on Dec 1. Git writes a new file in its place.
  const merged = { ...trace('alice@example.com', [['2026-11-30T22:00:00.000Z', '2026-12-01T01:00:00.000Z']]), id: first.id, revision: 3 };
  fs.unlinkSync(file);
  place(dir, merged, file);
  assert.equal((await report(store, DECEMBER)).total, 3600);
  assert.equal((await report(makeStore(dir), DECEMBER)).total, 3600, 'in a fresh process too');
  assert.equal((await report(makeStore(dir), NOVEMBER)).total, 2 * 3600);
});

/** An fs that counts the opens of each file, and can refuse every write (a read-only store). */
function watchedFs(readOnly = false): { fs: StoreFs; opens: Map<string, number> } {
  const opens = new Map<string, number>();
  const refuse = (p: unknown): never => {
    throw Object.assign(new Error(`EROFS: read-only file system, '${String(p)}'`), { code: 'EROFS' });
  };
  const promises = new Proxy(fs.promises, {
    get(target, key: string) {
      const real = Reflect.get(target, key) as (...a: unknown[]) => unknown;
      if (key === 'open') {
        return (p: string, flags: unknown, ...rest: unknown[]) => {
          if (readOnly && flags !== undefined && flags !== 'r' && (typeof flags !== 'number' || (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0)) refuse(p);
          opens.set(p, (opens.get(p) ?? 0) + 1);
          return real.call(target, p, flags, ...rest);
        };
      }
      if (readOnly && ['mkdir', 'rename', 'unlink', 'rmdir', 'symlink', 'writeFile', 'link', 'utimes'].includes(key)) return refuse;
      return typeof real === 'function' ? real.bind(target) : real;
    },
  });
  const wrapped: StoreFs = { ...fs, promises };
  return { fs: wrapped, opens };
}

test('a pulled file is read once to be learned; reports of ranges it does not touch never open it again', async () => {
  const dir = fresh();
  await indexedStore(dir);
  const file = place(dir, trace('bob@example.com', [['2026-11-30T23:00:00.000Z', '2026-12-01T01:30:00.000Z']]));
  const w = watchedFs();
  assert.equal((await report(new SessionStore({ dir, fs: w.fs }), { from: '2027-02-01', to: '2027-02-28' })).total, 0);
  assert.equal(w.opens.get(file), 1, 'read once, by the report that found it');
  for (const range of [{ from: '2027-02-01', to: '2027-02-28' }, { from: '2026-12-05', to: '2026-12-31' }, { from: '2026-10-01', to: '2026-11-29' }]) {
    assert.equal((await report(new SessionStore({ dir, fs: w.fs }), range)).total, 0);
  }
  assert.equal(w.opens.get(file), 1, 'never again for ranges it does not touch');
  assert.equal((await report(new SessionStore({ dir, fs: w.fs }), DECEMBER)).total, 5400);
  assert.equal(w.opens.get(file), 2, 'and once more by a report that counts it');
});

test('a read-only store counts a pulled file without writing anything', async () => {
  const dir = fresh();
  await indexedStore(dir);
  place(dir, trace('bob@example.com', [['2026-11-30T23:00:00.000Z', '2026-12-01T01:30:00.000Z']]));
  const before = fs.readdirSync(path.join(dir, 'archive', 'index')).map((n) => [n, fs.readFileSync(path.join(dir, 'archive', 'index', n), 'utf8')]);
  const w = watchedFs(true);
  for (let i = 0; i < 2; i++) assert.equal((await report(new SessionStore({ dir, fs: w.fs }), DECEMBER)).total, 5400);
  assert.deepEqual(
    fs.readdirSync(path.join(dir, 'archive', 'index')).map((n) => [n, fs.readFileSync(path.join(dir, 'archive', 'index', n), 'utf8')]),
    before,
  );
});

test('a broken file in an earlier month, fixed in place later, counts from then on', async () => {
  const dir = fresh();
  const store = await indexedStore(dir);
  const bobs = trace('bob@example.com', [['2026-11-30T23:00:00.000Z', '2026-12-01T01:30:00.000Z']]);
  const file = archivedPath(dir, bobs);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '{"schemaVersion": 1, "id": "half a merge');
  const { problems } = await loadSessions(store, NOVEMBER);
  assert.deepEqual(
    problems.map((p) => p.path),
    [file],
    'reported by a report of the month its id names',
  );
  // Fixed with an editor, which writes the file in place: the folder itself does not change.
  fs.writeFileSync(file, serialize(bobs));
  assert.equal((await report(store, DECEMBER)).total, 5400);
  assert.equal((await report(makeStore(dir), DECEMBER)).total, 5400);
});

test('the same file pulled twice into a store, and two processes learning it at once, count it once', async () => {
  const dir = fresh();
  await indexedStore(dir);
  const bobs = trace('bob@example.com', [['2026-11-30T23:00:00.000Z', '2026-12-01T01:30:00.000Z']]);
  place(dir, bobs);
  // A copy of the same id in another folder (a tool that filed it by local month) is one session.
  place(dir, bobs, path.join(dir, 'archive', '2026-12', `${bobs.id}.json`));
  const run = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const p = spawn(process.execPath, [CLI, '--dir', dir, 'report', '--from', DECEMBER.from, '--to', DECEMBER.to, '--json'], { env: { ...process.env, TZ: 'UTC', PULSE_DATA_DIR: path.join(dir, '.data') } });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
    });
  const outs = await Promise.all([run(), run(), run(), run()]);
  for (const o of outs) assert.equal((JSON.parse(o) as { totalSeconds: number }).totalSeconds, 5400);
  for (const month of ['2026-11', '2026-12']) {
    const ids = indexIds(dir, month).filter((id) => id === bobs.id);
    assert.ok(ids.length >= 1, `${month} knows it`);
  }
  const again = spawnSync(process.execPath, [CLI, '--dir', dir, 'report', '--from', DECEMBER.from, '--to', DECEMBER.to, '--json'], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', PULSE_DATA_DIR: path.join(dir, '.data') } });
  assert.equal((JSON.parse(again.stdout) as { totalSeconds: number }).totalSeconds, 5400);
  assert.equal((await report(makeStore(dir), { from: '2026-11-30', to: '2026-12-01' })).total, 9000);
});

test('in a private store, which only Pulse writes, a file put into the range\'s own month folder is still found, and learned', async () => {
  const dir = fresh();
  const store = makeStore(dir);
  // A first write makes the store private (`.gitignore` is `*`).
  await store.create(working('alice@example.com', [['2026-12-03T09:00:00.000Z', '2026-12-03T09:10:00.000Z']]));
  assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), '*\n');
  place(dir, trace('alice@example.com', [JANUARY_SESSION]));
  assert.equal((await report(store, { from: '2026-01-15', to: '2026-01-15' })).total, 600);
  const other = place(dir, trace('bob@example.com', [['2026-12-01T08:00:00.000Z', '2026-12-01T08:20:00.000Z']]));
  assert.equal((await report(makeStore(dir), DECEMBER)).total, 600 + 1200);
  assert.ok(indexIds(dir, '2026-12').includes(path.basename(other, '.json')));
});

/**
 * An fs whose clock is coarse (FAT, some SMB servers: 2 s): every mtime and ctime it reports is
 * rounded down to it, so two changes within one tick leave a folder's identity as it was.
 */
function coarseFs(): StoreFs {
  const round = <T extends fs.Stats>(st: T): T => Object.assign(st, { mtimeMs: Math.floor(st.mtimeMs / 2000) * 2000, ctimeMs: Math.floor(st.ctimeMs / 2000) * 2000 });
  const promises = new Proxy(fs.promises, {
    get(target, key: string) {
      const real = Reflect.get(target, key) as (...a: unknown[]) => Promise<unknown>;
      if (key === 'lstat' || key === 'stat') return async (...a: unknown[]) => round((await real.apply(target, a)) as fs.Stats);
      if (key === 'open') {
        return async (...a: unknown[]) => {
          const fh = (await real.apply(target, a)) as fs.promises.FileHandle;
          const stat = fh.stat.bind(fh);
          return Object.assign(fh, { stat: async () => round(await stat()) });
        };
      }
      return typeof real === 'function' ? real.bind(target) : real;
    },
  });
  return { ...fs, promises };
}

test('on a file system with a coarse clock, a file pulled within the same tick as the last look is still found', async () => {
  const dir = fresh();
  const store = await indexedStore(dir, { fs: coarseFs() });
  const first = trace('bob@example.com', [['2026-11-30T23:00:00.000Z', '2026-12-01T00:30:00.000Z']]);
  const second = trace('bob@example.com', [['2026-11-29T23:00:00.000Z', '2026-12-01T01:00:00.000Z']]);
  // Both land in archive/2026-11/, the second right after a report looked at the folder: unless the
  // ticks fall apart, the folder's mtime, ctime, size and inode are all still what that report saw.
  place(dir, first);
  assert.equal((await report(store, DECEMBER)).total, 1800);
  place(dir, second);
  assert.equal((await report(store, DECEMBER)).total, 3600, 'the second is found too');
  assert.equal((await report(makeStore(dir, { fs: coarseFs() }), DECEMBER)).total, 3600);
});
