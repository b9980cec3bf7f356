// The store never leaves its workspace folder: a symlink anywhere between the workspace folder and
// the store (a cloned repository can ship `.vscode -> ../elsewhere`) is refused, on every open.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { isPulseError } from '../../src/core/errors';
import { beat, finish } from '../../src/core/session/session';
import { cleanup } from '../../src/core/store/cleanup';
import { loadSessions } from '../../src/core/reports/report';
import { SessionStore } from '../../src/core/store/store';
import { storeDirFor } from '../../src/core/store/storePath';
import { createSession, listTree, tempDirs } from '../helpers/tempStore';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const { fresh, removeAll } = tempDirs('pulse-symlink-');
afterEach(removeAll);

function layout(): { workspace: string; elsewhere: string } {
  const top = fresh();
  const workspace = path.join(top, 'workspace');
  const elsewhere = path.join(top, 'elsewhere');
  fs.mkdirSync(workspace);
  fs.mkdirSync(elsewhere);
  return { workspace, elsewhere };
}

function pulse(cwd: string, ...args: string[]): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, err: r.stderr };
}

test('CLI default store: a symlinked .vscode is refused with a message that says how to fix it, and nothing is written outside', () => {
  const { workspace, elsewhere } = layout();
  fs.symlinkSync(elsewhere, path.join(workspace, '.vscode'));
  const r = pulse(workspace, 'start');
  assert.equal(r.code, 1);
  assert.match(r.err, /\.vscode: is a symlink/);
  assert.match(r.err, /pulse\.directory/);
  assert.match(r.err, /--dir/);
  assert.deepEqual(listTree(elsewhere), [], 'nothing written through the link');
});

test('CLI default store: a symlinked sessions folder below a real .vscode is refused too', () => {
  const { workspace, elsewhere } = layout();
  fs.mkdirSync(path.join(workspace, '.vscode'));
  fs.symlinkSync(elsewhere, path.join(workspace, '.vscode', 'sessions'));
  assert.equal(pulse(workspace, 'start').code, 1);
  assert.deepEqual(listTree(elsewhere), []);
});

test('an explicit --dir is the user’s choice: links above it are followed, what the store creates below it is checked', () => {
  const { workspace, elsewhere } = layout();
  fs.symlinkSync(elsewhere, path.join(workspace, 'link'));
  assert.equal(pulse(workspace, '--dir', 'link/sessions', 'start').code, 0);
  assert.equal(listTree(elsewhere).filter((p) => p.endsWith('.json')).length, 1);
});

test('the extension’s store (root = workspace folder): a .vscode swapped for a symlink after opening is refused on the next write, read and sweep', async () => {
  const { workspace, elsewhere } = layout();
  const store = new SessionStore({ dir: storeDirFor(workspace, undefined), root: workspace });
  const s = await createSession(store, Date.now());
  // Swap: the real folder moves out, and a link to it takes its place.
  fs.renameSync(path.join(workspace, '.vscode'), path.join(elsewhere, 'moved'));
  fs.symlinkSync(path.join(elsewhere, 'moved'), path.join(workspace, '.vscode'));
  fs.writeFileSync(path.join(elsewhere, 'moved', 'sessions', '.x.json.0123456789ab.tmp'), 'bait');
  const before = listTree(elsewhere);
  const outside = (e: unknown): boolean => isPulseError(e, 'EOUTSIDE') && /pulse\.directory/.test((e as Error).message);
  await assert.rejects(store.update(s.id, (f) => beat(f, Date.now(), 1000)), outside);
  await assert.rejects(store.update(s.id, (f) => finish(f, Date.now(), 'user')), outside);
  await assert.rejects(createSession(store, Date.now() + 5), outside);
  await assert.rejects(store.get(s.id), outside);
  assert.equal((await store.listLive()).problems[0]?.code, 'EOUTSIDE');
  const today = new Date().toISOString().slice(0, 10);
  assert.equal((await loadSessions(store, { from: today, to: today })).problems[0]?.code, 'EOUTSIDE', 'a report reads nothing through the link');
  const c = await cleanup(store, { staleAfterMs: 0, sweepAfterMs: 0 });
  assert.deepEqual(c.swept, []);
  assert.deepEqual(listTree(elsewhere), before, 'nothing written, moved or deleted out there');
});
