// Paths where acknowledged activity could be lost between memory and disk, each reproduced with a
// real store in a temp folder and an fs that fails on purpose.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SessionStore } from '../../src/core/store/store';
import { Tracker } from '../../src/core/tracking/tracker';
import type { StoreFs } from '../../src/core/store/fsio';
import type { Session } from '../../src/core/session/schema';
import type { Timers } from '../../src/core/tracking/trackerTypes';

const roots: string[] = [];
after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function rigFor(fsImpl: StoreFs = fs) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-loss-'));
  roots.push(root);
  let t = Date.UTC(2026, 0, 5, 10);
  const clock = { now: () => t };
  const timers: Timers = {
    setInterval: () => ({ dispose: () => undefined }),
    setTimeout: (fn, ms) => {
      const h = setTimeout(fn, ms);
      return { dispose: () => clearTimeout(h) };
    },
  };
  const dir = path.join(root, '.vscode', 'sessions');
  const store = new SessionStore({ dir, fs: fsImpl, clock, lock: { retries: 3 } });
  const tracker = new Tracker({ folders: [{ key: 'k', path: root, store }], clock, monotonic: { monotonic: () => t }, timers });
  const file = path.join(root, 'a.ts');
  const edit = (): void => tracker.record('edit', { file, folder: 'k', language: 'typescript' });
  return { root, dir, store, tracker, edit, advance: (ms: number) => (t += ms) };
}

async function allSessions(store: SessionStore): Promise<Session[]> {
  return [...(await store.listArchived()).sessions, ...(await store.listLive()).sessions];
}

const total = (ss: Session[]): number => ss.reduce((n, s) => n + s.activeSeconds, 0);

function failingOpen(shouldFail: () => boolean, delayMs = 0): StoreFs {
  return {
    ...fs,
    promises: {
      ...fs.promises,
      open: (async (p: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
        if (flags === 'wx' && String(p).endsWith('.tmp')) {
          if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
          if (shouldFail()) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        return fs.promises.open(p, flags, mode);
      }),
    },
  };
}

test('a folder removed and re-added while its last write fails keeps that write pending, and saves it later', async () => {
  let failing = false;
  const r = rigFor(failingOpen(() => failing));
  r.edit();
  r.advance(30_000);
  r.edit();
  assert.equal(await r.tracker.flush(), true);
  r.advance(60_000);
  r.edit();
  r.advance(60_000);
  r.edit(); // 150 s in all, 30 s of it written
  failing = true;
  assert.equal(await r.tracker.removeFolder('k'), false, 'the final write could not be saved yet');
  r.tracker.addFolder({ key: 'k', path: r.root, store: r.store });
  failing = false;
  assert.equal(await r.tracker.flush(), true);
  const ss = await allSessions(r.store);
  assert.equal(total(ss), 150, JSON.stringify(ss.map((s) => [s.status, s.activeSeconds])));
  assert.ok(ss.every((s) => s.status === 'completed'), 'the removed folder\'s session was ended');
  r.tracker.dispose();
});

test('a store folder deleted under a running window is recreated, and nothing unsaved is lost', async () => {
  const r = rigFor();
  r.edit();
  r.advance(30_000);
  r.edit();
  assert.equal(await r.tracker.flush(), true);
  const first = r.tracker.status().sessionId;
  fs.rmSync(r.dir, { recursive: true }); // e.g. `git clean -fdX`: the folder is git-ignored
  r.advance(60_000);
  r.edit();
  assert.equal(await r.tracker.flush(), true, 'the write goes through');
  // The 30 s written before went with the deleted folder; the 60 s since are in a linked session.
  const ss = await allSessions(r.store);
  assert.equal(ss.length, 1);
  assert.equal(ss[0]!.activeSeconds, 60);
  assert.equal(ss[0]!.previousSessionId, first);
  r.tracker.dispose();
});

test('ending a session while its first write is in flight and failing loses nothing', async () => {
  let failing = true;
  const r = rigFor(failingOpen(() => failing, 200));
  for (let i = 0; i < 10; i++) {
    r.edit();
    r.advance(60_000);
  }
  r.edit();
  r.tracker.windowState({ focused: false }); // the segment closes
  const inflight = r.tracker.flush();
  await new Promise((res) => setTimeout(res, 50));
  const ended = r.tracker.end('user');
  await inflight;
  await ended;
  failing = false;
  assert.equal(await r.tracker.flush(), true);
  const ss = await allSessions(r.store);
  assert.equal(total(ss), 600, JSON.stringify(ss.map((s) => [s.status, s.activeSeconds])));
  r.tracker.dispose();
});

test('ownedSessionIds includes an ended session whose last write is still pending', async () => {
  let failing = false;
  const r = rigFor(failingOpen(() => failing));
  r.edit();
  r.advance(30_000);
  r.edit();
  assert.equal(await r.tracker.flush(), true);
  const id = r.tracker.status().sessionId!;
  failing = true;
  r.advance(30_000);
  r.edit();
  assert.equal(await r.tracker.end('user'), false);
  assert.equal(r.tracker.status().sessionId, undefined, 'no current session any more');
  assert.deepEqual([...r.tracker.ownedSessionIds()], [id], 'but the ended one is still ours until written');
  failing = false;
  assert.equal(await r.tracker.flush(), true);
  assert.deepEqual([...r.tracker.ownedSessionIds()], []);
  r.tracker.dispose();
});

test('flush() reports what was recorded before it as saved, even if an event lands while it writes', async () => {
  const r = rigFor(failingOpen(() => false, 100));
  r.edit();
  r.advance(30_000);
  r.edit();
  const flushing = r.tracker.flush();
  await new Promise((res) => setTimeout(res, 20));
  r.advance(1000);
  r.edit(); // arrives mid-write, as VS Code's late selection events do
  assert.equal(await flushing, true);
  assert.equal(r.tracker.status().unflushed, true, 'the late event waits for the next write');
  assert.equal(await r.tracker.flush(), true);
  assert.equal(total(await allSessions(r.store)), 31);
  r.tracker.dispose();
});
