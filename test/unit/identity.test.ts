// owner.user: who each new session belongs to, from the CLI's sources in order and from the
// tracker, whose user may be resolved after its session started.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Session } from '../../src/core/session/schema';
import { normalizeUser, osUserName } from '../../src/core/identity';
import { tempDirs } from '../helpers/tempStore';
import { FakeTime, MIN, S, removeTempFolders, rig, sessionsOf, tempFolder, typeFor } from './trackerHarness';

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const { fresh, removeAll } = tempDirs();
after(removeAll);
after(removeTempFolders);

/** `pulse start` in `dir`'s store with a controlled environment: no global git config leaks in. */
function startIn(cwd: string, env: Record<string, string>): Session {
  const home = fresh();
  const r = spawnSync(process.execPath, [CLI, '--dir', path.join(cwd, '.vscode', 'sessions'), 'start'], {
    encoding: 'utf8',
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH ?? '', HOME: home, PULSE_DATA_DIR: path.join(home, 'data'), GIT_CONFIG_NOSYSTEM: '1', USER: 'os-login', ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Session;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  assert.equal(r.status, 0, r.stderr);
}

test('CLI: PULSE_USER, else git user.email of the store\'s working tree, else the OS user name', () => {
  const repo = fresh();
  git(repo, 'init', '-q');
  git(repo, 'config', 'user.email', 'alice@example.com');
  assert.equal(startIn(repo, { PULSE_USER: '  night owl ' }).owner.user, 'night owl');
  // The store does not exist yet: the repository above it still answers.
  assert.equal(startIn(repo, {}).owner.user, 'alice@example.com');
  const plain = fresh();
  assert.equal(startIn(plain, {}).owner.user, osUserName());
  assert.equal(startIn(plain, { PULSE_USER: '   ' }).owner.user, osUserName(), 'a blank PULSE_USER is no identity');
});

test('normalizeUser trims, collapses and bounds; non-strings are no identity', () => {
  assert.equal(normalizeUser(' a \n b '), 'a b');
  assert.equal(normalizeUser(''), undefined);
  assert.equal(normalizeUser(42), undefined);
  assert.equal(normalizeUser('x'.repeat(400))?.length, 320);
});

test('tracker: a user resolved after the session started goes into that live session, not into others', async () => {
  const time = new FakeTime(Date.UTC(2026, 2, 2, 9, 0, 0));
  const f = tempFolder(time);
  const r = rig(time, [f], { owner: { host: 'h', pid: 1, instance: 'mine', user: 'os-login' } });
  await typeFor(r, 2 * MIN, 5 * S, { folder: 'ws', file: path.join(f.path, 'a.ts'), language: 'typescript' });
  assert.equal(await r.tracker.flush(), true);
  const [first] = await sessionsOf(f.store);
  assert.equal(first!.owner.user, 'os-login');
  // Another window's live session in the same store keeps its own user.
  const other = { ...first!, id: `${first!.id.slice(0, -4)}zzzz`, owner: { ...first!.owner, instance: 'theirs', user: 'bob' } };
  fs.writeFileSync(f.store.livePath(other.id), JSON.stringify(other));
  r.tracker.setUser('alice@example.com');
  await typeFor(r, 2 * MIN, 5 * S, { folder: 'ws', file: path.join(f.path, 'a.ts'), language: 'typescript' });
  assert.equal(await r.tracker.flush(), true);
  const users = Object.fromEntries((await sessionsOf(f.store)).map((s) => [s.owner.instance, s.owner.user]));
  assert.deepEqual(users, { mine: 'alice@example.com', theirs: 'bob' });
  await r.tracker.shutdown();
});
